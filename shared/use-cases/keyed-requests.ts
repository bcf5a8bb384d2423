import { IdempotencyKeyReusedError, NotFoundError } from '../domain/errors.ts';
import type { Message } from '../domain/message.ts';
import { sha256Hex } from '../domain/sha256.ts';
import type { Principal } from '../domain/staff.ts';
import type { ReplyStore, TicketWithThread } from '../ports/ticket-store.ts';

/**
 * A member's Idempotency-Key on a ticket names one staff message, a reply or an internal note. Here: the key
 * digested (a key never names a path) as the id the reply's outbox entry, or the note's hold on it, is kept under,
 * and the digest of what the request asks.
 */
export async function keyedRequest(
  principal: Principal,
  ticketId: string,
  idempotencyKey: string,
  asked: unknown[],
): Promise<{ id: string; fingerprint: string }> {
  const [key, fingerprint] = await Promise.all([
    sha256Hex(JSON.stringify([principal.userId, idempotencyKey])),
    sha256Hex(JSON.stringify(asked)),
  ]);
  return { id: `${ticketId}#reply#${key.slice(0, 32)}`, fingerprint: fingerprint.slice(0, 32) };
}

/**
 * The answer to a request sent again with its key: the reply or note it made, as it stands. A reply still pending
 * is being sent by its attempt, or, if that attempt died, is sent by the outbox drain once its lease has passed.
 * The key used for another kind of message, or with another request, is refused.
 */
export async function answerAgain(
  store: Pick<ReplyStore, 'getRecordedReply'>,
  earlier: Awaited<ReturnType<ReplyStore['replyEntry']>>,
  kind: 'reply' | 'note',
  fingerprint: string | undefined,
  thread?: TicketWithThread,
): Promise<{ message: Message; repeated: true }> {
  const entry = earlier?.entry;
  if (entry && (entry.kind !== kind || entry.fingerprint !== fingerprint))
    throw new IdempotencyKeyReusedError();
  const message =
    entry &&
    (thread?.messages.find((candidate) => candidate.id === entry.messageId) ??
      (await store.getRecordedReply(entry)));
  if (!message) throw new NotFoundError('Reply');
  return { message, repeated: true };
}
