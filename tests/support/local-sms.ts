import { expect } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { postJson } from './runtime.ts';

/** A received SMS as AWS End User Messaging publishes it (locally POST /local/sms), accepted for intake. */
export async function receiveSms(
  runtime: Pick<LocalRuntime, 'url'>,
  from: string,
  text: string,
  inboundMessageId: string,
): Promise<void> {
  const received = await postJson(`${runtime.url}/local/sms`, {
    originationNumber: from,
    destinationNumber: '+966112345678',
    messageKeyword: 'KEYWORD_966112345678',
    messageBody: text,
    inboundMessageId,
  });
  expect(received.status).toBe(202);
}

/** The texts of the SMS the runtime sent to a phone, oldest first. */
export function smsTextsTo(runtime: Pick<LocalRuntime, 'outbox'>, phone: string): string[] {
  return runtime.outbox
    .list('sms')
    .filter((entry) => entry.to === phone)
    .map((entry) => JSON.parse(entry.payload).text as string);
}
