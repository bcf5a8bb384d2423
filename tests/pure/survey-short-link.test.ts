import { describe, expect, it } from 'vitest';
import {
  isShortCodeShape,
  newShortCode,
  openSurveyToken,
  sealSurveyToken,
  shortCodeHash,
  shortLink,
} from '../../shared/domain/survey-slip.ts';
import { newSurveyToken } from '../../shared/domain/survey-token.ts';

describe("a survey slip's short link", () => {
  it('is ten characters one can type from paper, none of them easy to misread', () => {
    const codes = Array.from({ length: 200 }, newShortCode);
    for (const code of codes) {
      expect(isShortCodeShape(code)).toBe(true);
      expect(code).not.toMatch(/[ilou]/);
    }
    expect(new Set(codes).size).toBe(codes.length);
    expect(isShortCodeShape('abcdefghjk')).toBe(true);
    for (const wrong of ['abcdefghj', 'abcdefghjkm', 'ABCDEFGHJK', 'abcdefghil', '../../etc/'])
      expect(isShortCodeShape(wrong), wrong).toBe(false);
    expect(shortLink('https://api.sanad.org.sa/', 'abcdefghjk')).toBe(
      'https://api.sanad.org.sa/s/abcdefghjk',
    );
  });

  it('keeps the survey token sealed: only its own code opens it, and its stored key is neither', async () => {
    const code = newShortCode();
    const token = newSurveyToken();
    const sealed = await sealSurveyToken(code, token);
    expect(sealed).not.toContain(token);
    expect(await openSurveyToken(code, sealed)).toBe(token);
    expect(await openSurveyToken(newShortCode(), sealed)).toBeUndefined();
    expect(await openSurveyToken(code, 'not base64url!')).toBeUndefined();
    const key = await shortCodeHash(code);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(key).not.toContain(code);
  });
});
