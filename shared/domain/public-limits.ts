import type { RateLimit } from './rate-limit.ts';

/** How often the public pages may be used, per phone and per client address, before they answer 429. */
export const PUBLIC_LIMITS = {
  // Generous per client address (offices and mobile carriers share addresses, and a busy day brings the society
  // about 1,900 contacts): only a flood is stopped here; tight per phone or email named.
  contactsPerIp: { name: 'contact-ip', max: 5000, windowSeconds: 3600 },
  contactsPerAddress: { name: 'contact-address', max: 10, windowSeconds: 3600 },
  applicationsPerPhone: { name: 'apply-phone', max: 5, windowSeconds: 24 * 3600 },
  applicationsPerIp: { name: 'apply-ip', max: 20, windowSeconds: 3600 },
  statusCodesPerPhone: { name: 'status-code-phone', max: 3, windowSeconds: 15 * 60 },
  // Resending the phone-confirmation code of an application; the first code, sent on submission, is not counted.
  confirmationCodesPerPhone: { name: 'confirm-code-phone', max: 3, windowSeconds: 3600 },
  // The same resends asked naming no phone, per reference: counted apart, so they never use up the applicant's own.
  unnamedConfirmationCodesPerReference: { name: 'confirm-code-unnamed', max: 3, windowSeconds: 3600 },
  confirmationsPerIp: { name: 'confirm-ip', max: 60, windowSeconds: 3600 },
  statusRequestsPerIp: { name: 'status-ip', max: 30, windowSeconds: 3600 },
  // Texts anyone can cause by typing a number into a form (a form's acknowledgement, the codes), to one number
  // nobody confirmed, and the one-time codes to any number (a status link can be shared): whoever asks again and
  // again buries neither the phone nor the society's daily budget.
  textsPerUnconfirmedNumber: { name: 'texts-unconfirmed-number', max: 6, windowSeconds: 3600 },
} as const satisfies Record<string, RateLimit>;

/**
 * How long asking for a status code takes at least, whether or not the reference and phone match: texting the code
 * takes time, and the answer must not tell a stranger that a phone belongs to a request.
 */
export const STATUS_CODE_ANSWER_MS = 1500;

/** The one-time codes sent by SMS: the status page's and the phone confirmation's. */
export const ONE_TIME_CODE_DIGITS = 6;
export const ONE_TIME_CODE_TTL_MINUTES = 10;
export const ONE_TIME_CODE_MAX_ATTEMPTS = 5;
