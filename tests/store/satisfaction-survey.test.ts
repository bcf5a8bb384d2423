import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.ts';
import { SurveyRepository } from '../../functions/adapters/dynamodb/survey-repository.ts';
import { type LocalDynamoDB, startLocalDynamoDB } from '../../infra/local/local-dynamodb.ts';
import {
  isDueForSurvey,
  parseRatingReply,
  SCORE_WORDS,
  SURVEY_SCORES,
  type Survey,
  scoreInWords,
  surveyState,
  surveyValidUntil,
} from '../../shared/domain/survey.ts';
import {
  hashSurveyToken,
  isSurveyTokenShape,
  newSurveyToken,
  surveyLink,
} from '../../shared/domain/survey-token.ts';
import type { Ticket } from '../../shared/domain/ticket.ts';

const DAY = 86_400_000;

function aTicket(overrides: Partial<Ticket> = {}): Ticket {
  const at = '2026-11-20T08:00:00Z';
  return {
    id: '01TICKET',
    reference: 'SND-2026-000001',
    type: 'inquiry',
    status: 'open',
    priority: 'normal',
    queueId: 'general',
    contactId: 'c-1',
    contactName: 'أم ناصر',
    channel: 'sms',
    subject: 'استفسار',
    preview: 'استفسار',
    tags: [],
    messageCount: 1,
    createdAt: at,
    updatedAt: at,
    lastActivityAt: at,
    ...overrides,
  };
}

describe('the rating reply parser', () => {
  it('reads a bare digit 1–5 in Latin, Arabic-Indic and Persian digits', () => {
    expect(['1', '2', '3', '4', '5'].map(parseRatingReply)).toEqual([1, 2, 3, 4, 5]);
    expect(['١', '٢', '٣', '٤', '٥'].map(parseRatingReply)).toEqual([1, 2, 3, 4, 5]);
    expect(['۱', '۲', '۳', '۴', '۵'].map(parseRatingReply)).toEqual([1, 2, 3, 4, 5]);
  });

  it('accepts whitespace, punctuation and direction marks around the digit', () => {
    expect(parseRatingReply('  ٥  ')).toBe(5);
    expect(parseRatingReply('4.')).toBe(4);
    expect(parseRatingReply('"3"')).toBe(3);
    expect(parseRatingReply('٢،')).toBe(2);
    expect(parseRatingReply('\u200f٤\n')).toBe(4);
  });

  it('refuses anything that is more than a rating, or a digit outside the scale', () => {
    for (const text of [
      '5 أطفال',
      'عندي 5 أطفال',
      '55',
      '٥٥',
      '1 2',
      '0',
      '٠',
      '6',
      '٦',
      '۶',
      '',
      '   ',
      'خمسة',
      '5⭐',
      '+966 5',
      '3/5',
    ]) {
      expect(parseRatingReply(text), JSON.stringify(text)).toBeUndefined();
    }
  });
});

describe('the satisfaction scale', () => {
  it('says every score in words in Arabic and English, never as an emoji', () => {
    for (const score of SURVEY_SCORES) {
      expect(SCORE_WORDS[score].ar).toMatch(/^[\u0600-\u06FF\s]+$/);
      expect(SCORE_WORDS[score].en).toMatch(/^[A-Za-z\s]+$/);
    }
    expect(SCORE_WORDS[1].ar).toBe('غير راضٍ إطلاقاً');
    expect(SCORE_WORDS[5].ar).toBe('راضٍ جداً');
  });
});

