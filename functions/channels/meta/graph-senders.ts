import type { Attachment } from '../../../shared/domain/message.ts';
import type { ObjectStore } from '../../../shared/ports/object-store.ts';
import type { OutboundMessage, OutboundSender, SendResult } from '../../../shared/ports/outbound.ts';
import { fileBlob, isPicture } from '../media/outbound-files.ts';
import { DEFAULT_META_GRAPH_URL } from '../media/provider-media.ts';

export const GRAPH_API = DEFAULT_META_GRAPH_URL;

/** Where a sender calls and reads reply files from; the Graph base is META_GRAPH_URL's. */
export interface GraphSenderOptions {
  graphUrl?: string;
  objects?: ObjectStore;
}

/** WhatsApp shows JPEG/PNG up to 5 MB as an image; everything else (and larger pictures) as a document. */
const WHATSAPP_IMAGE_BYTES = 5 * 1024 * 1024;
const whatsappKind = (attachment: Attachment) =>
  isPicture(attachment.contentType) && attachment.size <= WHATSAPP_IMAGE_BYTES ? 'image' : 'document';

type Secret = () => Promise<string | undefined>;

/**
 * Whom a Cloud API message goes to: a phone in `to` (digits, no plus), a business-scoped user id (a user who hides
 * their phone behind a username; `CC.` then digits, never a phone) in `recipient`.
 */
const whatsappAddressee = (to: string) =>
  to.includes('.') ? { recipient: to } : { to: to.replace(/^\+/, '') };

/** The Cloud API request body: free text inside the 24-hour window, an approved template outside it. */
export function whatsappRequest(message: OutboundMessage): Record<string, unknown> {
  const base = {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    ...whatsappAddressee(message.to),
  };
  if (message.template) {
    return {
      ...base,
      type: 'template',
      template: {
        name: message.template.name,
        language: { code: message.template.language },
        components: message.template.parameters.length
          ? [
              {
                type: 'body',
                parameters: message.template.parameters.map((text) => ({ type: 'text', text })),
              },
            ]
          : [],
      },
    };
  }
  return {
    ...base,
    ...(message.answering && { context: { message_id: message.answering } }),
    type: 'text',
    text: { body: message.text.slice(0, 4096) },
  };
}

/** The Cloud API body that sends a file uploaded to `/{phone-number-id}/media` (its id). */
export function whatsappMediaRequest(
  to: string,
  attachment: Attachment,
  mediaId: string,
): Record<string, unknown> {
  const kind = whatsappKind(attachment);
  return {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    ...whatsappAddressee(to),
    type: kind,
    [kind]: kind === 'document' ? { id: mediaId, filename: attachment.name } : { id: mediaId },
  };
}

/** The Send API attachment of a file uploaded with the message (`filedata`). */
export function messagingAttachment(attachment: Attachment): Record<string, unknown> {
  const type = isPicture(attachment.contentType)
    ? 'image'
    : attachment.contentType.startsWith('audio/')
      ? 'audio'
      : attachment.contentType.startsWith('video/')
        ? 'video'
        : 'file';
  return { attachment: { type, payload: { is_reusable: false } } };
}

/** The Send API body for Messenger and Instagram: a response to the person's message. */
export function messagingRequest(message: OutboundMessage): Record<string, unknown> {
  return {
    recipient: { id: message.to },
    messaging_type: 'RESPONSE',
    message: { text: message.text.slice(0, 2000) },
  };
}

async function post(
  fetchImpl: typeof fetch,
  url: string,
  token: string,
  body: unknown,
): Promise<Record<string, unknown>> {
  const multipart = body instanceof FormData;
  const response = await fetchImpl(url, {
    method: 'POST',
    headers: {
      ...(multipart ? {} : { 'content-type': 'application/json' }),
      authorization: `Bearer ${token}`,
    },
    body: multipart ? body : JSON.stringify(body),
  });
  const answer = (await response.json().catch(() => ({}))) as Record<string, unknown> & {
    error?: { message?: string };
  };
  if (!response.ok)
    throw new Error(`Graph API refused the message: ${answer.error?.message ?? response.status}`);
  return answer;
}

