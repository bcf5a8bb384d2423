import { normaliseForMatching } from '../routing/normalise.ts';

export type OptOutCommand = 'opt_out' | 'opt_in';

/** The words carriers and AWS honour, plus the Arabic ones they do not know; compared folded (see normalise). */
const OPT_OUT_WORDS = [
  'stop',
  'stopall',
  'unsubscribe',
  'cancel',
  'end',
  'quit',
  'إيقاف',
  'الغاء',
  'إلغاء الاشتراك',
  // A WhatsApp marketing template's opt-out button, as Meta words it and as the society's Arabic ones do.
  'stop promotions',
  'إيقاف العروض',
  'إيقاف العروض الترويجية',
  'إيقاف الرسائل الترويجية',
];
const OPT_IN_WORDS = ['start', 'unstop', 'اشتراك'];

const folded = (words: string[]) => new Set(words.map(normaliseForMatching));
const OPT_OUT = folded(OPT_OUT_WORDS);
const OPT_IN = folded(OPT_IN_WORDS);

/**
 * A text (an SMS, a WhatsApp message or button) that is only an opt-out or opt-in word (any case, hamza or diacritics, format characters such as the RLM
 * a phone adds, surrounding punctuation) is that command; a sentence that merely contains the word ("please stop
 * the visit") is a message.
 */
export function optOutCommand(text: string): OptOutCommand | undefined {
  const word = normaliseForMatching(text)
    .replace(/^[\p{P}\p{S}\s]+|[\p{P}\p{S}\s]+$/gu, '')
    .trim();
  if (OPT_OUT.has(word)) return 'opt_out';
  if (OPT_IN.has(word)) return 'opt_in';
  return undefined;
}
