import { RefusedByProviderError, type SendResult } from '../../../shared/ports/outbound.ts';
import type { OutgoingSms, SmsProvider } from '../../../shared/ports/sms.ts';

/** Without an answer by then the send fails, and the outbox tries again. */
const DEFAULT_TIMEOUT_MS = 10_000;

export interface AggregatorOptions {
  baseUrl: string;
  senderId: string;
  apiKey: () => Promise<string | undefined>;
  timeoutMs?: number;
}

/**
 * Sends through the aggregator. A 5xx, a 429, a timeout or a dropped connection throws an ordinary error, so the
 * outbox tries again as for any provider; any other 4xx is the aggregator refusing this text, said with its reason
 * and not retried.
 */
export class AggregatorSmsProvider implements SmsProvider {
  constructor(
    private readonly options: AggregatorOptions,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async send(sms: OutgoingSms): Promise<SendResult> {
    const apiKey = await this.options.apiKey();
    if (!apiKey)
      throw new Error('The SMS aggregator API key (secret sms-aggregator-api-key) is not configured');
    const response = await this.fetchImpl(`${this.options.baseUrl.replace(/\/+$/, '')}/messages`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${apiKey}`,
        'content-type': 'application/json',
        ...(sms.correlationId && { 'x-correlation-id': sms.correlationId }),
      },
      body: JSON.stringify({
        to: sms.to,
        sender: this.options.senderId,
        text: sms.text,
        type: 'transactional',
        ...(sms.correlationId && { reference: sms.correlationId }),
      }),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (response.status === 429 || response.status >= 500)
      throw new Error(
        `The SMS aggregator is unavailable (HTTP ${response.status}); the text will be tried again`,
      );
    if (!response.ok) {
      const reason = String(body.message ?? body.error ?? 'no reason given').slice(0, 200);
      throw new RefusedByProviderError(
        `The SMS aggregator refused the text (HTTP ${response.status}): ${reason}`,
      );
    }
    if (typeof body.messageId !== 'string' || body.messageId === '')
      throw new Error('The SMS aggregator accepted the text without a message id');
    return { providerMessageId: body.messageId };
  }
}
