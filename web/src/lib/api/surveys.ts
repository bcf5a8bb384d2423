import { callPublic } from './public.ts';

/** What the survey page shows for its link. */
export interface SurveyView {
  state: 'open' | 'answered' | 'expired';
  reference: string;
}

export function surveyState(token: string): Promise<SurveyView> {
  return callPublic<SurveyView>('GET', `/public/surveys/${encodeURIComponent(token)}/state`);
}

export function answerSurvey(
  token: string,
  answer: { score: number; comment?: string },
): Promise<SurveyView> {
  return callPublic<SurveyView>('POST', `/public/surveys/${encodeURIComponent(token)}`, answer);
}