/** Replies through the WhatsApp Cloud API (`/{phone-number-id}/messages`). */
export class WhatsAppSender implements OutboundSender {
  constructor(
    private readonly accessToken: Secret,
    private readonly phoneNumberId: Secret,
    private readonly fetchImpl: typeof fetch = fetch,
    private readonly options: GraphSenderOptions = {},
  ) {}

  /** The text first (its id is the reply's), then each file: uploaded to `/{phone-number-id}/media`, then sent. */
  async send(message: OutboundMessage): Promise<SendResult> {
    const [token, phoneNumberId] = await Promise.all([this.accessToken(), this.phoneNumberId()]);
    if (!token || !phoneNumberId)
      throw new Error('WhatsApp is not configured (access token, phone number id)');
    const graph = this.options.graphUrl ?? GRAPH_API;
    const send = async (body: unknown) => {
      const answer = await post(this.fetchImpl, `${graph}/${phoneNumberId}/messages`, token, body);
      const id = (answer.messages as { id?: string }[] | undefined)?.[0]?.id;
      if (!id) throw new Error('WhatsApp accepted the message without an id');
      return id;
    };
    const files = await readFiles(this.options.objects, message.attachments);
    const id = message.text.trim() || files.length === 0 ? await send(whatsappRequest(message)) : undefined;
    const fileIds: string[] = [];
    for (const { attachment, blob } of files) {
      const upload = new FormData();
      upload.set('messaging_product', 'whatsapp');
      upload.set('type', attachment.contentType);
      upload.set('file', blob, attachment.name);
      const uploaded = await post(this.fetchImpl, `${graph}/${phoneNumberId}/media`, token, upload);
      if (typeof uploaded.id !== 'string')
        throw new Error(`WhatsApp did not take the file ${attachment.name}`);
      fileIds.push(await send(whatsappMediaRequest(message.to, attachment, uploaded.id)));
    }
    return { providerMessageId: (id ?? fileIds[0]) as string };
  }
}

async function readFiles(objects: ObjectStore | undefined, attachments: readonly Attachment[]) {
  if (attachments.length > 0 && !objects) throw new Error('This sender cannot read reply files');
  return Promise.all(
    attachments.map(async (attachment) => ({
      attachment,
      blob: await fileBlob(objects as ObjectStore, attachment),
    })),
  );
}

/** Replies through the Messenger Platform Send API (`/me/messages`), for Messenger and Instagram. */
export class MessagingSender implements OutboundSender {
  constructor(
    private readonly pageAccessToken: Secret,
    private readonly fetchImpl: typeof fetch = fetch,
    private readonly options: GraphSenderOptions = {},
  ) {}

  /** The text first, then each file uploaded with its own message (`filedata`, multipart). */
  async send(message: OutboundMessage): Promise<SendResult> {
    const token = await this.pageAccessToken();
    if (!token) throw new Error('The page access token is not configured');
    const url = `${this.options.graphUrl ?? GRAPH_API}/me/messages`;
    const idOf = (answer: Record<string, unknown>) => {
      if (typeof answer.message_id !== 'string')
        throw new Error('The Send API accepted the message without an id');
      return answer.message_id;
    };
    const files = await readFiles(this.options.objects, message.attachments);
    const id =
      message.text.trim() || files.length === 0
        ? idOf(await post(this.fetchImpl, url, token, messagingRequest(message)))
        : undefined;
    const fileIds: string[] = [];
    for (const { attachment, blob } of files) {
      const form = new FormData();
      form.set('recipient', JSON.stringify({ id: message.to }));
      form.set('messaging_type', 'RESPONSE');
      form.set('message', JSON.stringify(messagingAttachment(attachment)));
      form.set('filedata', blob, attachment.name);
      fileIds.push(idOf(await post(this.fetchImpl, url, token, form)));
    }
    return { providerMessageId: (id ?? fileIds[0]) as string };
  }
}
