import { sha256Hex } from './sha256.ts';

/**
 * Survey links carry a random single-use token. Only its SHA-256 hash is stored, so a copy of the table cannot
 * be turned into working links. Web Crypto (global in Node and browsers) keeps this module free of Node APIs.
 */
const TOKEN_BYTES = 32;

/** 32 random bytes in base64url: 43 characters. */
const SURVEY_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newSurveyToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(TOKEN_BYTES));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

export function isSurveyTokenShape(token: string): boolean {
  return SURVEY_TOKEN_PATTERN.test(token);
}

/** The stored key of a token: its SHA-256 in hex. */
export function hashSurveyToken(token: string): Promise<string> {
  return sha256Hex(token);
}

export function surveyLink(publicSiteUrl: string, token: string): string {
  return `${publicSiteUrl.replace(/\/+$/, '')}/public/surveys/${token}`;
}
