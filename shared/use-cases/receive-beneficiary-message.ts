import type { InboundContact } from '../domain/inbound-contact.ts';
import { type IngestDeps, type IngestResult, ingestContact } from './ingest-contact.ts';
import { answerSurveyByReply, type SurveyDeps, type SurveyReplyResult } from './satisfaction-survey.ts';

export type ReceiveDeps = IngestDeps & SurveyDeps & { store: IngestDeps['store'] & SurveyDeps['store'] };

/**
 * What a beneficiary's message on a messaging channel (SMS, WhatsApp, Telegram, Messenger) does: a bare rating
 * digit answering their open survey is recorded and thanked; anything else goes through the one intake.
 */
export async function receiveBeneficiaryMessage(
  deps: ReceiveDeps,
  inbound: InboundContact,
): Promise<IngestResult | SurveyReplyResult> {
  return (await answerSurveyByReply(deps, inbound)) ?? ingestContact(deps, inbound);
}
