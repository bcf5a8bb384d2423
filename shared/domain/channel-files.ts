import { type Channel, channelTraits, type FileCarriage } from './channel.ts';
import type { Attachment } from './message.ts';

const MB = 1024 * 1024;

export function fileCarriage(channel: Channel): FileCarriage | undefined {
  return channelTraits(channel).filesOut;
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
