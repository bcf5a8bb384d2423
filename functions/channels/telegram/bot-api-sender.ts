import type { Attachment } from '../../../shared/domain/message.ts';
import type { ObjectStore } from '../../../shared/ports/object-store.ts';
import type { OutboundMessage, OutboundSender, SendResult } from '../../../shared/ports/outbound.ts';
import { fileBlob, isPicture } from '../media/outbound-files.ts';
import { DEFAULT_TELEGRAM_API_URL } from '../media/provider-media.ts';

/** The Bot API request for a reply: text to the beneficiary's private chat. */
export function sendMessageRequest(message: OutboundMessage): {
  chat_id: string;
  text: string;
  reply_parameters?: { message_id: number; allow_sending_without_reply: boolean };
} {
  // Our ids of a Telegram message are `<chat id>:<message id>`; only a message of this chat can be answered.
  const answered = message.answering?.startsWith(`${message.to}:`)
    ? Number(message.answering.slice(message.to.length + 1))
    : undefined;
  return {
    chat_id: message.to,
    text: message.text.slice(0, 4096),
    // Sent even if the beneficiary has since deleted the message answered.
    ...(answered !== undefined &&
      Number.isSafeInteger(answered) && {
        reply_parameters: { message_id: answered, allow_sending_without_reply: true },
      }),
  };
}

/** Bots may send photos up to 10 MB; larger pictures and every other file go by sendDocument (50 MB). */
const PHOTO_BYTES = 10 * 1024 * 1024;

/** Which Bot API method carries a file, and the form field it goes in. */
export function telegramFileMethod(attachment: Attachment): {
  method: 'sendPhoto' | 'sendDocument';
  field: string;
} {
  return isPicture(attachment.contentType) && attachment.size <= PHOTO_BYTES
    ? { method: 'sendPhoto', field: 'photo' }
    : { method: 'sendDocument', field: 'document' };
}

export interface TelegramSenderOptions {
  /** TELEGRAM_API_URL: the Bot API host. */
  apiUrl?: string;
  objects?: ObjectStore;
}

/** Replies through the Telegram Bot API: sendMessage, then sendPhoto/sendDocument (multipart) for each file. */
export class TelegramBotSender implements OutboundSender {
  constructor(
    private readonly botToken: () => Promise<string | undefined>,
    private readonly fetchImpl: typeof fetch = fetch,
    private readonly options: TelegramSenderOptions = {},
  ) {}

  async send(message: OutboundMessage): Promise<SendResult> {
    const token = await this.botToken();
    if (!token) throw new Error('The Telegram bot token is not configured');
    if (message.attachments.length > 0 && !this.options.objects)
      throw new Error('This sender cannot read reply files');
    const call = async (method: string, body: FormData | Record<string, unknown>) => {
      const multipart = body instanceof FormData;
      const response = await this.fetchImpl(
        `${this.options.apiUrl ?? DEFAULT_TELEGRAM_API_URL}/bot${token}/${method}`,
        {
          method: 'POST',
          headers: multipart ? {} : { 'content-type': 'application/json' },
          body: multipart ? body : JSON.stringify(body),
        },
      );
      const answer = (await response.json().catch(() => ({}))) as {
        ok?: boolean;
        description?: string;
        result?: { message_id?: number };
      };
      if (!response.ok || !answer.ok || answer.result?.message_id === undefined) {
        throw new Error(`Telegram refused the message: ${answer.description ?? response.status}`);
      }
      return `${message.to}:${answer.result.message_id}`;
    };
    const files = await Promise.all(
      message.attachments.map(async (attachment) => ({
        attachment,
        blob: await fileBlob(this.options.objects as ObjectStore, attachment),
      })),
    );
    const id =
      message.text.trim() || files.length === 0
        ? await call('sendMessage', sendMessageRequest(message))
        : undefined;
    const fileIds: string[] = [];
    for (const { attachment, blob } of files) {
      const { method, field } = telegramFileMethod(attachment);
      const form = new FormData();
      form.set('chat_id', message.to);
      form.set(field, blob, attachment.name);
      fileIds.push(await call(method, form));
    }
    return { providerMessageId: (id ?? fileIds[0]) as string };
  }
}
