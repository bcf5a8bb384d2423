import type { InboundContact } from '../domain/inbound-contact.ts';
import { type AutomaticAnswerDeps, followWithAutomaticAnswer } from './automatic-answers.ts';
import { ingestContact } from './ingest-contact.ts';
import type { IngestDeps, IngestResult } from './ingest-deps.ts';
import { confirmApplicantPhoneByMessage, type PhoneProofDeps } from './phone-proof.ts';
import { answerSurveyByReply, type SurveyDeps, type SurveyReplyResult } from './satisfaction-survey.ts';

export type ReceiveDeps = IngestDeps &
  SurveyDeps &
  AutomaticAnswerDeps &
  PhoneProofDeps & {
    store: IngestDeps['store'] & SurveyDeps['store'] & AutomaticAnswerDeps['store'] & PhoneProofDeps['store'];
  };

/**
 * What a beneficiary's message on a messaging channel (SMS, WhatsApp, Telegram, Messenger) does: an application's
 * reference sent from its phone confirms that phone; a bare rating digit answering their open survey is recorded
 * and thanked; anything else goes through the one intake, and a
 * question the knowledge base answers gets its automatic first answer (or the choice after one is taken).
 */
export async function receiveBeneficiaryMessage(
  deps: ReceiveDeps,
  inbound: InboundContact,
): Promise<IngestResult | SurveyReplyResult> {
  // A message that confirms an application's phone is a message of that case too: it goes on to intake and joins it.
  await confirmApplicantPhoneByMessage(deps, inbound);
  const survey = await answerSurveyByReply(deps, inbound);
  if (survey) return survey;
  const result = await ingestContact(deps, inbound);
  await followWithAutomaticAnswer(deps, inbound, result);
  return result;
}
