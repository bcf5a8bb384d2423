import { domainToASCII } from 'node:url';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { ObjectStore } from '../../../shared/ports/object-store.ts';
import {
  type OutboundSender,
  RefusedByProviderError,
  type SendResult,
} from '../../../shared/ports/outbound.ts';
import { type SdkOnFirstUse, sdkOnFirstUse } from '../../adapters/aws/sdk-on-first-use.ts';
import { type MailIdentity, type OutboundMail, outboundMail } from './outbound-mail.ts';

export interface SesSenderSettings extends MailIdentity {
  /** SES replaces the Message-ID with `<SES-id@this-domain>`; replies name that one. */
  messageIdDomain: string;
  /** Configuration set that publishes bounces and complaints. */
  configurationSet?: string;
}

const UTF8 = 'UTF-8';

/**
 * Sends replies and acknowledgements through SES v2 as a simple message: SES writes the MIME (UTF-8, encoded
 * words, attachments), so no MIME library is bundled; the threading and auto-reply headers go as headers.
 */
export class SesEmailSender implements OutboundSender {
  private readonly ses: SdkOnFirstUse<typeof import('@aws-sdk/client-sesv2'), SESv2Client>;

  constructor(
    private readonly settings: SesSenderSettings,
    private readonly objects: ObjectStore,
    client?: SESv2Client,
  ) {
    this.ses = sdkOnFirstUse('@aws-sdk/client-sesv2', (sdk) => new sdk.SESv2Client({}), client);
  }

  async send(message: Parameters<OutboundSender['send']>[0]): Promise<SendResult> {
    const mail = await outboundMail(message, this.settings, this.objects);
    const { sdk, client } = this.ses();
    const result = await client.send(
      new sdk.SendEmailCommand({
        FromEmailAddress: mailboxHeader(mail.from),
        Destination: { ToAddresses: [asciiAddress(mail.to)] },
        ReplyToAddresses: [mail.replyTo],
        Content: {
          Simple: {
            Subject: { Data: mail.subject, Charset: UTF8 },
            Body: {
              Text: { Data: mail.text, Charset: UTF8 },
              ...(mail.html && { Html: { Data: mail.html, Charset: UTF8 } }),
            },
            Headers: Object.entries(mail.headers).map(([Name, Value]) => ({ Name, Value })),
            ...(mail.attachments.length > 0 && {
              Attachments: mail.attachments.map((attachment) => ({
                FileName: attachment.filename,
                ContentType: attachment.contentType,
                RawContent: attachment.content,
                ContentDisposition: 'ATTACHMENT' as const,
              })),
            }),
          },
        },
        ConfigurationSetName: this.settings.configurationSet,
      }),
    );
    if (!result.MessageId) throw new Error('SES accepted the mail without a message id');
    // The id on the wire, which the beneficiary's reply will name in In-Reply-To.
    return { providerMessageId: `<${result.MessageId}@${this.settings.messageIdDomain}>` };
  }
}

/**
 * The address as SES takes it: 7-bit ASCII, an internationalised domain (مثال.السعودية) in its punycode form. A
 * mailbox name in Arabic letters cannot be reached through SES (it has no SMTPUTF8): refused, not retried.
 */
export function asciiAddress(address: string): string {
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  const domain = domainToASCII(address.slice(at + 1));
  if (at <= 0 || !domain || !/^[\x21-\x7e]+$/.test(local))
    throw new RefusedByProviderError(
      `SES cannot send to ${address}: only ASCII mailbox names are deliverable`,
    );
  return `${local}@${domain}`;
}

/** SES takes the sender as a header value: a non-ASCII display name must come as an RFC 2047 encoded word. */
export function mailboxHeader({ name, address }: OutboundMail['from']): string {
  if (!name) return address;
  if (/^[\x20-\x7e]*$/.test(name)) return `"${name.replace(/["\\]/g, '\\$&')}" <${address}>`;
  return `=?UTF-8?B?${Buffer.from(name, 'utf8').toString('base64')}?= <${address}>`;
}
