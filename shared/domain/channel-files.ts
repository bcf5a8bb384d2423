import type { Channel } from './channel.ts';
import type { Attachment } from './message.ts';

/** How a channel carries a file staff attach to a reply: in the message, or as a link to it. */
export interface FileCarriage {
  how: 'attached' | 'link';
  /** The provider's limit for one file. */
  maxBytes: number;
  /** Types the provider takes; absent = any. */
  accepts?: (contentType: string) => boolean;
}

const MB = 1024 * 1024;

/**
 * What each channel can do with a file, from the providers' documented limits: WhatsApp documents 100 MB (images
 * over 5 MB go as documents), Messenger attachments 25 MB, Instagram images 8 MB (it takes no documents), Telegram
 * bots 50 MB. Mail attaches them (SES takes 40 MB of MIME); SMS links to them. Channels absent here carry none.
 */
const CARRIAGE: Partial<Record<Channel, FileCarriage>> = {
  email: { how: 'attached', maxBytes: 25 * MB },
  // A text cannot carry a file: a signed link to it, valid for a week, follows the words.
  sms: { how: 'link', maxBytes: 25 * MB },
  whatsapp: { how: 'attached', maxBytes: 100 * MB },
  messenger: { how: 'attached', maxBytes: 25 * MB },
  instagram: {
    how: 'attached',
    maxBytes: 8 * MB,
    accepts: (type) => type === 'image/jpeg' || type === 'image/png',
  },
  telegram: { how: 'attached', maxBytes: 50 * MB },
};

export function fileCarriage(channel: Channel): FileCarriage | undefined {
  return CARRIAGE[channel];
}

/**
 * Why these files cannot go out on the channel, or undefined when they can: asked before sending, so a reply is
 * refused rather than shown as sent with its files dropped.
 */
export function fileRefusal(
  channel: Channel,
  attachments: readonly Attachment[],
  carriage = fileCarriage(channel),
): string | undefined {
  if (attachments.length === 0) return undefined;
  if (!carriage) return `Files cannot be sent on ${channel}; send them on another of the contact's channels`;
  for (const attachment of attachments) {
    if (carriage.accepts && !carriage.accepts(attachment.contentType))
      return `${channel} does not take ${attachment.contentType} files (${attachment.name})`;
    if (attachment.size > carriage.maxBytes)
      return `${attachment.name} is larger than the ${Math.round(carriage.maxBytes / MB)} MB ${channel} allows`;
  }
  return undefined;
}
