import { describe, expect, it } from 'vitest';
import { type Attachment, filesReplaced } from '../../shared/domain/message.ts';

const file = (source: string, fingerprint?: string): Attachment => ({
  name: 'photo.jpg',
  contentType: 'image/jpeg',
  size: 1,
  objectKey: source,
  source,
  ...(fingerprint && { fingerprint }),
});

describe('whether an edit replaced the files of a message', () => {
  it('knows the same file under another reference by its fingerprint', () => {
    expect(filesReplaced([file('tg:a', 'u1')], [file('tg:b', 'u1')])).toBe(false);
    expect(filesReplaced([file('tg:a', 'u1')], [file('tg:b', 'u2')])).toBe(true);
  });

  it('compares a message kept before files had fingerprints by its references, not as a replacement', () => {
    expect(filesReplaced([file('tg:a')], [file('tg:a', 'u1')])).toBe(false);
    expect(filesReplaced([file('tg:a')], [file('tg:b', 'u2')])).toBe(true);
  });
});
