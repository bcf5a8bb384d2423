import type { SurveyView } from '../../../../shared/use-cases/satisfaction-survey.ts';
import type { RequestStatus } from '../../../../shared/use-cases/status-self-service.ts';
import { call } from './http.ts';
import { currentToken } from './token.ts';

export type { RequestStatus, SurveyView };

/** The calls of the beneficiaries' pages: no sign-in, except staff recording a walk-in. */
export const publicApi = {
  surveyState: (token: string) =>
    call<SurveyView>('GET', `/public/surveys/${encodeURIComponent(token)}/state`, undefined, {
      anonymous: true,
    }),
  answerSurvey: (token: string, answer: { score: number; comment?: string }) =>
    call<SurveyView>('POST', `/public/surveys/${encodeURIComponent(token)}`, answer, { anonymous: true }),
  sendStatusCode: (reference: string, phone: string) =>
    call<unknown>('POST', '/public/status/code', { reference, phone }, { anonymous: true }),
  requestStatus: (reference: string, phone: string, code: string) =>
    call<RequestStatus>('POST', '/public/status', { reference, phone, code }, { anonymous: true }),
  /**
   * One Idempotency-Key per application, so a double click or a retry is the same application. Staff signed in on
   * this browser record a walk-in: their own endpoint, the declaration made before them.
   */
  applyForSupport: (application: Record<string, unknown>, idempotencyKey: string) =>
    call<{ reference: string }>(
      'POST',
      currentToken() ? '/api/support-requests' : '/public/support-requests',
      application,
      { headers: { 'idempotency-key': idempotencyKey } },
    ),
};
