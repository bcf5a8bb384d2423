import { untrack } from 'svelte';
import { api } from '../api/client.ts';
import { LiveConnection, type LiveMessage } from '../api/live.ts';
import { liveNotices } from '../api/notifications.ts';
import type { Principal, TicketChange } from '../api/types.ts';
import { InboxState } from './inbox.svelte.ts';
import { OpenTicket, PRESENCE_REPEAT_MS } from './ticket.svelte.ts';

/** A signed-in inbox at work: the list, the open ticket, and the live connection that keeps both current. */
export class Workspace {
  readonly inbox = new InboxState();
  open = $state<OpenTicket>();

  private readonly live = new LiveConnection(
    (message) => void this.onLive(message),
    () => {
      void this.inbox.load();
      // A failed reload keeps what is shown; the next push or reconnect tries again.
      void this.open?.refresh().catch(() => undefined);
    },
  );

  /** Signed in: the list loads, the live connection opens, SLA badges tick each minute. Returns the stop. */
  start(principal: Principal): () => void {
    untrack(() => {
      this.inbox.me = principal.userId;
      void this.inbox.load();
      this.live.open();
    });
    const tick = setInterval(() => (this.inbox.now = Date.now()), 60_000);
    const presence = setInterval(() => {
      this.open?.announce();
      this.open?.forgetSilentColleagues();
    }, PRESENCE_REPEAT_MS);
    return () => {
      clearInterval(tick);
      clearInterval(presence);
      this.live.close();
    };
  }

  /** Shows the ticket the address names, or none; colleagues see who is on a ticket and who left it. */
  show(ticketId: string | undefined): void {
    untrack(() => {
      if (this.open?.id === ticketId) return;
      this.open?.announce('left');
      this.inbox.openTicketId = ticketId;
      if (!ticketId) {
        this.open = undefined;
        return;
      }
      const opened = new OpenTicket(ticketId, this.live);
      this.open = opened;
      // Its current activity: staff may start typing a reply before the contact panel has loaded.
      void opened.load().then(() => opened.announce());
    });
  }

  /** The ticket a reference names, among those the caller may see. */
  async ticketIdOf(reference: string): Promise<string | undefined> {
    const page = await api.tickets({ q: reference }).catch(() => undefined);
    return page?.tickets.find((ticket) => ticket.reference === reference)?.id;
  }

  async change(change: TicketChange): Promise<void> {
    await this.open?.update(change);
  }

  leave(): void {
    this.open?.announce('left');
  }

  private async onLive(message: LiveMessage) {
    if (message.type === 'notification') {
      liveNotices.dispatchEvent(new Event('notice'));
    } else if (message.type === 'ticketChanged') {
      await this.inbox.applyChange(message.change);
      if (this.open?.id === message.change.ticketId) await this.open.refresh().catch(() => undefined);
    } else if (
      message.type === 'presence' &&
      this.open?.id === message.ticketId &&
      message.userId !== this.inbox.me // the same member of staff in another tab
    ) {
      this.open.seeColleague(message.userId, message.name, message.activity);
    }
  }
}
