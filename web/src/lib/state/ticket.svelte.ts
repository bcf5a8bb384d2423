import { replyChannels } from '../../../../shared/domain/reply-address.ts';
import { api } from '../api/client.ts';
import { ApiError, reasonOf } from '../api/http.ts';
import type { LiveConnection, PresenceActivity } from '../api/live.ts';
import type {
  CaseStepInput,
  Channel,
  ContactPanel,
  DeliveryPlan,
  InboxTicket,
  Message,
  TemplateReply,
  TicketChange,
  TicketThread,
  VisitPlan,
} from '../api/types.ts';
import type { UploadBody } from '../files.ts';
import { locale } from '../i18n/i18n.svelte.ts';

export interface Colleague {
  userId: string;
  name: string;
  activity: Exclude<PresenceActivity, 'left'>;
  seenAt: number;
}

/** Inboxes repeat their presence every PRESENCE_REPEAT_MS; one not heard from for longer is gone. Arrivals are answered at once. */
export const PRESENCE_REPEAT_MS = 30_000;
const PRESENCE_EXPIRY_MS = 2.5 * PRESENCE_REPEAT_MS;

/** The open ticket: its thread, the contact panel, colleagues on it, and the actions staff take. */
export class OpenTicket {
  thread = $state.raw<TicketThread>();
  contact = $state.raw<ContactPanel>();
  colleagues = $state<Colleague[]>([]);
  /** The beneficiary's message the reply being written answers (WhatsApp and Telegram show it above the reply). */
  answering = $state.raw<Message>();
  error = $state<string>();

  ticket = $derived(this.thread?.ticket);
  /** Channels a reply can go out on: the contact's addresses that a provider can reach. */
  channels = $derived<Channel[]>(this.contact ? replyChannels(this.contact.contact) : []);

  constructor(
    readonly id: string,
    private readonly live: LiveConnection,
  ) {}

  /**
   * The ticket left what this member of staff may see — referred to another team, moved to a queue they do not
   * work in — or never was theirs: reading it answers 404. The view says so instead of offering actions that fail.
   */
  gone = $state(false);

  async load(): Promise<void> {
    try {
      const thread = await this.read();
      if (!thread) return;
      this.thread = thread;
      this.contact = await api.contact(thread.ticket.contactId).catch(() => undefined);
      this.error = undefined;
    } catch (error) {
      this.error = reasonOf(error, locale.language);
    }
  }

  /** Thread reload after a pushed change, keeping what is shown until the new one arrives. */
  async refresh(): Promise<void> {
    const thread = await this.read();
    if (thread) this.thread = thread;
  }

  private async read(): Promise<TicketThread | undefined> {
    try {
      const thread = await api.ticket(this.id);
      // Back within reach (referred back to this member's team): the view opens again.
      this.gone = false;
      return thread;
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) throw error;
      this.gone = true;
      return undefined;
    }
  }

  /** What this inbox last told colleagues; repeated so a closed tab is forgotten when it falls silent. */
  private activity: PresenceActivity = 'viewing';

  announce(activity: PresenceActivity = this.activity): void {
    this.activity = activity;
    this.live.presence(this.id, activity);
  }

  /**
   * A colleague's presence on this ticket. One who just arrived is answered at once with ours, so whoever opens
   * a ticket sees who is already on it without waiting for the next repeat (and the answer, already known, is not
   * answered again).
   */
  seeColleague(userId: string, name: string, activity: PresenceActivity, now = Date.now()): void {
    const others = this.colleagues.filter((colleague) => colleague.userId !== userId);
    const arrived = others.length === this.colleagues.length;
    this.colleagues = activity === 'left' ? others : [...others, { userId, name, activity, seenAt: now }];
    if (arrived && activity !== 'left') this.announce();
  }

  forgetSilentColleagues(now = Date.now()): void {
    if (this.colleagues.some((colleague) => now - colleague.seenAt > PRESENCE_EXPIRY_MS))
      this.colleagues = this.colleagues.filter((colleague) => now - colleague.seenAt <= PRESENCE_EXPIRY_MS);
  }

  async reply(
    text: string,
    channel?: Channel,
    attachments: UploadBody[] = [],
    template?: TemplateReply,
    idempotencyKey?: string,
  ): Promise<void> {
    // The message being answered goes with a written reply on its own channel only (a template answers none).
    const answering = !template && this.answering?.channel === channel ? this.answering?.id : undefined;
    await api.reply(this.id, text, channel, attachments, template, idempotencyKey, answering);
    this.answering = undefined;
    await this.refresh();
  }

  async note(text: string, idempotencyKey?: string): Promise<void> {
    await api.note(this.id, text, idempotencyKey);
    await this.refresh();
  }

  /** One step of the support-request procedure. */
  async caseStep(action: string, input: CaseStepInput): Promise<void> {
    const ticket = await api.caseStep(this.id, action, input);
    // A step that hands the case to a team this member of staff is not in leaves it gone: the view names where.
    if (this.thread) this.thread = { ...this.thread, ticket };
    await this.refresh();
  }

  /** A home visit from the case; the thread shows it with its event. */
  async scheduleVisit(plan: VisitPlan): Promise<void> {
    await api.scheduleVisit(this.id, plan);
    await this.refresh();
  }

  /** Deliveries for the registered beneficiary: one-off or monthly. */
  async planDeliveries(plan: DeliveryPlan): Promise<void> {
    await api.planDeliveries(this.id, plan);
    await this.refresh();
  }

  /** One delivery handed over, named by what was given; the beneficiary is told. */
  async recordDelivery(deliveryId: string, item: string): Promise<void> {
    await api.recordDelivery(this.id, deliveryId, item);
    await this.refresh();
  }

  async update(change: TicketChange): Promise<InboxTicket> {
    const ticket = await api.updateTicket(this.id, change);
    await this.refresh();
    return ticket;
  }
}
