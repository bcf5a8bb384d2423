import { describe, expect, it } from 'vitest';
import { normalisedInbound } from '../../shared/domain/inbound-contact.ts';
import { pendingMedia } from '../../shared/domain/media.ts';
import { fileName, isBlank, parseReceivedJson } from '../../shared/domain/typed-text.ts';
import { anInboundContact } from '../support/factories.ts';

describe('file names', () => {
  it('lose direction controls and other invisible format characters, so a program cannot pass for a PDF', () => {
    expect(fileName('فاتورة\u202Efdp.exe', 'file')).toBe('فاتورةfdp.exe');
    expect(fileName('\u2066كشف\u2069\u200E\u200F\u200B\uFEFF.pdf', 'file')).toBe('كشف.pdf');
    expect(fileName('سطر\u0000\n\u2028آخر.png', 'file')).toBe('سطرآخر.png');
  });

  it('keep Arabic as written: diacritics, tatweel, ZWNJ and ZWJ', () => {
    expect(fileName('عَقْدُ الإيجـار\u200Cنهائي\u200D.pdf', 'file')).toBe('عَقْدُ الإيجـار\u200Cنهائي\u200D.pdf');
  });

  it('fall back when nothing is left', () => {
    expect(fileName('\u202E \u2066', 'attachment-1')).toBe('attachment-1');
  });

  it('of files still on a provider are cleaned too', () => {
    const pending = pendingMedia('صورة\u202Egnp.exe', 'image/png', { provider: 'telegram', fileId: 'f1' });
    expect(pending.name).toBe('صورةgnp.exe');
  });
});

describe('a received contact as intake keeps it', () => {
  it('has its sender’s name and subject without direction controls; LRM, RLM and the text stay', () => {
    const inbound = normalisedInbound(
      anInboundContact({
        displayName: '\u202Bأم \u200Fخالد\u202C',
        subject: '\u202Egnp.exe',
        text: 'نص \u202E كما هو',
      }),
    );
    expect(inbound).toMatchObject({
      displayName: 'أم \u200Fخالد',
      subject: 'gnp.exe',
      text: 'نص \u202E كما هو',
    });
  });
});

describe('a blank field', () => {
  it('is one nothing of which a person reads; one letter or digit among marks and tatweel is not blank', () => {
    for (const blank of [undefined, null, '', ' \t', '\u200B\u2067\u2069', '\u0651\u064E', 'ـــ', '\u0000'])
      expect(isBlank(blank), JSON.stringify(blank)).toBe(true);
    for (const filled of ['ـأـ', 'مُ', '٣', '.', 0])
      expect(isBlank(filled), JSON.stringify(filled)).toBe(false);
  });
});

describe('JSON received from outside', () => {
  it('replaces each lone surrogate with U+FFFD, in values at any depth, and keeps whole pairs', () => {
    expect(parseReceivedJson('{"a":["\\ud83d x",{"b":"\\uDE00"}],"c":"\\ud83d\\ude00"}')).toEqual({
      a: ['\uFFFD x', { b: '\uFFFD' }],
      c: '😀',
    });
  });

  it('parses text without escapes as JSON.parse does', () => {
    expect(parseReceivedJson('{"n":1,"t":"سند"}')).toEqual({ n: 1, t: 'سند' });
    expect(() => parseReceivedJson('{')).toThrow(SyntaxError);
  });
});
