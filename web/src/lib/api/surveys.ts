import type { SurveyView } from '../../../../shared/use-cases/satisfaction-survey.ts';
import { callPublic } from './public.ts';

export type { SurveyView };

export function surveyState(token: string): Promise<SurveyView> {
  return callPublic<SurveyView>('GET', `/public/surveys/${encodeURIComponent(token)}/state`);
}

export function answerSurvey(
  token: string,
  answer: { score: number; comment?: string },
): Promise<SurveyView> {
  return callPublic<SurveyView>('POST', `/public/surveys/${encodeURIComponent(token)}`, answer);
}
