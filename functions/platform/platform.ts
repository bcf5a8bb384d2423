import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../../shared/ports/clock.ts';
import type { DeadLetters } from '../../shared/ports/dead-letters.ts';
import type { TicketEventPublisher } from '../../shared/ports/events.ts';
import type { FileLinks } from '../../shared/ports/file-links.ts';
import type { IdGenerator } from '../../shared/ports/ids.ts';
import type { LivePusher } from '../../shared/ports/live-connections.ts';
import type { MediaFetchQueue } from '../../shared/ports/media.ts';
import type { ObjectStore } from '../../shared/ports/object-store.ts';
import type { OutboundSenders } from '../../shared/ports/outbound.ts';
import type { OutboxAlerts } from '../../shared/ports/outbox.ts';
import type { Secrets } from '../../shared/ports/secrets.ts';
import type { StaffAccounts } from '../../shared/ports/staff-accounts.ts';
import type { StaffMailer } from '../../shared/ports/staff-notifier.ts';
import type { StaffStore } from '../../shared/ports/ticket-store.ts';
import type { ReminderSchedule } from '../../shared/workflow/case-reminders.ts';
import type { ProviderUrls } from '../channels/media/provider-media.ts';
import type { TokenVerifier } from '../lib/auth.ts';

/**
 * What a runtime supplies to the composition root: the table, time and ids, and each side effect's adapter (AWS
 * services in Lambda, folders and in-process stand-ins in `npm start`). Adapters are functions so that a
 * function builds, and reads the settings of, only what it uses; `buildDependencies` calls each once.
 */
export interface Platform {
  db: DynamoDBDocumentClient;
  tableName: string;
  clock: Clock;
  ids: IdGenerator;
  /** This process as a writer of the table, for the intake's reservations. */
  writer: { id: string; sole: boolean };
  /** How long configuration read from the table is reused (changes this process makes end it at once). */
  configCacheMs: number;
  secrets(): Secrets;
  /** Files received and sent. */
  objects(): ObjectStore;
  /** Received mail, raw, as it arrived. */
  rawMail(): ObjectStore;
  /** The key prefix raw mail is stored under. */
  rawMailPrefix(): string;
  deadLetters(): DeadLetters;
  events(): TicketEventPublisher;
  mediaQueue(): MediaFetchQueue;
  fileLinks(): FileLinks;
  senders(): OutboundSenders;
  /** The domain in the Message-IDs of the mail we send, for matching delivery feedback. */
  sentMailDomain(): string;
  /** Staff notice emails, for those who asked for them. */
  staffMailer(): StaffMailer;
  livePusher(): LivePusher;
  verifier(staff: Pick<StaffStore, 'getStaffUser'>): TokenVerifier;
  /** Staff sign-in accounts (Cognito in AWS). */
  staffAccounts(): StaffAccounts;
  outboxAlerts(): OutboxAlerts;
  providerUrls(): ProviderUrls;
  /** The cap on one received file. */
  mediaMaxBytes(): number;
  unconfirmedTextsPerDay(): number;
  /** The least time the status page takes to answer a request for a code (the same whether it matched or not). */
  statusCodeAnswerMs(): number;
  /** When support cases are reminded and closed, and how long a registration lasts. */
  reminderSchedule(): ReminderSchedule;
  /** Where beneficiaries' links (surveys) point. */
  publicSiteUrl(): string;
  /** Where the public reaches the HTTP API: links it serves itself (files sent by SMS, a slip's short link). */
  publicApiUrl(): string;
}

/** Each member built on first use and kept: a function that never touches a port never builds it. */
export function builtOnFirstUse<T extends object>(builders: { [K in keyof T]: () => T[K] }): T {
  const built = {} as T;
  for (const key of Object.keys(builders) as (keyof T)[]) {
    let value: T[keyof T] | undefined;
    let made = false;
    Object.defineProperty(built, key, {
      enumerable: true,
      get() {
        if (!made) {
          value = builders[key]();
          made = true;
        }
        return value;
      },
    });
  }
  return built;
}
