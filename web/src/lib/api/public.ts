import type { Branch } from '../../../../shared/domain/branches.ts';
import type { DocumentSlug } from '../../../../shared/domain/society-documents.ts';
import type { UploadLinkView } from '../../../../shared/use-cases/missing-documents.ts';
import type { SurveyView } from '../../../../shared/use-cases/satisfaction-survey.ts';
import type { PublicSocietyProfile } from '../../../../shared/use-cases/society-profile.ts';
import type { RequestStatus } from '../../../../shared/use-cases/status-self-service.ts';
import { call } from './http.ts';
import { currentToken } from './token.ts';

export type { RequestStatus, SurveyView, UploadLinkView };

export interface PublicAnswer {
  id: string;
  question: string;
  answer: string;
  questionEn?: string;
  answerEn?: string;
  /** The society's documents the answer links. */
  documents?: DocumentSlug[];
}

export type StatusProof = { phone: string } | { link: string };

/** What the contact form's message became: its ticket's reference (the same one for a retried message). */
export interface WebContactAnswer {
  reference: string;
  outcome: 'created' | 'appended' | 'duplicate';
}

/** The calls of the beneficiaries' pages: no sign-in, except staff recording a walk-in. */
export const publicApi = {
  /** The society's name, logo, colour, contacts and hours the public pages show. */
  societyProfile: () =>
    call<PublicSocietyProfile>('GET', '/public/society-profile', undefined, {
      anonymous: true,
    }),
  /** The branches the support-request form offers. */
  branches: () =>
    call<{ branches: Branch[] }>('GET', '/public/branches', undefined, { anonymous: true }).then(
      (body) => body.branches,
    ),
  /** The public FAQ, searched on the server with the automatic answers' Arabic folding. */
  answers: (query: string) =>
    call<{ answers: PublicAnswer[] }>('GET', `/public/answers?q=${encodeURIComponent(query)}`, undefined, {
      anonymous: true,
    }),
  surveyState: (token: string) =>
    call<SurveyView>('GET', `/public/surveys/${encodeURIComponent(token)}/state`, undefined, {
      anonymous: true,
    }),
  answerSurvey: (token: string, answer: { score: number; comment?: string }) =>
    call<SurveyView>('POST', `/public/surveys/${encodeURIComponent(token)}`, answer, { anonymous: true }),
  /** The upload link for missing documents: what is missing and whether the link still works. */
  uploadLinkState: (token: string) =>
    call<UploadLinkView>('GET', `/public/applications/${encodeURIComponent(token)}/state`, undefined, {
      anonymous: true,
    }),
  sendMissingDocuments: (token: string, documents: Record<string, unknown>[]) =>
    call<{ reference: string; files: number }>(
      'POST',
      `/public/applications/${encodeURIComponent(token)}`,
      { documents },
      { anonymous: true },
    ),
  /** By the phone the request was made with, or by the signed link from a message (the phone on file). */
  sendStatusCode: (reference: string, proof: StatusProof) =>
    call<unknown>('POST', '/public/status/code', { reference, ...proof }, { anonymous: true }),
  requestStatus: (reference: string, proof: StatusProof, code: string) =>
    call<RequestStatus>('POST', '/public/status', { reference, ...proof, code }, { anonymous: true }),
  /** The code sent to the phone typed into the form confirms it. */
  confirmPhone: (reference: string, phone: string, code: string) =>
    call<unknown>(
      'POST',
      `/public/support-requests/${encodeURIComponent(reference)}/confirm-phone`,
      { code, phone },
      { anonymous: true },
    ),
  resendPhoneCode: (reference: string, phone: string) =>
    call<unknown>(
      'POST',
      `/public/support-requests/${encodeURIComponent(reference)}/confirm-phone/code`,
      { phone },
      { anonymous: true },
    ),
  /** The website's contact form; one Idempotency-Key per message, so a double click is one ticket. */
  sendContact: (message: Record<string, unknown>, idempotencyKey: string) =>
    call<WebContactAnswer>('POST', '/public/contact', message, {
      anonymous: true,
      headers: { 'idempotency-key': idempotencyKey },
    }),
  /**
   * One Idempotency-Key per application, so a double click or a retry is the same application. Staff signed in on
   * this browser record a walk-in: their own endpoint, the declaration made before them.
   */
  applyForSupport: (application: Record<string, unknown>, idempotencyKey: string) =>
    call<{ reference: string; awaitingPhoneConfirmation?: boolean }>(
      'POST',
      currentToken() ? '/api/support-requests' : '/public/support-requests',
      application,
      { headers: { 'idempotency-key': idempotencyKey } },
    ),
};
