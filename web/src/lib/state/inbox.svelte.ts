import type { TicketChanged } from '../../../../shared/domain/ticket-change.ts';
import { matchesNarrowing, type TicketNarrowing } from '../../../../shared/domain/ticket-narrowing.ts';
import { ticketRow } from '../../../../shared/domain/ticket-row.ts';
import { api } from '../api/client.ts';
import { reasonOf } from '../api/http.ts';
import type {
  Channel,
  InboxRow,
  InboxTicket,
  ListQuery,
  Priority,
  TicketStatus,
  TicketType,
} from '../api/types.ts';
import { locale } from '../i18n/i18n.svelte.ts';

export type InboxView =
  | { kind: 'mine' }
  | { kind: 'queue'; queueId: string }
  | { kind: 'unassigned' }
  | { kind: 'atRisk' }
  | { kind: 'all' };

export interface InboxFilters {
  channel: Channel | '';
  status: TicketStatus | '';
  priority: Priority | '';
  type: TicketType | '';
  branch: string;
}

const PAGE_SIZE = 100;
/** Search results are read ticket by ticket from the word index, so they come in smaller pages. */
const SEARCH_PAGE_SIZE = 25;

/**
 * The ticket list: the chosen view and filters (one server query), search, cursor paging and the keyboard
 * selection. Pushed changes are checked against the same narrowing here, so a ticket leaves a view it no longer
 * fits.
 */
export class InboxState {
  view = $state<InboxView>({ kind: 'all' });
  filters = $state<InboxFilters>({ channel: '', status: '', priority: '', type: '', branch: '' });
  searchTerm = $state('');
  /** Large and replaced whole, so not deeply reactive. */
  tickets = $state.raw<InboxRow[]>([]);
  cursor = $state<string>();
  /** The search text held only words too common or short to look up. */
  nothingSearchable = $state(false);
  loading = $state(false);
  error = $state<string>();
  selectedIndex = $state(0);
  openTicketId = $state<string>();
  now = $state(Date.now());
  /** The signed-in user, for "my tickets". */
  me = $state<string>();

  visible = $derived(this.tickets.filter((ticket) => this.matches(ticket)));
  selected = $derived(this.visible[this.selectedIndex]);

  private generation = 0;
  /** Pages fetched on their own to fill the screen when the server's filtered pages come back short. */
  private filledPages = 0;
  /** A page failed: no more are fetched on their own until staff ask for one (the list's "load more"). */
  private fillStopped = false;

  async load(): Promise<void> {
    const generation = ++this.generation;
    this.loading = true;
    this.error = undefined;
    try {
      const page = await api.tickets(this.query());
      if (generation !== this.generation) return;
      this.tickets = page.tickets;
      this.cursor = page.cursor;
      this.nothingSearchable = page.nothingSearchable === true;
      this.selectedIndex = 0;
      this.filledPages = 0;
      this.fillStopped = false;
    } catch (error) {
      if (generation === this.generation) this.error = reasonOf(error, locale.language);
    } finally {
      if (generation === this.generation) this.loading = false;
    }
  }

  async loadMore(): Promise<void> {
    if (!this.cursor || this.loading) return;
    const generation = this.generation;
    this.loading = true;
    try {
      const page = await api.tickets({ ...this.query(), cursor: this.cursor });
      if (generation !== this.generation) return;
      const known = new Set(this.tickets.map((ticket) => ticket.id));
      this.tickets = [...this.tickets, ...page.tickets.filter((ticket) => !known.has(ticket.id))];
      this.cursor = page.cursor;
      this.error = undefined;
      this.fillStopped = false;
    } catch (error) {
      // Said once, with the cursor kept for "load more"; filling the screen does not ask again and again.
      if (generation !== this.generation) return;
      this.error = reasonOf(error, locale.language);
      this.fillStopped = true;
    } finally {
      // A newer view's load is still on its way: it says when it is done.
      if (generation === this.generation) this.loading = false;
    }
  }

