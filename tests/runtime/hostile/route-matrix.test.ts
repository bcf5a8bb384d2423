import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_STAFF } from '../../../infra/local/demo-data.ts';
import type { LocalRuntime } from '../../../infra/local/runtime.ts';
import { decide, type StaffAction } from '../../../shared/domain/access-policy.ts';
import { HOME_VISIT_ROLES } from '../../../shared/domain/home-visit.ts';
import { STARTING_QUEUES } from '../../../shared/domain/queue.ts';
import type { Principal, Role } from '../../../shared/domain/staff.ts';
import {
  STARTING_WHATSAPP_TEMPLATES,
  type WhatsAppTemplate,
} from '../../../shared/domain/whatsapp-templates.ts';
import { CASE_TRANSITIONS } from '../../../shared/workflow/support-request.ts';
import { signIn, startTestRuntime } from '../../support/runtime.ts';
import { routePath, STAFF_ROUTES } from '../../support/staff-routes.ts';
import { applyOnTheForm } from '../../support/support-request.ts';

/**
 * Every staff route × every role × (a ticket of the caller's own queue, one of another queue), checked against
 * the access policy. A route missing from this table fails the first test, so a new route cannot go untested.
 */
type Rule =
  /** Acts on the ticket `{id}`: hidden → 404 before anything else, forbidden → 403. */
  | { on: 'ticket'; action: StaffAction; body?: unknown; roles?: readonly Role[] }
  /** Acts on the contact `{id}` (the ticket's beneficiary); visible through the ticket's queue. */
  | { on: 'contact'; action: StaffAction; body?: (contactId: string) => unknown }
  /** Not about one queue: the roles that may call it; every other role gets 403. */
  | { on: 'role'; roles: readonly Role[] | 'all'; body?: () => unknown; self?: string };

