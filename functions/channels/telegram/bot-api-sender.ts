import type { OutboundMessage, OutboundSender, SendResult } from '../../../shared/ports/outbound.ts';

/** The Bot API request for a reply: text to the beneficiary's private chat. */
export function sendMessageRequest(message: OutboundMessage): { chat_id: string; text: string } {
  return { chat_id: message.to, text: message.text.slice(0, 4096) };
}

/** Replies through the Telegram Bot API's sendMessage. */
export class TelegramBotSender implements OutboundSender {
  constructor(
    private readonly botToken: () => Promise<string | undefined>,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async send(message: OutboundMessage): Promise<SendResult> {
    const token = await this.botToken();
    if (!token) throw new Error('The Telegram bot token is not configured');
    const response = await this.fetchImpl(`https://api.telegram.org/bot${token}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(sendMessageRequest(message)),
    });
    const body = (await response.json().catch(() => ({}))) as {
      ok?: boolean;
      description?: string;
      result?: { message_id?: number };
    };
    if (!response.ok || !body.ok || body.result?.message_id === undefined) {
      throw new Error(`Telegram refused the message: ${body.description ?? response.status}`);
    }
    return { providerMessageId: `${message.to}:${body.result.message_id}` };
  }
}
