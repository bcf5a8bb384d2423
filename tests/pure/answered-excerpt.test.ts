import { describe, expect, it } from 'vitest';
import { ANSWERED_TEXT_CHARS, answeredMessage } from '../../shared/domain/message.ts';
import { answeredExcerpt } from '../../web/src/lib/answered-excerpt.ts';

const file = (name: string) => ({ name }) as never;

describe('the words an answered message is shown by', () => {
  it('is the same excerpt in the thread and the reply box, as long as the quote the server keeps', () => {
    const long = 'متى يصرف الدعم؟ '.repeat(40);
    const excerpt = answeredExcerpt({ text: long, attachments: [] });
    expect(excerpt).toBe(`${long.trim().slice(0, ANSWERED_TEXT_CHARS)}…`);
    // A quote the server kept is shown whole, never cut again.
    const kept = answeredMessage('wamid.1', long).text as string;
    expect(answeredExcerpt(undefined, kept)).toBe(kept);
  });

  it('falls back to the first file, then to what the provider quoted', () => {
    expect(answeredExcerpt({ text: '  ', attachments: [file('الهوية.jpg')] })).toBe('الهوية.jpg');
    expect(answeredExcerpt(undefined, ' صورة الصك ')).toBe('صورة الصك');
    expect(answeredExcerpt(undefined)).toBe('');
  });
});
