import { canSeeQueue, canWriteInQueue } from '../../../../shared/domain/access-policy.ts';
import type { Macro } from '../../../../shared/domain/macro.ts';
import { api } from '../api/client.ts';
import { onUnauthorized } from '../api/http.ts';
import {
  chooseNewPassword,
  completeHostedSignIn,
  currentToken,
  type PasswordSignIn,
  signInWithPassword,
  signOut,
} from '../api/token.ts';
import type { CannedAnswer, Principal, Queue, StaffUser } from '../api/types.ts';
import { branches } from './branches.svelte.ts';

/** Who is signed in, and the reference data every screen needs (queues, colleagues, canned answers). */
export class Session {
  principal = $state<Principal>();
  /** The queues this member of staff works in. */
  queues = $state.raw<Queue[]>([]);
  /** Every queue, to name where a ticket came from or went. */
  private allQueues = $state.raw<Queue[]>([]);
  staff = $state.raw<StaffUser[]>([]);
  cannedAnswers = $state.raw<CannedAnswer[]>([]);
  /** Every macro; the reply box offers those the role may apply to the ticket. */
  macros = $state.raw<Macro[]>([]);
  signedIn = $derived(this.principal !== undefined);

  async restore(): Promise<void> {
    await completeHostedSignIn().catch(() => undefined);
    if (!currentToken()) return;
    try {
      await this.load();
    } catch {
      this.signOut();
    }
  }

  /** Answers how it went: a wrong password, or a one-time password to replace, leaves the session signed out. */
  async signIn(email: string, password: string): Promise<PasswordSignIn> {
    const outcome = await signInWithPassword(email, password);
    if (outcome === 'signedIn') await this.load();
    return outcome;
  }

  /** A first sign-in: the member's own password replaces the one-time one, then the inbox loads. */
  async replacePassword(
    email: string,
    password: string,
    newPassword: string,
  ): Promise<Awaited<ReturnType<typeof chooseNewPassword>>> {
    const outcome = await chooseNewPassword(email, password, newPassword);
    if (outcome.ok) await this.load();
    return outcome;
  }

  signOut(): void {
    signOut();
    this.principal = undefined;
  }

  queueName(queueId: string, language: 'ar' | 'en'): string {
    const queue = this.allQueues.find((candidate) => candidate.id === queueId);
    return queue ? (language === 'ar' ? queue.nameAr : queue.nameEn) : queueId;
  }

  staffName(userId: string): string {
    return this.staff.find((user) => user.id === userId)?.name ?? userId;
  }

  /** After a document is published its answers carry the link. */
  async refreshCannedAnswers(): Promise<void> {
    this.cannedAnswers = await api.cannedAnswers();
  }

  canWrite(queueId: string): boolean {
    return this.principal !== undefined && canWriteInQueue(this.principal, queueId);
  }

  private async load(): Promise<void> {
    const [principal, queues, staff, cannedAnswers, societyBranches, macros] = await Promise.all([
      api.me(),
      api.queues(),
      api.staff(),
      api.cannedAnswers(),
      api.branches(),
      api.macros(),
    ]);
    branches.all = societyBranches;
    this.allQueues = queues;
    this.queues = queues.filter((queue) => canSeeQueue(principal, queue.id));
    this.staff = staff;
    this.cannedAnswers = cannedAnswers;
    this.macros = macros;
    this.principal = principal;
  }
}

export const session = new Session();
onUnauthorized(() => session.signOut());
