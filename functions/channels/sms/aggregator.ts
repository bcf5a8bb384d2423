import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod/mini';
import { senderAssurance } from '../../../shared/domain/channel.ts';
import type { InboundContact } from '../../../shared/domain/inbound-contact.ts';
import { normalisePhone } from '../../../shared/domain/phone.ts';
import { parseReceivedJson } from '../../../shared/domain/typed-text.ts';
import { UnreadablePayloadError } from '../delivery-contents.ts';

/**
 * A Saudi SMS aggregator's HTTP API, as the society's contract with it reads:
 *
 * Sending: `POST {base}/messages` with `Authorization: Bearer <API key>`, `X-Correlation-Id` and a JSON body
 * `{ to, sender, text, type: "transactional", reference }` (reference: our correlation id); a 2xx answers
 * `{ messageId }`.
 *
 * Receiving: the aggregator posts each received SMS to `POST /webhooks/sms/aggregator` as
 * `{ messageId, from, to, text, receivedAt? }`, and each delivery report on a text we sent as
 * `{ type: "delivery_report", messageId, status: "delivered" | "failed", reason? }`, signed with the shared
 * webhook secret:
 * `X-Sanad-Timestamp: <Unix seconds>` and `X-Sanad-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`.
 * A timestamp more than five minutes away from our clock is refused (a captured request cannot be replayed
 * later); a redelivery within them is found by its message id, so it never makes a second ticket.
 */
export const AGGREGATOR_TIMESTAMP_HEADER = 'x-sanad-timestamp';
export const AGGREGATOR_SIGNATURE_HEADER = 'x-sanad-signature';
export const AGGREGATOR_SIGNATURE_TOLERANCE_MS = 5 * 60 * 1000;

/** The signature header's value for a body sent at `timestamp` (Unix seconds). */
export function aggregatorSignature(secret: string, timestamp: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

/** Why a webhook request is refused, or undefined when it is signed, and recently, with the secret. */
export function aggregatorSignatureRefusal(
  request: { timestamp?: string; signature?: string; rawBody: string },
  secret: string | undefined,
  now: Date,
): string | undefined {
  if (!secret) return 'The SMS webhook secret is not configured';
  const { timestamp, signature, rawBody } = request;
  if (!timestamp || !signature) return 'The signature or its timestamp header is missing';
  if (!/^\d{1,12}$/.test(timestamp)) return 'The signature timestamp is not Unix seconds';
  if (Math.abs(now.getTime() - Number(timestamp) * 1000) > AGGREGATOR_SIGNATURE_TOLERANCE_MS)
    return 'The signature timestamp is more than five minutes from now';
  const expected = Buffer.from(aggregatorSignature(secret, timestamp, rawBody));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return 'The signature does not match the body';
  return undefined;
}

export const aggregatorInboundSchema = z.object({
  messageId: z.string().check(z.minLength(1), z.maxLength(128)),
  from: z.string().check(z.minLength(3), z.maxLength(20)),
  to: z.optional(z.string().check(z.maxLength(20))),
  text: z.string().check(z.maxLength(10_000)),
  receivedAt: z.optional(z.iso.datetime({ offset: true })),
});

/** What the aggregator later learnt of a text we sent (its `messageId` is the one its send answered). */
export const aggregatorReportSchema = z.object({
  type: z.literal('delivery_report'),
  messageId: z.string().check(z.minLength(1), z.maxLength(128)),
  status: z.enum(['delivered', 'failed']),
  reason: z.optional(z.string().check(z.maxLength(200))),
});
export type AggregatorReport = z.infer<typeof aggregatorReportSchema>;

/** A post of the aggregator's: a received SMS, or a delivery report on one we sent. */
export function aggregatorPost(
  raw: string,
  now: Date,
): { inbound: InboundContact } | { report: AggregatorReport } {
  const body: unknown = parseReceivedJson(raw);
  if ((body as { type?: unknown } | null)?.type !== 'delivery_report')
    return { inbound: aggregatorToInbound(raw, now) };
  const report = aggregatorReportSchema.safeParse(body);
  if (!report.success) throw new UnreadablePayloadError('The body is not a delivery report');
  return { report: report.data };
}

/** One received SMS as the aggregator posts it → the normalised inbound contact. */
export function aggregatorToInbound(raw: string, now: Date): InboundContact {
  const parsed = aggregatorInboundSchema.safeParse(parseReceivedJson(raw));
  if (!parsed.success) throw new UnreadablePayloadError('The body is not a received SMS');
  const phone = normalisePhone(parsed.data.from);
  if (!phone) throw new UnreadablePayloadError('The sender is not a valid phone number');
  const text = parsed.data.text.trim();
  return {
    channel: 'sms',
    providerMessageId: parsed.data.messageId,
    identities: [{ kind: 'phone', value: phone, assurance: senderAssurance('sms') }],
    text: text === '' ? '(رسالة فارغة)' : text,
    attachments: [],
    language: /[\u0600-\u06FF]/.test(text) ? 'ar' : 'en',
    receivedAt: new Date(parsed.data.receivedAt ?? now).toISOString(),
  };
}