const ALL: 'all' = 'all';
let keys = 0;
const MATRIX: Record<string, Rule> = {
  'GET /api/me': { on: 'role', roles: ALL },
  'GET /api/queues': { on: 'role', roles: ALL },
  'GET /api/tickets': { on: 'role', roles: ALL },
  'GET /api/tickets/{id}': { on: 'ticket', action: 'read' },
  'PATCH /api/tickets/{id}': { on: 'ticket', action: 'write', body: { tags: ['matrix'] } },
  'POST /api/tickets/{id}/messages': {
    on: 'ticket',
    action: 'write',
    body: { kind: 'note', text: 'ملاحظة' },
  },
  'POST /api/tickets': {
    on: 'role',
    roles: ['agent', 'researcher', 'committee', 'supervisor', 'admin'],
    body: () => ({ channel: 'walk_in', idempotencyKey: `matrix-${++keys}`, name: 'زائر', text: 'زيارة' }),
  },
  'GET /api/contacts/{id}': { on: 'contact', action: 'read' },
  'POST /api/contacts/{id}/merge': {
    on: 'contact',
    action: 'edit_contacts',
    // Into itself: refused with 400 once visible and allowed, so nothing changes.
    body: (contactId) => ({ sourceContactId: contactId }),
  },
  'POST /api/contacts/{id}/split': {
    on: 'contact',
    action: 'edit_contacts',
    body: () => ({ identity: { kind: 'email', value: 'nobody@example.org' }, name: 'س' }),
  },
  'GET /api/canned-answers': { on: 'role', roles: ALL },
  'GET /api/answers': { on: 'role', roles: ALL },
  'POST /api/answers': { on: 'role', roles: ['supervisor', 'admin'] },
  'PUT /api/answers/{id}': { on: 'role', roles: ['supervisor', 'admin'] },
  'DELETE /api/answers/{id}': { on: 'role', roles: ['supervisor', 'admin'] },
  'GET /api/society-profile': { on: 'role', roles: ALL },
  'PUT /api/society-profile': { on: 'role', roles: ['admin'] },
  'GET /api/quarantine': { on: 'role', roles: ['supervisor', 'admin'] },
  'GET /api/documents': { on: 'role', roles: ALL },
  'PUT /api/documents/{slug}': { on: 'role', roles: ['supervisor', 'admin'] },
  'GET /api/staff': { on: 'role', roles: ALL },
  'GET /api/tickets/{id}/messages/{messageId}/attachments/{index}': { on: 'ticket', action: 'read' },
  'GET /api/reports/overview': { on: 'role', roles: ['manager', 'supervisor', 'admin'] },
  'GET /api/reports/agents': { on: 'role', roles: ['supervisor', 'manager'] },
  'GET /api/reports/export/{report}': { on: 'role', roles: ['manager', 'supervisor', 'admin'] },
  'GET /api/rules': { on: 'role', roles: ['admin', 'supervisor', 'manager'] },
  'PUT /api/rules': { on: 'role', roles: ['admin'] },
  'GET /api/rules/versions': { on: 'role', roles: ['admin'] },
  'POST /api/rules/dry-run': { on: 'role', roles: ['admin', 'supervisor'] },
  'POST /api/rules/dry-run/recent': { on: 'role', roles: ['admin', 'supervisor'] },
  'GET /api/sla-policies': { on: 'role', roles: ALL },
  'PUT /api/sla-policies/{policyId}': { on: 'role', roles: ['admin'] },
  'DELETE /api/sla-policies/{policyId}': { on: 'role', roles: ['admin'] },
  'GET /api/business-calendar': { on: 'role', roles: ALL },
  'PUT /api/business-calendar': { on: 'role', roles: ['admin'] },
  'PUT /api/staff/{userId}/availability': { on: 'role', roles: ['supervisor', 'admin'], self: 'u-committee' },
  'GET /api/message-templates': { on: 'role', roles: ['admin', 'supervisor', 'manager'] },
  'PUT /api/message-templates/{templateId}': { on: 'role', roles: ['admin', 'supervisor'] },
  'DELETE /api/message-templates/{templateId}': { on: 'role', roles: ['admin', 'supervisor'] },
  'POST /api/tickets/{id}/case/{action}': {
    on: 'ticket',
    action: 'write',
    roles: CASE_TRANSITIONS.record_verification.roles,
    body: { checklist: { identityMatches: true, documentsPresent: true, dataConsistent: true } },
  },
  'POST /api/support-requests': { on: 'role', roles: ['agent', 'researcher', 'supervisor', 'admin'] },
  // To an audience nobody is in: allowed answers 201 with no recipients, and nothing is sent.
  'POST /api/campaigns': {
    on: 'role',
    roles: ['supervisor', 'admin'],
    body: () => ({ name: 'مصفوفة', audience: { householdMembers: { min: 40 } }, text: 'تجربة' }),
  },
  'GET /api/campaigns': { on: 'role', roles: ['supervisor', 'admin'] },
  // Field work on a support case: a ticket that is not one is refused 409 once visible and allowed.
  'POST /api/tickets/{id}/visits': {
    on: 'ticket',
    action: 'write',
    roles: HOME_VISIT_ROLES,
    body: {
      scheduledFor: '2026-12-06T09:00:00+03:00',
      address: 'حي النسيم، الرياض',
      purpose: 'دراسة الحالة',
    },
  },
  'POST /api/tickets/{id}/visits/{visitId}/report': {
    on: 'ticket',
    action: 'write',
    roles: HOME_VISIT_ROLES,
    body: { findings: 'الأسرة بحاجة', location: { kind: 'typed', description: 'أمام المسجد' } },
  },
  'POST /api/tickets/{id}/deliveries': {
    on: 'ticket',
    action: 'write',
    roles: CASE_TRANSITIONS.deliver_service.roles,
    body: { kind: 'one_off', firstOn: '2026-12-06', item: 'سلة غذائية' },
  },
  'POST /api/tickets/{id}/deliveries/{deliveryId}/delivered': {
    on: 'ticket',
    action: 'write',
    roles: CASE_TRANSITIONS.deliver_service.roles,
    body: { item: 'سلة غذائية' },
  },
  // A walk-in's slip: any other ticket is refused 409 once visible and allowed.
  'POST /api/tickets/{id}/survey-slip': { on: 'ticket', action: 'write' },
  'GET /api/notifications': { on: 'role', roles: ALL },
  'POST /api/notifications/{notificationId}/read': { on: 'role', roles: ALL },
  'POST /api/queues': {
    on: 'role',
    roles: ['admin'],
    body: () => ({ id: `matrix-${++keys}`, nameAr: 'قائمة', nameEn: 'Queue' }),
  },
  'PUT /api/queues/{queueId}': {
    on: 'role',
    roles: ['admin', 'supervisor'],
    body: () => ({ memberIds: [] }),
  },
  'POST /api/staff': {
    on: 'role',
    roles: ['admin'],
    body: () => ({ name: 'موظف', email: `matrix-${++keys}@sanad.local`, roles: ['agent'] }),
  },
  // The demo's userId is u-committee: the body leaves them in their own queue, as the other routes expect.
  'PUT /api/staff/{userId}': {
    on: 'role',
    roles: ['admin', 'supervisor'],
    body: () => ({ queueIds: ['research-committee'] }),
  },
  'GET /api/audit': { on: 'role', roles: ['admin'] },
  'GET /api/branches': { on: 'role', roles: ALL },
  // The demo's own branch, saved as it is: allowed answers 200 and nothing changes.
  'PUT /api/branches/{branchId}': {
    on: 'role',
    roles: ['admin'],
    body: () => ({ nameAr: 'المقر الرئيسي - الرياض', nameEn: 'Head office - Riyadh', city: 'الرياض' }),
  },
  // The greeting saved as it is (a new version), deleted (then 404), and its versions read.
  'PUT /api/canned-answers/{answerId}': {
    on: 'role',
    roles: ['supervisor', 'admin'],
    body: () => ({
      titleAr: 'ترحيب',
      text: 'السلام عليكم ورحمة الله وبركاته، يسعدنا خدمتك.',
      expectedVersion: 1,
    }),
  },
  'DELETE /api/canned-answers/{answerId}': { on: 'role', roles: ['supervisor', 'admin'] },
  'GET /api/canned-answers/{answerId}/versions': { on: 'role', roles: ['supervisor', 'admin'] },
  'GET /api/whatsapp-templates': { on: 'role', roles: ALL },
  // The demo's own template, saved as it is; the first admin deletes it, later ones are told it is gone (404).
  'PUT /api/whatsapp-templates/{name}/{language}': {
    on: 'role',
    roles: ['admin'],
    body: () => {
      const {
        name: _name,
        language: _language,
        ...followUp
      } = STARTING_WHATSAPP_TEMPLATES[0] as WhatsAppTemplate;
      return followUp;
    },
  },
  'DELETE /api/whatsapp-templates/{name}/{language}': { on: 'role', roles: ['admin'] },
  'GET /api/macros': { on: 'role', roles: ALL },
  // A macro of the matrix's own: saving creates it, deleting removes it, the demo's macros stay.
  'PUT /api/macros/{macroId}': {
    on: 'role',
    roles: ['admin'],
    body: () => ({ nameAr: 'إجراء تجريبي', assignee: 'unchanged', tags: [], expectedVersion: 0 }),
  },
  'DELETE /api/macros/{macroId}': { on: 'role', roles: ['admin'] },
};

