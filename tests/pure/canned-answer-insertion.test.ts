import { describe, expect, it } from 'vitest';
import { cannedAnswerInsertion, writtenLanguage } from '../../shared/domain/canned-answers.ts';

const answer = { text: 'تجد اللائحة في الرابط.', textEn: 'The bylaws are at the link.' };
const links = ['https://sanad.example/public/documents/bylaws', 'https://sanad.example/public/documents/x'];

describe('a canned answer as the composer inserts it', () => {
  it('is English only for a beneficiary whose latest message was English, when an English text exists', () => {
    expect(cannedAnswerInsertion(answer, writtenLanguage('Hello, where are the bylaws?'), [])).toBe(
      answer.textEn,
    );
    expect(cannedAnswerInsertion(answer, writtenLanguage('السلام عليكم hello'), [])).toBe(answer.text);
    expect(cannedAnswerInsertion(answer, writtenLanguage('123 👍'), [])).toBe(answer.text);
    expect(cannedAnswerInsertion(answer, writtenLanguage(undefined), [])).toBe(answer.text);
    expect(cannedAnswerInsertion({ text: answer.text }, 'en', [])).toBe(answer.text);
  });

  it('puts each document link on its own line after the text', () => {
    expect(cannedAnswerInsertion(answer, 'ar', links).split('\n')).toEqual([answer.text, ...links]);
  });
});