  /**
   * The server filters after it reads a page, so a narrowed view's page may hold fewer rows than a screen, or
   * none, and still have a cursor. While the list is empty, pages are fetched until one has rows or the cursor
   * is gone: "no tickets" is said only then. A list with some rows fetches a few pages more at most to fill the
   * screen, so a view with few matches does not walk the whole queue; scrolling fetches more.
   */
  fillScreen(rowsOnScreen: number): void {
    if (this.visible.length >= rowsOnScreen || !this.cursor || this.loading || this.fillStopped) return;
    if (this.visible.length > 0 && this.filledPages >= 5) return;
    this.filledPages += 1;
    void this.loadMore();
  }

  setView(view: InboxView): void {
    this.view = view;
    this.searchTerm = '';
    void this.load();
  }

  search(term: string): void {
    this.searchTerm = term.trim();
    void this.load();
  }

  move(step: number): void {
    const last = this.visible.length - 1;
    this.selectedIndex = Math.max(0, Math.min(last, this.selectedIndex + step));
  }

  /**
   * A pushed change: the ticket is fetched again and put at the top, or dropped when it left the view. Search
   * results are the server's answer to the words searched, which the list cannot judge: a result keeps its place
   * with its new state, and leaves only when staff can no longer read it.
   */
  async applyChange(change: TicketChanged): Promise<InboxTicket | undefined> {
    const { ticket } = await api.ticket(change.ticketId).catch(() => ({ ticket: undefined }));
    const rest = this.tickets.filter((candidate) => candidate.id !== change.ticketId);
    const selectedId = this.selected?.id;
    if (this.searchTerm)
      this.tickets = ticket
        ? this.tickets.map((candidate) => (candidate.id === ticket.id ? ticketRow(ticket) : candidate))
        : rest;
    else this.tickets = ticket && this.belongs(ticket) ? [ticketRow(ticket), ...rest] : rest;
    // Keep the keyboard selection on the same ticket when rows move above it.
    const index = this.visible.findIndex((candidate) => candidate.id === selectedId);
    if (index >= 0) this.selectedIndex = index;
    return ticket;
  }

  /** The view's filters as the store applies them; at risk is judged at the list's clock here. */
  private narrowing(): TicketNarrowing {
    const { channel, priority, type, branch } = this.filters;
    return {
      channel: channel || undefined,
      priority: priority || undefined,
      type: type || undefined,
      branch: branch || undefined,
      unassigned: this.view.kind === 'unassigned',
      atRiskAt: this.view.kind === 'atRisk' ? new Date(this.now).toISOString() : undefined,
    };
  }

  private query(): ListQuery {
    if (this.searchTerm) return { q: this.searchTerm, limit: SEARCH_PAGE_SIZE };
    const view = this.view;
    // The server judges at-risk at its own clock.
    const { atRiskAt, ...rest } = this.narrowing();
    const narrowing: ListQuery = { ...rest, limit: PAGE_SIZE, atRisk: atRiskAt !== undefined };
    if (view.kind === 'mine') return { ...narrowing, view: 'mine' };
    const status = this.filters.status;
    const statuses = status ? [status] : undefined;
    if (view.kind === 'queue') return { ...narrowing, queues: [view.queueId], statuses };
    return { ...narrowing, statuses };
  }

  /** Whether a ticket fetched after a push belongs in the server query of this view. */
  private belongs(ticket: InboxRow): boolean {
    const view = this.view;
    if (view.kind === 'queue' && ticket.queueId !== view.queueId) return false;
    if (this.filters.status) return ticket.status === this.filters.status;
    return ticket.status !== 'resolved' && ticket.status !== 'closed';
  }

  private matches(ticket: InboxRow): boolean {
    const narrowing = this.narrowing();
    // Search results ignore the view, but the filters still narrow them.
    if (this.searchTerm)
      return matchesNarrowing(ticket, { ...narrowing, unassigned: false, atRiskAt: undefined });
    if (this.view.kind === 'mine' && ticket.assigneeId !== this.me) return false;
    return matchesNarrowing(ticket, narrowing);
  }
}