let runtime: LocalRuntime;
const tokens: Record<string, string> = {};
/** One support request per queue, each from its own beneficiary. */
const ticketOf: Record<string, { id: string; contactId: string }> = {};

beforeAll(async () => {
  runtime = await startTestRuntime();
  for (const user of DEMO_STAFF) tokens[user.id] = await signIn(runtime, user.email);
  for (const [index, queue] of STARTING_QUEUES.entries()) {
    const created = await applyOnTheForm(runtime, { phone: `05566600${String(index).padStart(2, '0')}` });
    const ticket = await runtime.deps.store.updateTicket(created.id, (current) => ({
      ...current,
      queueId: queue.id,
      assigneeId: undefined,
    }));
    ticketOf[queue.id] = { id: ticket.id, contactId: ticket.contactId };
  }
}, 60_000);
afterAll(async () => {
  await runtime.close();
});

const principalOf = (user: (typeof DEMO_STAFF)[number]): Principal => ({
  userId: user.id,
  email: user.email,
  name: user.name,
  roles: [...user.roles],
  queueIds: [...user.queueIds],
});

/** The caller's own queue (the first they belong to; any queue for a role without queues), and another. */
function placesOf(user: (typeof DEMO_STAFF)[number]): [string, string][] {
  const own = user.queueIds[0] ?? 'beneficiary-relations';
  const other = STARTING_QUEUES.map((queue) => queue.id).find(
    (id) => !user.queueIds.includes(id) && id !== own,
  );
  return [
    ['own', own],
    ['other', other as string],
  ];
}

