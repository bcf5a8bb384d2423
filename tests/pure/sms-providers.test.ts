import {
  PinpointSMSVoiceV2Client,
  SendTextMessageCommand,
  ValidationException,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { UnreadablePayloadError } from '../../functions/channels/delivery-contents.ts';
import {
  aggregatorPost,
  aggregatorSignature,
  aggregatorSignatureRefusal,
  aggregatorToInbound,
} from '../../functions/channels/sms/aggregator.ts';
import { AggregatorSmsProvider } from '../../functions/channels/sms/aggregator-sender.ts';
import { EndUserMessagingSmsProvider } from '../../functions/channels/sms/end-user-messaging-sender.ts';
import { SmsSender } from '../../functions/channels/sms/sms-sender.ts';
import { smsProvider } from '../../functions/platform/provider-senders.ts';
import { Settings, smsProviderOf } from '../../functions/platform/settings.ts';
import type { Message } from '../../shared/domain/message.ts';
import { RefusedByProviderError } from '../../shared/ports/outbound.ts';
import { deliverWithRetries } from '../../shared/use-cases/deliver-outbound.ts';

const sms = { to: '+966551239876', text: 'تم استلام طلبك', correlationId: 'req-123' };

describe('the End User Messaging SMS provider', () => {
  const eum = mockClient(PinpointSMSVoiceV2Client);
  beforeEach(() => eum.reset());

  it('sends a transactional text from the sender id, with the correlation id in its context', async () => {
    eum.on(SendTextMessageCommand).resolves({ MessageId: 'eum-1' });
    const provider = new EndUserMessagingSmsProvider(
      { originationIdentity: 'SANAD', configurationSetName: 'sanad-sms' },
      new PinpointSMSVoiceV2Client({}),
    );
    expect(await provider.send(sms)).toEqual({ providerMessageId: 'eum-1' });
    expect(eum.commandCalls(SendTextMessageCommand)[0]?.args[0].input).toEqual({
      DestinationPhoneNumber: '+966551239876',
      MessageBody: 'تم استلام طلبك',
      MessageType: 'TRANSACTIONAL',
      OriginationIdentity: 'SANAD',
      ConfigurationSetName: 'sanad-sms',
      Context: { correlationId: 'req-123' },
    });
  });

  it('says a refused text is refused (not retried), and lets throttling be retried', async () => {
    const provider = new EndUserMessagingSmsProvider({}, new PinpointSMSVoiceV2Client({}));
    eum.on(SendTextMessageCommand).rejects(
      new ValidationException({
        message: 'The destination phone number is opted out',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    await expect(provider.send(sms)).rejects.toThrow(RefusedByProviderError);
    await expect(provider.send(sms)).rejects.toThrow(/opted out/);

    eum.reset();
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 400 },
    });
    eum.on(SendTextMessageCommand).rejects(throttled);
    const error = await provider.send(sms).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(RefusedByProviderError);
  });

  it('is the provider SMS_PROVIDER=end-user-messaging chooses, with SMS_SENDER_ID and the configuration set', () => {
    const settings = new Settings({
      SMS_PROVIDER: 'end-user-messaging',
      SMS_SENDER_ID: 'SANAD',
      SMS_CONFIGURATION_SET: 'sanad-sms',
    });
    expect(smsProviderOf(settings)).toEqual({
      provider: 'end-user-messaging',
      senderId: 'SANAD',
      configurationSet: 'sanad-sms',
    });
    expect(smsProvider(smsProviderOf(settings), { get: async () => undefined })).toBeInstanceOf(
      EndUserMessagingSmsProvider,
    );
  });
});

/** A fetch that answers from a list and keeps what it was asked. */
function scriptedFetch(answers: Array<{ status: number; body: unknown } | Error>) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const answer = answers.shift();
    if (!answer) throw new Error('No answer scripted');
    if (answer instanceof Error) throw answer;
    return new Response(JSON.stringify(answer.body), { status: answer.status });
  }) as unknown as typeof fetch;
  return { calls, fetchImpl };
}

