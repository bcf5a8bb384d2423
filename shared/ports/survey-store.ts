import type { Channel } from '../domain/channel.ts';
import type { Survey, SurveyAnswer } from '../domain/survey.ts';
import type { SurveyShortLink } from '../domain/survey-slip.ts';

/** Where surveys are kept: one per ticket, found by the hash of its link's token or by the address it went to. */
export interface SurveyStore {
  /** Stores the survey (idempotent: the outbox may store it again after a crash) and, for channels a digit can be replied on, points its address at it. */
  putSurvey(survey: Survey, acceptsReplies: boolean): Promise<void>;
  getSurvey(tokenHash: string): Promise<Survey | undefined>;
  /** The latest survey sent to this address on this channel, if it has not expired. */
  findSurveySentTo(channel: Channel, to: string, now: Date): Promise<Survey | undefined>;
  /** Records the answer only while the survey is open (single use); false when it was answered or expired. */
  recordAnswer(tokenHash: string, answer: SurveyAnswer, now: Date): Promise<boolean>;
  /** Keeps a printed slip's short link until its survey expires. */
  putShortLink(link: SurveyShortLink): Promise<void>;
  /** The short link of this code's hash, while it has not expired. */
  getShortLink(codeHash: string, now: Date): Promise<SurveyShortLink | undefined>;
}
