import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { StaffNoticeEmail } from '../../../shared/domain/staff-notices.ts';
import type { StaffMailer } from '../../../shared/ports/staff-notifier.ts';
import { type SdkOnFirstUse, sdkOnFirstUse } from './sdk-on-first-use.ts';

export interface SesStaffMailerSettings {
  /** The deployment's sender address (`MAIL_FROM`), the one beneficiary mail leaves from; unset, none is sent. */
  from?: string;
  configurationSet?: string;
}

/** Sends each staff member their notice as a plain-text email of their own, through SES v2. */
export class SesStaffMailer implements StaffMailer {
  private readonly ses: SdkOnFirstUse<typeof import('@aws-sdk/client-sesv2'), SESv2Client>;

  constructor(
    private readonly settings: SesStaffMailerSettings,
    client?: SESv2Client,
  ) {
    this.ses = sdkOnFirstUse('@aws-sdk/client-sesv2', (sdk) => new sdk.SESv2Client({}), client);
  }

  async send(email: StaffNoticeEmail): Promise<void> {
    const { from } = this.settings;
    if (!from) {
      // Like beneficiary mail: a deployment without a sender sends none; the notice is still in the inbox.
      console.warn(
        JSON.stringify({
          staffNoticeNotEmailed: email.escalation ?? email.notice,
          reason: 'MAIL_FROM is not set',
        }),
      );
      return;
    }
    const { sdk, client } = this.ses();
    await client.send(
      new sdk.SendEmailCommand({
        FromEmailAddress: namedAddress(email.senderName, from),
        Destination: { ToAddresses: [email.to] },
        Content: {
          Simple: {
            Subject: { Data: email.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: email.text, Charset: 'UTF-8' } },
            // Out-of-office replies would otherwise come back to the society's address as new tickets.
            Headers: [{ Name: 'Auto-Submitted', Value: 'auto-generated' }],
          },
        },
        ConfigurationSetName: this.settings.configurationSet,
      }),
    );
  }
}

/** `"Name" <address>`, the name as an RFC 2047 encoded word so Arabic survives every mail server. */
function namedAddress(name: string, from: string): string {
  const address = from.match(/<([^>]+)>/)?.[1] ?? from.trim();
  return `=?UTF-8?B?${Buffer.from(name, 'utf8').toString('base64')}?= <${address}>`;
}
