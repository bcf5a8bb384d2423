import type { OutboundSenders } from '../../shared/ports/outbound.ts';
import { SesEmailSender } from '../channels/email/ses-sender.ts';
import type { AwsParts } from './aws.ts';
import { providerSenders } from './provider-senders.ts';
import { providerUrlsOf, smsProviderOf } from './settings.ts';

/** Every channel's sender on AWS (SES for mail, the chosen SMS provider, the providers' APIs): for functions that send. */
export const awsSenders: AwsParts = {
  senders(platform, settings): OutboundSenders {
    const objects = platform.objects();
    const from = settings.optional('MAIL_FROM');
    return {
      ...providerSenders({
        secrets: platform.secrets(),
        urls: providerUrlsOf(settings),
        objects,
        fileLinks: platform.fileLinks(),
        sms: smsProviderOf(settings),
      }),
      ...(from && {
        email: new SesEmailSender(
          {
            from,
            replyTo: settings.optional('MAIL_REPLY_TO') ?? from,
            messageIdDomain: platform.sentMailDomain(),
            configurationSet: settings.optional('SES_CONFIGURATION_SET'),
          },
          objects,
        ),
      }),
    };
  },
};
