import { describe, expect, it } from 'vitest';
import { SignedStatusLinks } from '../../functions/adapters/signed-status-links.ts';
import { bestAnswer } from '../../shared/domain/answer-matching.ts';
import { fieldError } from '../../shared/domain/field-messages.ts';
import { parseAnswerChoice } from '../../shared/domain/knowledge-base.ts';
import { linkToken } from '../../shared/domain/link-token.ts';
import { DEFAULT_TEMPLATE_TEXTS, renderTemplate } from '../../shared/domain/message-templates.ts';
import { nationalIdProblem } from '../../shared/domain/national-id.ts';
import { parseTypedReference, referenceCandidates } from '../../shared/domain/reference.ts';

describe('a reference as people type it', () => {
  it('reads the number alone, with or without SND, the year or dashes, in Latin or Arabic-Indic digits', () => {
    for (const typed of ['2054', '٢٠٥٤', '002054', ' snd-2054 ', '#SND 2054']) {
      expect(parseTypedReference(typed), typed).toEqual({ sequence: 2054 });
    }
    for (const typed of ['SND-2026-002054', 'snd-2026-2054', '2026-2054', '٢٠٢٦/٢٠٥٤', 'SND2026002054']) {
      expect(parseTypedReference(typed), typed).toEqual({ year: 2026, sequence: 2054 });
    }
  });

  it('refuses what is not a reference', () => {
    for (const typed of ['', 'ABC', '0', '12-34-56', '123456789012', 'SND-1999-2054']) {
      expect(parseTypedReference(typed), typed).toBeUndefined();
    }
  });

  it('means this year’s or last year’s request when the year is not given', () => {
    const january = new Date('2027-01-04T08:00:00Z');
    expect(referenceCandidates({ sequence: 2054 }, january)).toEqual(['SND-2027-002054', 'SND-2026-002054']);
    expect(referenceCandidates({ year: 2026, sequence: 7 }, january)).toEqual(['SND-2026-000007']);
  });
});

describe('links in texts', () => {
  it('stand on their own line in every default template that carries one', () => {
    for (const [id, text] of Object.entries(DEFAULT_TEMPLATE_TEXTS)) {
      for (const match of text.matchAll(/\{(statusLink|uploadLink|link)\}/g)) {
        const after = text.charAt((match.index ?? 0) + match[0].length);
        expect(['', '\n'], id).toContain(after);
      }
    }
  });

  it('are kept apart from punctuation a reworded template puts right after them', () => {
    const link = 'https://sanad.example/public/status?r=SND-2026-002054&s=abc.def';
    expect(renderTemplate('الرابط: {statusLink}.', { statusLink: link })).toBe(`الرابط: ${link} .`);
    expect(renderTemplate('({statusLink})', { statusLink: link })).toBe(`(${link} )`);
    expect(renderTemplate('{statusLink}\nشكراً', { statusLink: link })).toBe(`${link}\nشكراً`);
    expect(renderTemplate('رقم {reference}.', { reference: 'SND-2026-002054' })).toBe('رقم SND-2026-002054.');
  });

  it('lose the punctuation a phone took into them', () => {
    expect(linkToken('kq3x1a.AbC_d-9.')).toBe('kq3x1a.AbC_d-9');
    expect(linkToken('AbC_d-9،')).toBe('AbC_d-9');
    expect(linkToken('AbC_d-9)')).toBe('AbC_d-9');
    expect(linkToken('AbC_d-9')).toBe('AbC_d-9');
  });
});