const pathOf = (route: string, id: string) =>
  routePath(route, {
    id,
    action: 'record_verification',
    report: 'tickets',
    templateId: 'case_verified',
    slug: 'bylaws',
    macroId: 'matrix-macro',
  });

async function call(route: string, token: string, id: string, body: unknown) {
  const { method, path } = pathOf(route, id);
  const response = await fetch(`${runtime.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
  });
  const text = await response.text();
  return { status: response.status, text };
}

describe('the route × role × queue matrix', () => {
  it('has a rule for every staff route, and no rule for a route that is gone', () => {
    expect(Object.keys(MATRIX).sort()).toEqual([...STAFF_ROUTES].sort());
  });

  const cases = STAFF_ROUTES.flatMap((route) => DEMO_STAFF.map((user) => [route, user.id] as const));
  it.each(cases)('%s as %s', async (route, userId) => {
    const rule = MATRIX[route];
    const user = DEMO_STAFF.find((candidate) => candidate.id === userId);
    const token = tokens[userId];
    if (!rule || !user || !token) throw new Error(`no rule or user for ${route} ${userId}`);
    const principal = principalOf(user);

    if (rule.on === 'role') {
      const allowed =
        rule.roles === 'all' || user.roles.some((role) => rule.roles.includes(role)) || rule.self === user.id;
      const { status } = await call(route, token, 'x', rule.body?.());
      if (allowed) expect([401, 403], `${route} ${userId}`).not.toContain(status);
      else expect(status, `${route} ${userId}`).toBe(403);
      expect(status).toBeLessThan(500);
      return;
    }

    for (const [place, queueId] of placesOf(user)) {
      const target = ticketOf[queueId];
      if (!target) throw new Error(`no ticket in ${queueId}`);
      const label = `${route} ${userId} ${place} (${queueId})`;
      const id = rule.on === 'ticket' ? target.id : target.contactId;
      const body = rule.on === 'contact' ? rule.body?.(id) : rule.body;
      const { status, text } = await call(route, token, id, body);
      const decision = decide(principal, rule.action, [queueId]);
      const what = rule.on === 'ticket' ? 'Ticket' : 'Contact';
      if (decision === 'hidden') {
        expect(status, label).toBe(404);
        expect(text, label).toContain(`${what} was not found`);
      } else if (
        decision === 'forbidden' ||
        (rule.on === 'ticket' && rule.roles && !rule.roles.some((role) => user.roles.includes(role)))
      ) {
        expect(status, label).toBe(403);
      } else {
        expect([401, 403], label).not.toContain(status);
        expect(text, label).not.toContain(`${what} was not found`);
        expect(status, label).toBeLessThan(500);
      }
    }
  });
});
