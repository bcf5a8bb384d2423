import type { OutboundMessage, OutboundSender, SendResult } from '../../../shared/ports/outbound.ts';

export const GRAPH_API = 'https://graph.facebook.com/v21.0';

type Secret = () => Promise<string | undefined>;

/** The Cloud API request body: free text inside the 24-hour window, an approved template outside it. */
export function whatsappRequest(message: OutboundMessage): Record<string, unknown> {
  const base = {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: message.to.replace(/^\+/, ''),
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
  return { ...base, type: 'text', text: { body: message.text.slice(0, 4096) } };
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
  const response = await fetchImpl(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
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
  ) {}

  async send(message: OutboundMessage): Promise<SendResult> {
    const [token, phoneNumberId] = await Promise.all([this.accessToken(), this.phoneNumberId()]);
    if (!token || !phoneNumberId)
      throw new Error('WhatsApp is not configured (access token, phone number id)');
    const answer = await post(
      this.fetchImpl,
      `${GRAPH_API}/${phoneNumberId}/messages`,
      token,
      whatsappRequest(message),
    );
    const id = (answer.messages as { id?: string }[] | undefined)?.[0]?.id;
    if (!id) throw new Error('WhatsApp accepted the message without an id');
    return { providerMessageId: id };
  }
}

/** Replies through the Messenger Platform Send API (`/me/messages`), for Messenger and Instagram. */
export class MessagingSender implements OutboundSender {
  constructor(
    private readonly pageAccessToken: Secret,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async send(message: OutboundMessage): Promise<SendResult> {
    const token = await this.pageAccessToken();
    if (!token) throw new Error('The page access token is not configured');
    const answer = await post(this.fetchImpl, `${GRAPH_API}/me/messages`, token, messagingRequest(message));
    if (typeof answer.message_id !== 'string')
      throw new Error('The Send API accepted the message without an id');
    return { providerMessageId: answer.message_id };
  }
}
