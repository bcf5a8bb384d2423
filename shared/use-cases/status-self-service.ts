import type { Contact } from '../domain/contact.ts';
import { GoneError, UnauthorizedError } from '../domain/errors.ts';
import { renderTemplate } from '../domain/message-templates.ts';
import { PUBLIC_LIMITS, STATUS_CODE_MAX_ATTEMPTS, STATUS_CODE_TTL_MINUTES } from '../domain/public-limits.ts';
import { sha256Hex } from '../domain/sha256.ts';
import type { Ticket, TicketStatus, TicketType } from '../domain/ticket.ts';
import type { Clock } from '../ports/clock.ts';
import type { IdGenerator } from '../ports/ids.ts';
import type { MessageTemplateSource } from '../ports/message-templates.ts';
import type { OutboundSenders } from '../ports/outbound.ts';
import type { RateLimiter } from '../ports/rate-limiter.ts';
import type { StatusCodeStore } from '../ports/status-codes.ts';
import type { TicketEventRecord } from '../ports/ticket-store.ts';
import type { CaseStep } from '../workflow/support-request.ts';
import { type TextPolicyDeps, textRefusal } from './automatic-messages.ts';
import { enforceRateLimits } from './rate-limits.ts';

export interface StatusDeps extends TextPolicyDeps {
  store: {
    findTicketByReference(reference: string): Promise<Ticket | undefined>;
    getContact(contactId: string): Promise<Contact | undefined>;
    addEvents(events: TicketEventRecord[]): Promise<void>;
  };
  statusCodes: StatusCodeStore;
  rateLimiter: RateLimiter;
  senders: OutboundSenders;
  templates: MessageTemplateSource;
  clock: Clock;
  ids: IdGenerator;
}

/** What the status page shows after the code: steps and dates only, nothing personal. */
export interface RequestStatus {
  reference: string;
  type: TicketType;
  status: TicketStatus;
  step?: CaseStep;
  receivedAt: string;
  verifiedAt?: string;
  returnedAt?: string;
  sentToCommitteeAt?: string;
  committeeDueAt?: string;
  decidedAt?: string;
  outcome?: 'approved' | 'rejected';
  registeredAt?: string;
  serviceDeliveredAt?: string;
  resolvedAt?: string;
}

/**
 * Sends a one-time code by SMS when the reference belongs to the contact with this phone; silently does nothing
 * otherwise, so the answer never tells whether a reference exists or whose it is.
 */
export async function requestStatusCode(
  deps: StatusDeps,
  request: { reference: string; phone: string; clientIp?: string },
): Promise<void> {
  const now = deps.clock.now();
  await enforceRateLimits(deps.rateLimiter, now, [
    [PUBLIC_LIMITS.statusRequestsPerIp, request.clientIp],
    [PUBLIC_LIMITS.statusCodesPerPhone, request.phone],
  ]);
  const ticket = await deps.store.findTicketByReference(request.reference);
  const sender = deps.senders.sms;
  if (!ticket || !sender || !(await belongsTo(deps, ticket, request.phone))) return;

  // A code asked for a number that texted STOP, or beyond the day's budget for unconfirmed numbers, is not sent.
  const contact = await deps.store.getContact(ticket.contactId);
  const refused = await textRefusal(deps, contact, { channel: 'sms', to: request.phone });
  if (refused) {
    await deps.store.addEvents([
      {
        id: deps.ids.next(now),
        ticketId: ticket.id,
        type: 'automatic_message_skipped',
        at: now.toISOString(),
        data: { kind: 'status_code', channel: 'sms', reason: refused },
      },
    ]);
    return;
  }
  const code = randomCode();
  await deps.statusCodes.put({
    reference: ticket.reference,
    codeHash: await codeHash(ticket.reference, request.phone, code),
    createdAt: now.toISOString(),
    validUntil: new Date(now.getTime() + STATUS_CODE_TTL_MINUTES * 60_000).toISOString(),
    attempts: 0,
  });
  const text = renderTemplate((await deps.templates.load()).status_code, {
    code,
    minutes: STATUS_CODE_TTL_MINUTES,
  });
  // The code is not kept on the ticket (staff need not see it); the event says one was sent and whether it left.
  let delivered = true;
  try {
    await sender.send({
      channel: 'sms',
      to: request.phone,
      text,
      attachments: [],
      ticketReference: ticket.reference,
      automatic: true,
    });
  } catch {
    delivered = false;
  }
  await deps.store.addEvents([
    {
      id: deps.ids.next(now),
      ticketId: ticket.id,
      type: 'status_code_sent',
      at: now.toISOString(),
      data: { channel: 'sms', delivered },
    },
  ]);
}

