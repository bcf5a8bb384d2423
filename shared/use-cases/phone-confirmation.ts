import { PUBLIC_LIMITS } from '../domain/public-limits.ts';
import type { Ticket } from '../domain/ticket.ts';
import type { Clock } from '../ports/clock.ts';
import type { IdGenerator } from '../ports/ids.ts';
import type { MessageTemplateSource } from '../ports/message-templates.ts';
import type { OutboundSenders } from '../ports/outbound.ts';
import type { RateLimiter } from '../ports/rate-limiter.ts';
import type { StatusCodeStore } from '../ports/status-codes.ts';
import type { TicketEventRecord } from '../ports/ticket-store.ts';
import { spendCode, textOneTimeCode } from './one-time-codes.ts';
import { enforceRateLimits } from './rate-limits.ts';

export interface PhoneConfirmationDeps {
  store: {
    findTicketByReference(reference: string): Promise<Ticket | undefined>;
    updateTicket(ticketId: string, change: (current: Ticket) => Ticket): Promise<Ticket>;
    addEvents(events: TicketEventRecord[]): Promise<void>;
  };
  statusCodes: StatusCodeStore;
  rateLimiter: RateLimiter;
  senders: OutboundSenders;
  templates: MessageTemplateSource;
  clock: Clock;
  ids: IdGenerator;
}

/** Its own key beside the status page's code of the same reference, so asking one never replaces the other. */
const confirmationKey = (reference: string) => `phone-confirmation#${reference}`;

/** Sends the code that confirms the phone typed into the form, to that phone; the event says whether it left. */
export async function sendPhoneConfirmationCode(deps: PhoneConfirmationDeps, ticket: Ticket): Promise<void> {
  const phone = ticket.supportCase?.application?.phone;
  const sender = deps.senders.sms;
  if (!phone || !sender) return;
  await textOneTimeCode(deps, sender, {
    ticket,
    key: confirmationKey(ticket.reference),
    phone,
    now: deps.clock.now(),
    template: 'phone_confirmation_code',
    eventType: 'phone_confirmation_code_sent',
  });
}

/**
 * A new code for an application still waiting for its phone, a few times an hour per phone; the same answer
 * otherwise, so the page never tells which references exist.
 */
export async function resendPhoneConfirmationCode(
  deps: PhoneConfirmationDeps,
  request: { reference: string; clientIp?: string },
): Promise<void> {
  const now = deps.clock.now();
  await enforceRateLimits(deps.rateLimiter, now, [[PUBLIC_LIMITS.confirmationsPerIp, request.clientIp]]);
  const ticket = await deps.store.findTicketByReference(request.reference);
  if (ticket?.supportCase?.step !== 'phone_unconfirmed') return;
  await enforceRateLimits(deps.rateLimiter, now, [
    [PUBLIC_LIMITS.confirmationCodesPerPhone, ticket.supportCase.application?.phone],
  ]);
  await sendPhoneConfirmationCode(deps, ticket);
}

/**
 * The right code moves the case on to intake, as any application. An unknown reference is refused like a code
 * never sent, so the page never tells which references exist.
 */
export async function confirmApplicantPhone(
  deps: PhoneConfirmationDeps,
  request: { reference: string; code: string; clientIp?: string },
): Promise<void> {
  const now = deps.clock.now();
  await enforceRateLimits(deps.rateLimiter, now, [[PUBLIC_LIMITS.confirmationsPerIp, request.clientIp]]);
  const ticket = await deps.store.findTicketByReference(request.reference);
  const phone = ticket?.supportCase?.application?.phone ?? '';
  await spendCode(deps.statusCodes, confirmationKey(request.reference), phone, request.code, now);
  if (ticket?.supportCase?.step !== 'phone_unconfirmed') return;
  await deps.store.updateTicket(ticket.id, (current) =>
    current.supportCase?.step === 'phone_unconfirmed'
      ? { ...current, supportCase: { ...current.supportCase, step: 'intake' }, updatedAt: now.toISOString() }
      : current,
  );
  await deps.store.addEvents([
    {
      id: deps.ids.next(now),
      ticketId: ticket.id,
      type: 'case_step',
      at: now.toISOString(),
      actorId: ticket.contactId,
      data: { action: 'confirm_phone', from: 'phone_unconfirmed', to: 'intake' },
    },
  ]);
}
