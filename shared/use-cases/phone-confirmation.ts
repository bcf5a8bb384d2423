import { PUBLIC_LIMITS } from '../domain/public-limits.ts';
import type { Ticket } from '../domain/ticket.ts';
import type { Clock } from '../ports/clock.ts';
import type { MessageTemplateSource } from '../ports/message-templates.ts';
import type { OutboundSenders } from '../ports/outbound.ts';
import type { RateLimiter } from '../ports/rate-limiter.ts';
import type { StatusCodeStore } from '../ports/status-codes.ts';
import type { TextPolicyDeps } from './automatic-messages.ts';
import { issueCodeElsewhere, spendCode, textOneTimeCode } from './one-time-codes.ts';
import { type PhoneProofDeps, takePhoneAsProven } from './phone-proof.ts';
import { enforceRateLimits } from './rate-limits.ts';

export type PhoneConfirmationDeps = PhoneProofDeps &
  TextPolicyDeps & {
    statusCodes: StatusCodeStore;
    rateLimiter: RateLimiter;
    senders: OutboundSenders;
    templates: MessageTemplateSource;
    clock: Clock;
  };

/** Its own key beside the status page's code of the same reference, so asking one never replaces the other. */
const confirmationKey = (reference: string) => `phone-confirmation#${reference}`;

/**
 * Sends the code that confirms the phone typed into the form, to that phone; the event says whether it left, or
 * that it was not sent because the number texted STOP.
 */
export async function sendPhoneConfirmationCode(
  deps: PhoneConfirmationDeps,
  ticket: Ticket,
  options: { first?: boolean } = {},
): Promise<void> {
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
    // Outside the day's budget: the application waits on it, and the number's hourly cap bounds it.
    budgeted: false,
    ...options,
  });
}

/**
 * A new code for an application still waiting for its phone, a few times an hour per phone; the same answer
 * otherwise, so the page never tells which references exist. The form names the phone it was given: asked with
 * another phone, nothing is sent; asked naming none, the resends are counted apart from the holder's, so a stranger
 * who knows only the reference cannot use up the applicant's.
 */
export async function resendPhoneConfirmationCode(
  deps: PhoneConfirmationDeps,
  request: { reference: string; phone?: string; clientIp?: string },
): Promise<void> {
  const now = deps.clock.now();
  // Counted before the reference is looked up, whether or not it exists: reaching a limit says nothing of it.
  await enforceRateLimits(deps.rateLimiter, now, [
    [PUBLIC_LIMITS.confirmationsPerIp, request.clientIp],
    request.phone
      ? [PUBLIC_LIMITS.confirmationCodesPerPhone, request.phone]
      : [PUBLIC_LIMITS.unnamedConfirmationCodesPerReference, request.reference],
  ]);
  const ticket = await deps.store.findTicketByReference(request.reference);
  const waiting = ticket?.supportCase?.step === 'phone_unconfirmed' ? ticket : undefined;
  const phone = waiting?.supportCase?.application?.phone;
  if (request.phone !== undefined && request.phone !== phone) {
    // Counted, and answered, as the applicant's own, whether or not the reference waits for a phone: the
    // confirmation never tells which phone applied, nor which references are applications waiting for one.
    await issueCodeElsewhere(deps.statusCodes, confirmationKey(request.reference), request.phone, now);
    return;
  }
  if (waiting && phone) await sendPhoneConfirmationCode(deps, waiting);
}

/**
 * The right code moves the case on to intake, as any application, and makes the phone's holder this case's
 * applicant. An unknown reference is refused like a code never sent, so the page never tells which references
 * exist; an attempt naming another phone than the form's is refused the same way and counts for nothing.
 */
export async function confirmApplicantPhone(
  deps: PhoneConfirmationDeps,
  request: { reference: string; code: string; phone?: string; clientIp?: string },
): Promise<void> {
  const now = deps.clock.now();
  await enforceRateLimits(deps.rateLimiter, now, [[PUBLIC_LIMITS.confirmationsPerIp, request.clientIp]]);
  const ticket = await deps.store.findTicketByReference(request.reference);
  const onFile = ticket?.supportCase?.application?.phone ?? '';
  await spendCode(
    deps.statusCodes,
    confirmationKey(request.reference),
    { phone: request.phone ?? onFile, namesPhone: request.phone !== undefined },
    request.code,
    now,
  );
  if (ticket?.supportCase?.step !== 'phone_unconfirmed') return;
  await takePhoneAsProven(deps, ticket, 'code');
}