describe('survey tokens', () => {
  it('are 32 random bytes in base64url, different each time', () => {
    const tokens = new Set(Array.from({ length: 200 }, newSurveyToken));
    expect(tokens.size).toBe(200);
    for (const token of tokens) {
      expect(isSurveyTokenShape(token)).toBe(true);
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    }
  });

  it('are stored as their SHA-256 only, the same hash each time', async () => {
    const token = newSurveyToken();
    const hash = await hashSurveyToken(token);
    expect(hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(await hashSurveyToken(token)).toBe(hash);
    expect(await hashSurveyToken(newSurveyToken())).not.toBe(hash);
  });

  it('refuse shapes no link ever had', () => {
    for (const token of ['', 'abc', `${newSurveyToken()}x`, '../../etc/passwd', 'a'.repeat(42)]) {
      expect(isSurveyTokenShape(token)).toBe(false);
    }
  });

  it('make the public link under the site URL, with or without a trailing slash', () => {
    expect(surveyLink('https://d123.cloudfront.net/', 'T0K')).toBe(
      'https://d123.cloudfront.net/public/surveys/T0K',
    );
    expect(surveyLink('http://127.0.0.1:3000', 'T0K')).toBe('http://127.0.0.1:3000/public/surveys/T0K');
  });
});

describe('survey state and expiry', () => {
  const sentAt = new Date('2026-11-01T09:00:00Z');
  const survey = { validUntil: surveyValidUntil(sentAt) };

  it('is open for 14 days after sending, expired from then on', () => {
    expect(Date.parse(survey.validUntil) - sentAt.getTime()).toBe(14 * DAY);
    expect(surveyState(survey, new Date(sentAt.getTime() + 14 * DAY - 1000))).toBe('open');
    expect(surveyState(survey, new Date(sentAt.getTime() + 14 * DAY))).toBe('expired');
  });

  it('stays answered once answered, even after the link expired', () => {
    const answered = {
      ...survey,
      answer: { score: 4 as const, answeredAt: sentAt.toISOString(), via: 'link' as const },
    };
    expect(surveyState(answered, sentAt)).toBe('answered');
    expect(surveyState(answered, new Date(sentAt.getTime() + 30 * DAY))).toBe('answered');
  });
});

describe('which tickets are surveyed', () => {
  const now = new Date('2026-11-25T08:00:00Z');
  it('a resolved or closed ticket, recently done and not yet answered', () => {
    const resolvedAt = new Date(now.getTime() - DAY).toISOString();
    expect(isDueForSurvey(aTicket({ status: 'resolved', resolvedAt }), now)).toBe(true);
    expect(
      isDueForSurvey(aTicket({ status: 'closed', resolvedAt: undefined, updatedAt: resolvedAt }), now),
    ).toBe(true);
  });

  it('not an active ticket, one answered already, or one done long ago', () => {
    const resolvedAt = new Date(now.getTime() - DAY).toISOString();
    for (const status of ['new', 'open', 'pending_beneficiary', 'pending_internal'] as const) {
      expect(isDueForSurvey(aTicket({ status }), now)).toBe(false);
    }
    expect(
      isDueForSurvey(
        aTicket({ status: 'resolved', resolvedAt, satisfaction: { score: 5, answeredAt: resolvedAt } }),
        now,
      ),
    ).toBe(false);
    const longAgo = new Date(now.getTime() - 30 * DAY).toISOString();
    expect(isDueForSurvey(aTicket({ status: 'resolved', resolvedAt: longAgo }), now)).toBe(false);
  });

  it('not one the beneficiary resolved by saying the automatic answer answered them, unless staff answered too', () => {
    const resolvedAt = new Date(now.getTime() - DAY).toISOString();
    const automaticAnswer = {
      answerId: 'hours',
      confidence: 0.9,
      sentAt: resolvedAt,
      choice: 'answered' as const,
    };
    expect(isDueForSurvey(aTicket({ status: 'resolved', resolvedAt, automaticAnswer }), now)).toBe(false);
    expect(
      isDueForSurvey(
        aTicket({ status: 'resolved', resolvedAt, automaticAnswer, firstResponseAt: resolvedAt }),
        now,
      ),
    ).toBe(true);
  });
});

describe('the survey store on DynamoDB', () => {
  let dynamo: LocalDynamoDB;
  let surveys: SurveyRepository;
  beforeAll(async () => {
    dynamo = await startLocalDynamoDB({ tableName: 'sanad-survey-test' });
    surveys = new SurveyRepository(createDocumentClient(dynamo.clientConfig), 'sanad-survey-test');
  });
  afterAll(async () => {
    await dynamo.close();
  });

  const sentAt = new Date('2026-11-10T10:00:00Z');
  const aSurvey = (overrides: Partial<Survey> = {}): Survey => ({
    tokenHash: createHash('sha256').update(newSurveyToken()).digest('hex'),
    ticketId: `T-${Math.random()}`,
    reference: 'SND-2026-000777',
    contactId: 'c-1',
    channel: 'sms',
    to: '+966550000001',
    sentAt: sentAt.toISOString(),
    validUntil: surveyValidUntil(sentAt),
    ...overrides,
  });

  it('records one answer only (single use), and none after expiry', async () => {
    const survey = aSurvey();
    await surveys.putSurvey(survey, true);
    const answer = (score: 1 | 5) => ({ score, answeredAt: sentAt.toISOString(), via: 'link' as const });
    const during = new Date(sentAt.getTime() + DAY);
    const results = await Promise.all([
      surveys.recordAnswer(survey.tokenHash, answer(5), during),
      surveys.recordAnswer(survey.tokenHash, answer(1), during),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await surveys.getSurvey(survey.tokenHash))?.answer?.score).toBe(results[0] ? 5 : 1);

    const late = aSurvey();
    await surveys.putSurvey(late, true);
    expect(await surveys.recordAnswer(late.tokenHash, answer(5), new Date(sentAt.getTime() + 15 * DAY))).toBe(
      false,
    );
    expect(await surveys.recordAnswer('no-such-hash', answer(5), during)).toBe(false);
  });

  it('finds the latest survey sent to an address on a channel, until it expires', async () => {
    const first = aSurvey({ to: '+966550000099' });
    const second = aSurvey({ to: '+966550000099' });
    await surveys.putSurvey(first, true);
    await surveys.putSurvey(second, true);
    const during = new Date(sentAt.getTime() + DAY);
    expect((await surveys.findSurveySentTo('sms', '+966550000099', during))?.tokenHash).toBe(
      second.tokenHash,
    );
    expect(await surveys.findSurveySentTo('whatsapp', '+966550000099', during)).toBeUndefined();
    expect(
      await surveys.findSurveySentTo('sms', '+966550000099', new Date(sentAt.getTime() + 14 * DAY)),
    ).toBeUndefined();

    const byEmail = aSurvey({ channel: 'email', to: 'someone@example.org' });
    await surveys.putSurvey(byEmail, false);
    expect(await surveys.findSurveySentTo('email', 'someone@example.org', during)).toBeUndefined();
    expect((await surveys.getSurvey(byEmail.tokenHash))?.reference).toBe('SND-2026-000777');
  });
});

describe('scores in words', () => {
  it('names each score in Arabic and English, and shows anything off the scale as it is', () => {
    expect(scoreInWords(5, 'ar')).toBe('راضٍ جداً');
    expect(scoreInWords(1, 'en')).toBe('Not at all satisfied');
    expect(SURVEY_SCORES.map((score) => scoreInWords(score, 'ar'))).toEqual(
      SURVEY_SCORES.map((score) => SCORE_WORDS[score].ar),
    );
    expect(scoreInWords(9, 'ar')).toBe('9');
  });
});