describe('signed status links', () => {
  const links = new SignedStatusLinks(
    async () => 'a-secret',
    () => 'https://sanad.example/',
  );
  const now = new Date('2026-11-01T08:00:00Z');

  it('name the reference and are good for ninety days for that reference only', async () => {
    const url = new URL(await links.link('SND-2026-002054', now));
    expect(url.origin + url.pathname).toBe('https://sanad.example/public/status');
    expect(url.searchParams.get('r')).toBe('SND-2026-002054');
    const signature = url.searchParams.get('s') ?? '';
    expect(await links.check('SND-2026-002054', signature, now)).toBe('valid');
    expect(await links.check('SND-2026-002055', signature, now)).toBe('invalid');
    expect(await links.check('SND-2026-002054', `${signature}x`, now)).toBe('invalid');
    const later = new Date(now.getTime() + 91 * 86_400_000);
    expect(await links.check('SND-2026-002054', signature, later)).toBe('expired');
  });

  it('cannot be signed with another secret', async () => {
    const forged = new SignedStatusLinks(
      async () => 'guessed',
      () => 'https://sanad.example',
    );
    const signature = new URL(await forged.link('SND-2026-002054', now)).searchParams.get('s') ?? '';
    expect(await links.check('SND-2026-002054', signature, now)).toBe('invalid');
  });
});

describe('an id number refused with what to fix', () => {
  it('says a digit seems wrong when the shape is right but the check digit fails', () => {
    expect(nationalIdProblem('1000000009')).toBe('national_id_digit_wrong');
    expect(nationalIdProblem('١٠٠٠٠٠٠٠٠٨')).toBeUndefined();
    expect(fieldError('nationalId', 'national_id_digit_wrong').messageAr).toBe(
      'يبدو أن أحد الأرقام غير صحيح، راجعوا الرقم على بطاقة الهوية',
    );
  });

  it('says the shape when it is not ten digits starting with 1 or 2', () => {
    expect(nationalIdProblem('123')).toBe('invalid_national_id');
    expect(nationalIdProblem('3000000004')).toBe('invalid_national_id');
  });
});

describe('the local answer matcher', () => {
  const answer = (id: string, question: string, keywords: string[], synonyms: string[] = []) => ({
    id,
    question,
    answer: `جواب ${id}`,
    keywords,
    synonyms,
    updatedBy: 'u',
    updatedAt: '2026-11-01T00:00:00Z',
  });
  const answers = [
    answer(
      'registration',
      'متى يبدأ التسجيل في برنامج السلة الغذائية؟',
      ['التسجيل', 'السلة الغذائية'],
      ['سلة رمضان'],
    ),
    answer('papers', 'ما الأوراق المطلوبة لطلب الدعم؟', ['الأوراق', 'المستندات'], ['الوثائق']),
  ];

  it('finds the answer however the question is spelled (hamza, taa marbuta, prefixes)', () => {
    expect(bestAnswer('متى يفتح التسجيل في السله الغذائيه', answers)?.answer.id).toBe('registration');
    expect(bestAnswer('وش الاوراق والمستندات المطلوبه؟', answers)?.answer.id).toBe('papers');
    expect(bestAnswer('متى يبدأ التسجيل في برنامج السلة الغذائية؟', answers)?.confidence).toBeGreaterThan(
      0.9,
    );
  });

  it('answers nothing when unsure: a greeting, one shared word, or an unrelated question', () => {
    expect(bestAnswer('السلام عليكم', answers)).toBeUndefined();
    expect(bestAnswer('أريد التسجيل', answers)).toBeUndefined();
    expect(bestAnswer('كم عدد فروع الجمعية في الرياض؟', answers)).toBeUndefined();
  });

  it('answers nothing when two answers fit about as well', () => {
    expect(bestAnswer('التسجيل في السلة الغذائية والأوراق والمستندات', answers)).toBeUndefined();
  });

  it('reads a bare 1 or 2, in either digits, as the choice after an answer, and nothing else', () => {
    expect(parseAnswerChoice(' 1 ')).toBe('answered');
    expect(parseAnswerChoice('٢')).toBe('wants_person');
    expect(parseAnswerChoice('12')).toBeUndefined();
    expect(parseAnswerChoice('2 شكرا')).toBeUndefined();
  });
});
