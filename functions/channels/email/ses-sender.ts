import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { ObjectStore } from '../../../shared/ports/object-store.ts';
import type { OutboundSender, SendResult } from '../../../shared/ports/outbound.ts';
import { composeEmail, type MailIdentity } from './compose.ts';

export interface SesSenderSettings extends MailIdentity {
  /** SES replaces the Message-ID with `<SES-id@this-domain>`; replies name that one. */
  messageIdDomain: string;
  /** Configuration set that publishes bounces and complaints. */
  configurationSet?: string;
}

/** Sends replies and acknowledgements as raw MIME through SES v2. */
export class SesEmailSender implements OutboundSender {
  constructor(
    private readonly settings: SesSenderSettings,
    private readonly objects: ObjectStore,
    private readonly ses = new SESv2Client({}),
  ) {}

  async send(message: Parameters<OutboundSender['send']>[0]): Promise<SendResult> {
    const composed = await composeEmail(message, this.settings, this.objects);
    const result = await this.ses.send(
      new SendEmailCommand({
        Content: { Raw: { Data: composed.raw } },
        ConfigurationSetName: this.settings.configurationSet,
      }),
    );
    if (!result.MessageId) throw new Error('SES accepted the mail without a message id');
    // The id on the wire, which the beneficiary's reply will name in In-Reply-To.
    return { providerMessageId: `<${result.MessageId}@${this.settings.messageIdDomain}>` };
  }
}