const aggregator = (fetchImpl: typeof fetch, apiKey: string | null = 'key-1') =>
  new AggregatorSmsProvider(
    { baseUrl: 'https://sms.example.sa/api/', senderId: 'SANAD', apiKey: async () => apiKey ?? undefined },
    fetchImpl,
  );

describe('the SMS aggregator provider', () => {
  it('posts JSON with the bearer key, the sender id and the correlation id, and answers its message id', async () => {
    const { calls, fetchImpl } = scriptedFetch([{ status: 202, body: { messageId: 'agg-1' } }]);
    expect(await aggregator(fetchImpl).send(sms)).toEqual({ providerMessageId: 'agg-1' });
    const [call] = calls;
    expect(call?.url).toBe('https://sms.example.sa/api/messages');
    expect(call?.init.method).toBe('POST');
    expect(call?.init.headers).toMatchObject({
      authorization: 'Bearer key-1',
      'content-type': 'application/json',
      'x-correlation-id': 'req-123',
    });
    expect(call?.init.signal).toBeInstanceOf(AbortSignal);
    expect(JSON.parse(String(call?.init.body))).toEqual({
      to: '+966551239876',
      sender: 'SANAD',
      text: 'تم استلام طلبك',
      type: 'transactional',
      reference: 'req-123',
    });
  });

  it.each([500, 503, 429])('fails an HTTP %i so it is tried again', async (status) => {
    const { fetchImpl } = scriptedFetch([{ status, body: {} }]);
    const error = await aggregator(fetchImpl)
      .send(sms)
      .catch((caught: unknown) => caught);
    expect(String(error)).toMatch(new RegExp(`unavailable \\(HTTP ${status}\\)`));
    expect(error).not.toBeInstanceOf(RefusedByProviderError);
  });

  it('refuses on a 4xx with the reason the aggregator gives', async () => {
    const { fetchImpl } = scriptedFetch([{ status: 400, body: { message: 'Unknown sender name' } }]);
    const error = await aggregator(fetchImpl)
      .send(sms)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RefusedByProviderError);
    expect(String(error)).toMatch(/refused the text \(HTTP 400\): Unknown sender name/);
  });

  it('sends nothing without its API key', async () => {
    const { calls, fetchImpl } = scriptedFetch([]);
    await expect(aggregator(fetchImpl, null).send(sms)).rejects.toThrow(/sms-aggregator-api-key/);
    expect(calls).toHaveLength(0);
  });

  it('is retried by the outbox after a 503, and not after a 4xx', async () => {
    const pending = { id: 'm1', deliveryStatus: 'pending' } as Message;
    const outbound = {
      channel: 'sms',
      to: sms.to,
      text: sms.text,
      attachments: [],
      ticketReference: 'SND-1',
    };
    const flaky = scriptedFetch([
      { status: 503, body: {} },
      { status: 200, body: { messageId: 'agg-2' } },
    ]);
    const sent = await deliverWithRetries(new SmsSender(aggregator(flaky.fetchImpl)), pending, {
      ...outbound,
      channel: 'sms',
    });
    expect(sent).toMatchObject({ deliveryStatus: 'sent', providerMessageId: 'agg-2' });
    expect(flaky.calls).toHaveLength(2);

    const refusing = scriptedFetch([
      { status: 422, body: { error: 'Invalid number' } },
      { status: 200, body: { messageId: 'never' } },
    ]);
    const failed = await deliverWithRetries(new SmsSender(aggregator(refusing.fetchImpl)), pending, {
      ...outbound,
      channel: 'sms',
    });
    expect(failed).toMatchObject({ deliveryStatus: 'failed' });
    expect(failed.failureReason).toMatch(/Invalid number/);
    expect(refusing.calls).toHaveLength(1);
  });

  it('needs its URL and sender id when SMS_PROVIDER=aggregator', () => {
    expect(() => smsProviderOf(new Settings({ SMS_PROVIDER: 'aggregator', SMS_SENDER_ID: 'SANAD' }))).toThrow(
      /SMS_AGGREGATOR_URL/,
    );
    expect(() => smsProviderOf(new Settings({ SMS_PROVIDER: 'twilio' }))).toThrow(/SMS_PROVIDER/);
    expect(smsProviderOf(new Settings({}))).toEqual({ provider: 'sns', senderId: undefined });
  });
});

