import { hasRole, type Principal } from '../../../../shared/domain/staff.ts';
import { usesHostedSignIn } from '../api/token.ts';

/** The pages beside the inbox, each at its own address (`#/reports`, …). */
export const PAGES = [
  'reports',
  'templates',
  'answers',
  'quarantine',
  'announcements',
  'admin',
  'outbox',
] as const;
export type Page = (typeof PAGES)[number];

/**
 * Where the inbox is: a view, and in the inbox the open ticket (`#/tickets/{id}`); a home visit's page
 * (`#/visits/{ticketId}/{visitId}`) is what a visitor opens on their phone at the door; a walk-in's printable
 * survey slip is `#/slips/{ticketId}`.
 */
export type Route =
  | { view: 'inbox'; ticketId?: string }
  | { view: 'visit'; ticketId: string; visitId: string }
  | { view: 'slip'; ticketId: string }
  | { view: Page };

export function routeOf(hash: string): Route {
  const [first, second, third] = hash.replace(/^#\/?/, '').split('/');
  if (first === 'tickets' && second) return { view: 'inbox', ticketId: decodeURIComponent(second) };
  if (first === 'slips' && second) return { view: 'slip', ticketId: decodeURIComponent(second) };
  if (first === 'visits' && second && third)
    return { view: 'visit', ticketId: decodeURIComponent(second), visitId: decodeURIComponent(third) };
  return (PAGES as readonly string[]).includes(first ?? '') ? { view: first as Page } : { view: 'inbox' };
}

export function hashOf(route: Route): string {
  if (route.view === 'slip') return `#/slips/${encodeURIComponent(route.ticketId)}`;
  if (route.view === 'visit')
    return `#/visits/${encodeURIComponent(route.ticketId)}/${encodeURIComponent(route.visitId)}`;
  if (route.view !== 'inbox') return `#/${route.view}`;
  return route.ticketId ? `#/tickets/${encodeURIComponent(route.ticketId)}` : '#/';
}

/**
 * Who may open each page: the one place the inbox gates by role (the API refuses the others anyway). Reports are
 * for those who track the service; supervisors own the wording of messages to beneficiaries and managers may read
 * it; quarantined mail may impersonate a beneficiary, so supervisors decide what it is, as they decide what all
 * registered families are told (announcements); the local outbox exists
 * only in `npm start`, which has no providers.
 */
export function mayOpen(principal: Principal, page: Page): boolean {
  switch (page) {
    case 'reports':
      return hasRole(principal, 'manager', 'supervisor', 'admin');
    case 'templates':
      return hasRole(principal, 'supervisor', 'admin', 'manager');
    case 'answers':
      return true;
    case 'quarantine':
    case 'announcements':
      return hasRole(principal, 'supervisor', 'admin');
    case 'admin':
      return ADMIN_SECTIONS.some((section) => mayOpenSection(principal, section));
    case 'outbox':
      return !usesHostedSignIn;
  }
}

/** The society's administration, one page with a section each (`#/admin/staff`, …). */
export const ADMIN_SECTIONS = [
  'queues',
  'staff',
  'branches',
  'canned-answers',
  'macros',
  'whatsapp-templates',
  'rules',
  'sla',
  'calendar',
  'audit',
  'society',
] as const;
export type AdminSection = (typeof ADMIN_SECTIONS)[number];

/**
 * Admins configure the society; supervisors run the teams, so they open the queues to change who works in them
 * (the API lets them change membership only), the routing rules to read and try them, and the canned answers they
 * word, and nothing else here.
 */
export function mayOpenSection(principal: Principal, section: AdminSection): boolean {
  return section === 'queues' || section === 'rules' || section === 'canned-answers'
    ? hasRole(principal, 'admin', 'supervisor')
    : hasRole(principal, 'admin');
}

/** The admin section an address names (`#/admin/staff`), the first the role may open otherwise. */
export function adminSectionOf(hash: string, principal: Principal): AdminSection | undefined {
  const [first, second] = hash.replace(/^#\/?/, '').split('/');
  const allowed = ADMIN_SECTIONS.filter((section) => mayOpenSection(principal, section));
  const named = allowed.find((section) => first === 'admin' && section === second);
  return named ?? allowed[0];
}

/** Only admins change anything beyond a queue's members. */
export const mayAdministerQueues = (principal: Principal) => hasRole(principal, 'admin');

/** Supervisors edit the messages to beneficiaries; managers only read them. */
export const mayEditTemplates = (principal: Principal) => hasRole(principal, 'supervisor', 'admin');
/** Supervisors and admins edit the answers to common questions; everyone reads them. */
export const mayEditAnswers = (principal: Principal) => hasRole(principal, 'supervisor', 'admin');
/** Per-agent figures are for those who coach (not admins). */
export const mayCoach = (principal: Principal) => hasRole(principal, 'manager', 'supervisor');

/** The address bar as the inbox's state: a link opens a view, and Back returns to the previous one. */
export class Router {
  route = $state<Route>(routeOf(location.hash));

  constructor() {
    addEventListener('hashchange', () => {
      this.route = routeOf(location.hash);
    });
  }

  go(route: Route): void {
    location.hash = hashOf(route);
  }

  /** The same place under another address (a reference resolved to its ticket's id), with no step for Back. */
  replace(route: Route): void {
    history.replaceState(history.state, '', hashOf(route));
    this.route = route;
  }
}