/** The phone given on the application, or one the ticket's contact is known by. */
async function belongsTo(deps: StatusDeps, ticket: Ticket, phone: string): Promise<boolean> {
  if (ticket.supportCase?.application?.phone === phone) return true;
  const contact = await deps.store.getContact(ticket.contactId);
  return Boolean(
    contact?.identities.some((identity) => identity.kind === 'phone' && identity.value === phone),
  );
}

/** The request's steps and dates, for the holder of the latest code sent for it (single use, few attempts). */
export async function readRequestStatus(
  deps: StatusDeps,
  request: { reference: string; phone: string; code: string; clientIp?: string },
): Promise<RequestStatus> {
  const now = deps.clock.now();
  await enforceRateLimits(deps.rateLimiter, now, [[PUBLIC_LIMITS.statusRequestsPerIp, request.clientIp]]);
  const stored = await deps.statusCodes.get(request.reference);
  const expired = !stored || Date.parse(stored.validUntil) <= now.getTime();
  if (!stored || expired || stored.usedAt || stored.attempts >= STATUS_CODE_MAX_ATTEMPTS) {
    throw new GoneError('This code was used, has expired or was never sent; ask for a new one');
  }
  const offered = await codeHash(stored.reference, request.phone, request.code);
  if (offered !== stored.codeHash) {
    const attempt = await deps.statusCodes.countWrongAttempt(
      stored.reference,
      stored.codeHash,
      STATUS_CODE_MAX_ATTEMPTS,
    );
    if (attempt.outcome === 'unavailable')
      throw new GoneError('This code can no longer be used; ask for a new one');
    const attemptsLeft = Math.max(0, STATUS_CODE_MAX_ATTEMPTS - attempt.attempts);
    const error = new UnauthorizedError(
      attemptsLeft > 0
        ? `Wrong code; ${attemptsLeft} attempt(s) left`
        : 'Wrong code; it can no longer be used, ask for a new one',
    );
    error.details = { attemptsLeft };
    throw error;
  }
  if (
    !(await deps.statusCodes.use(
      stored.reference,
      stored.codeHash,
      STATUS_CODE_MAX_ATTEMPTS,
      now.toISOString(),
    ))
  ) {
    throw new GoneError('This code can no longer be used; ask for a new one');
  }
  const ticket = await deps.store.findTicketByReference(stored.reference);
  if (!ticket) throw new GoneError('The request is no longer available');
  return publicStatusOf(ticket);
}

function publicStatusOf(ticket: Ticket): RequestStatus {
  const supportCase = ticket.supportCase;
  const verification = supportCase?.verification;
  const passed =
    verification?.identityMatches && verification.documentsPresent && verification.dataConsistent;
  return {
    reference: ticket.reference,
    type: ticket.type,
    status: ticket.status,
    step: supportCase?.step,
    receivedAt: ticket.createdAt,
    verifiedAt: passed ? verification?.at : undefined,
    returnedAt: verification && !passed ? verification.at : undefined,
    sentToCommitteeAt: supportCase?.referredAt,
    committeeDueAt: supportCase?.committeeDueAt,
    decidedAt: supportCase?.decision?.at,
    outcome: supportCase?.decision?.outcome,
    registeredAt: supportCase?.registeredAt,
    serviceDeliveredAt: supportCase?.serviceDelivered?.at,
    resolvedAt: ticket.resolvedAt,
  };
}

/** Six random digits, uniformly drawn. */
function randomCode(): string {
  const buffer = new Uint32Array(1);
  // Rejection sampling keeps every code equally likely.
  const limit = Math.floor(0x1_0000_0000 / 1_000_000) * 1_000_000;
  do crypto.getRandomValues(buffer);
  while ((buffer[0] ?? 0) >= limit);
  return String((buffer[0] ?? 0) % 1_000_000).padStart(6, '0');
}

/** The phone is part of what is hashed: the right code with another phone is a wrong attempt. */
function codeHash(reference: string, phone: string, code: string): Promise<string> {
  return sha256Hex(`${reference}|${phone}|${code}`);
}
