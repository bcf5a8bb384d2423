import type { Contact } from '../domain/contact.ts';
import { GoneError, UnauthorizedError } from '../domain/errors.ts';
import { renderTemplate } from '../domain/message-templates.ts';
import { ONE_TIME_CODE_MAX_ATTEMPTS, ONE_TIME_CODE_TTL_MINUTES } from '../domain/public-limits.ts';
import { sha256Hex } from '../domain/sha256.ts';
import type { Ticket } from '../domain/ticket.ts';
import type { IdGenerator } from '../ports/ids.ts';
import type { MessageTemplateSource } from '../ports/message-templates.ts';
import type { OutboundSender } from '../ports/outbound.ts';
import type { AttemptBudget, StatusCodeStore } from '../ports/status-codes.ts';
import type { TicketEventRecord } from '../ports/ticket-store.ts';
import { type TextPolicyDeps, textRefusal } from './automatic-messages.ts';

/**
 * The one-time codes sent by SMS (the status page's, the phone confirmation's): kept only as a hash, valid for a
 * few minutes, a few attempts, single use. `key` names what the code opens; the phone is part of the hash.
 */
export async function issueCode(
  store: StatusCodeStore,
  key: string,
  phone: string,
  now: Date,
  options: { first?: boolean } = {},
): Promise<string | undefined> {
  const code = randomCode();
  const written = await store.put(
    {
      reference: key,
      codeHash: await codeHash(key, phone, code),
      createdAt: now.toISOString(),
      validUntil: new Date(now.getTime() + ONE_TIME_CODE_TTL_MINUTES * 60_000).toISOString(),
      attempts: 0,
      unnamedAttempts: 0,
      phoneHash: await phoneHash(key, phone),
    },
    options,
  );
  return written ? code : undefined;
}

/**
 * An attempt at a code: with the phone it names (its holder's attempts), or, when it names none, with the phone the
 * code was sent to (attempts of their own, so a stranger who knows only the reference cannot use up the holder's).
 */
export interface CodeAttemptBy {
  phone: string;
  namesPhone: boolean;
}

/** Spends the latest code issued under `key`, or refuses it with the reason in Arabic and English. */
export async function spendCode(
  store: StatusCodeStore,
  key: string,
  by: CodeAttemptBy,
  code: string,
  now: Date,
): Promise<void> {
  const stored = await store.get(key);
  // A code sent to another phone is, for this one, a code never sent: the answer is the same, and nothing counts.
  const sentElsewhere =
    by.namesPhone && stored?.phoneHash !== undefined && stored.phoneHash !== (await phoneHash(key, by.phone));
  if (!stored || stored.usedAt || sentElsewhere) throw codeNeverSent();
  if (Date.parse(stored.validUntil) <= now.getTime())
    throw unusable(
      'code_expired',
      'This code has expired; ask for a new one',
      'انتهت صلاحية الرمز. اطلبوا رمزاً جديداً.',
    );
  const budget: AttemptBudget = by.namesPhone ? 'attempts' : 'unnamedAttempts';
  if ((stored[budget] ?? 0) >= ONE_TIME_CODE_MAX_ATTEMPTS) throw tooManyAttempts();
  if ((await codeHash(key, by.phone, code)) !== stored.codeHash) {
    const attempt = await store.countWrongAttempt(key, stored.codeHash, ONE_TIME_CODE_MAX_ATTEMPTS, budget);
    if (attempt.outcome === 'unavailable') throw tooManyAttempts();
    const attemptsLeft = Math.max(0, ONE_TIME_CODE_MAX_ATTEMPTS - attempt.attempts);
    const error = new UnauthorizedError(
      attemptsLeft > 0
        ? `Wrong code; ${attemptsLeft} attempt(s) left`
        : 'Wrong code; it can no longer be used, ask for a new one',
    );
    error.details = {
      attemptsLeft,
      messageEn: error.message,
      messageAr:
        attemptsLeft > 0
          ? `الرمز غير صحيح. المحاولات المتبقية: ${attemptsLeft}`
          : 'الرمز غير صحيح، ولم يعد صالحاً. اطلبوا رمزاً جديداً.',
    };
    throw error;
  }
  if (!(await store.use(key, stored.codeHash, ONE_TIME_CODE_MAX_ATTEMPTS, now.toISOString(), budget)))
    throw unusable(
      'code_used',
      'This code can no longer be used; ask for a new one',
      'لم يعد هذا الرمز صالحاً. اطلبوا رمزاً جديداً.',
    );
}

/** A code used, never sent, or sent to another phone: one answer for all, so none of them can be told apart. */
export function codeNeverSent(): GoneError {
  return unusable(
    'code_used',
    'This code was already used or never sent; ask for a new one',
    'هذا الرمز مستخدم من قبل أو لم يُرسل. اطلبوا رمزاً جديداً.',
  );
}

function tooManyAttempts(): GoneError {
  return unusable(
    'code_attempts_exhausted',
    'Too many wrong attempts; ask for a new code',
    'تجاوزتم عدد المحاولات المسموح بها. اطلبوا رمزاً جديداً.',
  );
}

function unusable(code: string, message: string, messageAr: string): GoneError {
  return new GoneError(message, { code, messageAr });
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
export function codeHash(key: string, phone: string, code: string): Promise<string> {
  return sha256Hex(`${key}|${phone}|${code}`);
}

function phoneHash(key: string, phone: string): Promise<string> {
  return sha256Hex(`${key}|${phone}`);
}

/**
 * Issues a code under `key`, texts it to `phone` with its template, and records on the ticket that one was sent
 * and whether it left. The code itself is kept nowhere staff can read. Like every automatic text, none goes to a
 * number that texted STOP, nor, when `budgeted`, to an unconfirmed one beyond the day's budget: the ticket records
 * it skipped.
 */
export async function textOneTimeCode(
  deps: TextPolicyDeps & {
    statusCodes: StatusCodeStore;
    templates: MessageTemplateSource;
    ids: IdGenerator;
    store: {
      getContact(contactId: string): Promise<Contact | undefined>;
      addEvents(events: TicketEventRecord[]): Promise<void>;
    };
  },
  sender: OutboundSender,
  sent: {
    ticket: Pick<Ticket, 'id' | 'reference' | 'contactId'>;
    key: string;
    phone: string;
    now: Date;
    template: 'status_code' | 'phone_confirmation_code';
    eventType: 'status_code_sent' | 'phone_confirmation_code_sent';
    budgeted: boolean;
    /** Only the key's first code: none when one was issued already (a resubmission racing the first). */
    first?: boolean;
  },
): Promise<void> {
  const { ticket, phone, now } = sent;
  const contact = await deps.store.getContact(ticket.contactId);
  const refused = await textRefusal(
    deps,
    contact,
    { channel: 'sms', to: phone },
    { daily: sent.budgeted, hourly: true },
  );
  if (refused) {
    await deps.store.addEvents([
      {
        id: deps.ids.next(now),
        ticketId: ticket.id,
        type: 'automatic_message_skipped',
        at: now.toISOString(),
        data: { kind: sent.template, channel: 'sms', reason: refused },
      },
    ]);
    return;
  }
  const code = await issueCode(deps.statusCodes, sent.key, phone, now, { first: sent.first });
  if (!code) return;
  const text = renderTemplate((await deps.templates.load())[sent.template], {
    code,
    minutes: ONE_TIME_CODE_TTL_MINUTES,
  });
  let delivered = true;
  try {
    await sender.send({
      channel: 'sms',
      to: phone,
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
      type: sent.eventType,
      at: now.toISOString(),
      data: { channel: 'sms', delivered },
    },
  ]);
}