describe("the aggregator webhook's signature", () => {
  const secret = 'webhook-secret';
  const now = new Date('2026-11-29T09:00:00Z');
  const seconds = (date: Date) => String(Math.floor(date.getTime() / 1000));
  const body = JSON.stringify({ messageId: 'in-1', from: '0551239876', text: 'السلام عليكم' });
  const signed = (at: Date, raw = body, key = secret) => ({
    timestamp: seconds(at),
    signature: aggregatorSignature(key, seconds(at), raw),
    rawBody: raw,
  });

  it('accepts a body signed now, and one signed up to five minutes ago', () => {
    expect(aggregatorSignatureRefusal(signed(now), secret, now)).toBeUndefined();
    const fourMinutesAgo = new Date(now.getTime() - 4 * 60_000);
    expect(aggregatorSignatureRefusal(signed(fourMinutesAgo), secret, now)).toBeUndefined();
  });

  it.each([
    ['no headers', { rawBody: body }, /missing/],
    ['no timestamp', { signature: signed(now).signature, rawBody: body }, /missing/],
    ['a timestamp in milliseconds', { ...signed(now), timestamp: String(now.getTime()) }, /Unix seconds/],
    ['a date for a timestamp', { ...signed(now), timestamp: now.toISOString() }, /Unix seconds/],
    ['a stale timestamp', signed(new Date(now.getTime() - 6 * 60_000)), /five minutes/],
    ['a timestamp from the future', signed(new Date(now.getTime() + 6 * 60_000)), /five minutes/],
    ['another secret', signed(now, body, 'guessed'), /does not match/],
    ['a changed body', { ...signed(now), rawBody: body.replace('in-1', 'in-2') }, /does not match/],
    [
      'a replayed signature under a new timestamp',
      { ...signed(now), timestamp: seconds(new Date(now.getTime() + 1000)) },
      /does not match/,
    ],
    [
      'the bare hex without its prefix',
      { ...signed(now), signature: signed(now).signature.slice(7) },
      /does not match/,
    ],
    [
      'a truncated signature',
      { ...signed(now), signature: signed(now).signature.slice(0, 20) },
      /does not match/,
    ],
  ])('refuses %s', (_case, request, reason) => {
    expect(aggregatorSignatureRefusal(request, secret, now)).toMatch(reason);
  });

  it('refuses everything while no secret is configured', () => {
    expect(aggregatorSignatureRefusal(signed(now, body, ''), undefined, now)).toMatch(/not configured/);
  });

  it('reads a received SMS into the normalised inbound contact, the message id as its duplicate key', () => {
    expect(aggregatorToInbound(body, now)).toEqual({
      channel: 'sms',
      providerMessageId: 'in-1',
      identities: [{ kind: 'phone', value: '+966551239876', assurance: 'verified' }],
      text: 'السلام عليكم',
      attachments: [],
      language: 'ar',
      receivedAt: now.toISOString(),
    });
    expect(() => aggregatorToInbound('{"messageId":"x"}', now)).toThrow(UnreadablePayloadError);
    expect(() =>
      aggregatorToInbound(JSON.stringify({ messageId: 'x', from: 'SANAD', text: 'hi' }), now),
    ).toThrow(/not a valid phone/);
  });

  it('tells a delivery report on a text we sent from a received SMS, and refuses a report it cannot read', () => {
    expect(aggregatorPost(body, now)).toEqual({ inbound: aggregatorToInbound(body, now) });
    const report = {
      type: 'delivery_report',
      messageId: 'out-7',
      status: 'failed',
      reason: 'absent subscriber',
    };
    expect(aggregatorPost(JSON.stringify(report), now)).toEqual({
      report: { type: 'delivery_report', messageId: 'out-7', status: 'failed', reason: 'absent subscriber' },
    });
    const unknownState = JSON.stringify({ ...report, status: 'lost' });
    expect(() => aggregatorPost(unknownState, now)).toThrow(UnreadablePayloadError);
  });
});
