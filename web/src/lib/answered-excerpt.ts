import { ANSWERED_TEXT_CHARS } from '../../../shared/domain/message.ts';
import type { Message } from './api/types.ts';

/**
 * The words an answered message is shown by, in the thread's quote and in the reply box alike: its text, else its
 * first file's name, else what the provider quoted of it; as long as the server keeps of a quote.
 */
export function answeredExcerpt(
  message: Pick<Message, 'text' | 'attachments'> | undefined,
  quoted = '',
): string {
  const words = message?.text.trim() || message?.attachments[0]?.name || quoted.trim();
  return words.length > ANSWERED_TEXT_CHARS ? `${words.slice(0, ANSWERED_TEXT_CHARS)}…` : words;
}
