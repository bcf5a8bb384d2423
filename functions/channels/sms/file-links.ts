import type { FileLinks } from '../../../shared/ports/file-links.ts';
import type { OutboundMessage } from '../../../shared/ports/outbound.ts';

/** How long a file sent by SMS can be opened: a week, time enough to read the text and come back to it. */
export const SMS_FILE_LINK_DAYS = 7;

/** An SMS cannot carry a file: each file goes as a signed, expiring link after the text. */
export async function smsTextWithLinks(
  message: OutboundMessage,
  links: FileLinks | undefined,
  now = new Date(),
) {
  if (message.attachments.length === 0) return message.text;
  if (!links) throw new Error('Files cannot be sent by SMS here: file links are not configured');
  const expiresAt = new Date(now.getTime() + SMS_FILE_LINK_DAYS * 24 * 60 * 60 * 1000);
  const urls = await Promise.all(message.attachments.map((file) => links.link(file.objectKey, expiresAt)));
  return [message.text, ...urls].join('\n');
}
