import { type EventFunctionSpec, RECEIVING_MAIL, TICKET_ITEMS } from '../../functions/event-functions.ts';
import { HTTP_FUNCTIONS, type HttpFunctionSpec } from '../../functions/routes.ts';

// The registries other issues fill in, one entry per trigger kind, served by an existing handler file:
// these tests are about the wiring and the grants, not the handler's code.
const entry = 'functions/handlers/health.ts';

export const EVENT_FUNCTIONS = {
  escalation: {
    entry,
    trigger: { kind: 'schedule', everyMinutes: 1 },
    access: { table: 'readwrite', topics: ['ticketEvents'], sendEmail: true, notifyStaff: true },
  },
  smsInbound: {
    entry,
    trigger: { kind: 'sns', topic: 'smsInbound' },
    access: { table: 'readwrite', topics: ['ticketEvents'], sendSms: true },
  },
  emailInbound: { entry, trigger: { kind: 'ses-receipt' }, access: RECEIVING_MAIL },
  reports: { entry, trigger: { kind: 'table-stream', items: TICKET_ITEMS }, access: { table: 'readwrite' } },
  inboxConnect: { entry, trigger: { kind: 'websocket', route: '$connect' }, access: { table: 'readwrite' } },
  inboxDisconnect: {
    entry,
    trigger: { kind: 'websocket', route: '$disconnect' },
    access: { table: 'readwrite' },
  },
  inboxPush: {
    entry,
    trigger: { kind: 'sns', topic: 'ticketEvents' },
    access: { table: 'read', websocket: true },
  },
} satisfies Record<string, EventFunctionSpec>;

export const HTTP_WITH_WEBHOOK = {
  ...HTTP_FUNCTIONS,
  telegramWebhook: {
    entry,
    auth: 'public',
    routes: ['POST /webhooks/telegram'],
    access: { table: 'readwrite', topics: ['ticketEvents'], secrets: ['telegram-bot-token'] },
  },
} satisfies Record<string, HttpFunctionSpec>;
