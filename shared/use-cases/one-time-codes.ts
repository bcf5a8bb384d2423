import type { Contact } from '../domain/contact.ts';
import { GoneError, UnauthorizedError } from '../domain/errors.ts';
import { renderTemplate } from '../domain/message-templates.ts';
import {
  ONE_TIME_CODE_DIGITS,
  ONE_TIME_CODE_MAX_ATTEMPTS,
  ONE_TIME_CODE_TTL_MINUTES,
} from '../domain/public-limits.ts';
import { sha256Hex } from '../domain/sha256.ts';
import type { Ticket } from '../domain/ticket.ts';
import type { IdGenerator } from '../ports/ids.ts';
import type { MessageTemplateSource } from '../ports/message-templates.ts';
import type { OutboundSender } from '../ports/outbound.ts';
import type { AttemptBudget, CodeAttempt, CodeElsewhere, StatusCodeStore } from '../ports/status-codes.ts';
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
      validUntil: codeValidUntil(now),
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

/**
 * Spends the latest code issued under `key`, or refuses it with the reason in Arabic and English. Only the holder
 * (naming the phone the code went to, or naming none while a code is live) is told a code expired or was used;
 * every other attempt is answered as a wrong code (`refuseElsewhere`), so no answer tells a stranger whether, when
 * or to which phone a code was sent.
 */
export async function spendCode(
  store: StatusCodeStore,
  key: string,
  by: CodeAttemptBy,
  code: string,
  now: Date,
): Promise<void> {
  const attemptedHash = by.namesPhone ? await phoneHash(key, by.phone) : undefined;
  const standIn = attemptedHash ?? (await phoneHash(key, NO_PHONE_NAMED));
  const [stored, elsewhere] = await Promise.all([store.get(key), store.getElsewhere(key, standIn)]);
  const holder =
    attemptedHash !== undefined
      ? stored !== undefined && (stored.phoneHash ?? attemptedHash) === attemptedHash
      : stored !== undefined && !stored.usedAt && Date.parse(stored.validUntil) > now.getTime();
  if (!holder || !stored) return refuseElsewhere(store, key, standIn, elsewhere, now);
  if (stored.usedAt) throw codeNeverSent();
  const budget: AttemptBudget = by.namesPhone ? 'attempts' : 'unnamedAttempts';
  refuseUnusable(stored.validUntil, stored[budget] ?? 0, now);
  if ((await codeHash(key, by.phone, code)) !== stored.codeHash)
    return refuseCounted(() =>
      store.countWrongAttempt(key, stored.codeHash, ONE_TIME_CODE_MAX_ATTEMPTS, budget),
    );
  if (!(await store.use(key, stored.codeHash, ONE_TIME_CODE_MAX_ATTEMPTS, now.toISOString(), budget)))
    throw unusable(
      'code_used',
      'This code can no longer be used; ask for a new one',
      'لم يعد هذا الرمز صالحاً. اطلبوا رمزاً جديداً.',
    );
}

/** What attempts naming no phone are counted under when they are not the holder's. */
const NO_PHONE_NAMED = 'no phone named';

/**
 * An attempt that is not the holder's (a phone the code was not sent to; no code, or none live, for an attempt
 * naming no phone): refused as a wrong code would be, from what stands for a code for it (one asked for with that
 * phone, else one started at its first attempt, with its own time and attempts), never let through.
 */
async function refuseElsewhere(
  store: StatusCodeStore,
  key: string,
  standIn: string,
  elsewhere: CodeElsewhere | undefined,
  now: Date,
): Promise<never> {
  const validUntil = elsewhere?.validUntil ?? codeValidUntil(now);
  refuseUnusable(validUntil, elsewhere?.attempts ?? 0, now);
  return refuseCounted(() =>
    store.countAttemptElsewhere(key, standIn, validUntil, ONE_TIME_CODE_MAX_ATTEMPTS),
  );
}

const codeValidUntil = (now: Date) =>
  new Date(now.getTime() + ONE_TIME_CODE_TTL_MINUTES * 60_000).toISOString();

/** A code past its time or its attempts is refused so, whoever tries it. */
function refuseUnusable(validUntil: string, attempts: number, now: Date): void {
  if (Date.parse(validUntil) <= now.getTime()) throw codeExpired();
  if (attempts >= ONE_TIME_CODE_MAX_ATTEMPTS) throw tooManyAttempts();
}

/** A wrong attempt, counted, is refused with the attempts left (none left once the count is full). */
async function refuseCounted(count: () => Promise<CodeAttempt>): Promise<never> {
  const attempt = await count();
  if (attempt.outcome === 'unavailable') throw tooManyAttempts();
  throw wrongCode(attempt.attempts);
}

/**
 * A code asked for with a phone the request was not made from: nothing is sent, but what the asker tries next is
 * answered as if a code had been (see `refuseElsewhere`).
 */
export async function issueCodeElsewhere(
  store: StatusCodeStore,
  key: string,
  phone: string,
  now: Date,
): Promise<void> {
  await store.putElsewhere(key, await phoneHash(key, phone), codeValidUntil(now));
}

function wrongCode(attempts: number): UnauthorizedError {
  const attemptsLeft = Math.max(0, ONE_TIME_CODE_MAX_ATTEMPTS - attempts);
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
  return error;
}

function codeExpired(): GoneError {
  return unusable(
    'code_expired',
    'This code has expired; ask for a new one',
    'انتهت صلاحية الرمز. اطلبوا رمزاً جديداً.',
  );
}

/** A code its holder already used, or an attempt with no reference to try it under: one answer for both. */
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
  const codes = 10 ** ONE_TIME_CODE_DIGITS;
  // Rejection sampling keeps every code equally likely.
  const limit = Math.floor(0x1_0000_0000 / codes) * codes;
  do crypto.getRandomValues(buffer);
  while ((buffer[0] ?? 0) >= limit);
  return String((buffer[0] ?? 0) % codes).padStart(ONE_TIME_CODE_DIGITS, '0');
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
    { daily: sent.budgeted, hourly: true, confirmedToo: true },
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
