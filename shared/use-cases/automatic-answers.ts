import type { InboundContact } from '../domain/inbound-contact.ts';
import {
  type AnswerChoice,
  type AnswerLanguage,
  AUTO_ANSWER_CHANNELS,
  answerLanguageFor,
  automaticAnswerText,
  choiceReplyText,
  parseAnswerChoice,
} from '../domain/knowledge-base.ts';
import type { Ticket } from '../domain/ticket.ts';
import { changeOf } from '../domain/ticket-change.ts';
import type { AnswerMatcher, AnswerStore, AnswerUseCounter } from '../ports/answers.ts';
import { slaAfterStatusChange } from '../sla/clocks.ts';
import { type SlaSettingsSource, timekeeperFor } from '../sla/settings.ts';
import type { IngestResult } from './ingest-deps.ts';
import { type NotifyDeps, notifyBeneficiary } from './notify-beneficiary.ts';

export interface AutomaticAnswerDeps extends NotifyDeps {
  store: NotifyDeps['store'] & {
    updateTicket(ticketId: string, change: (current: Ticket) => Ticket): Promise<Ticket>;
  };
  answers: Pick<AnswerStore, 'listAnswers'> & Pick<AnswerUseCounter, 'countUse'>;
  answerMatcher: AnswerMatcher;
  /** Where the links of an answer's documents point. */
  publicSiteUrl: string;
  /** So a ticket the answer resolved stops its clocks like any resolution. */
  sla?: SlaSettingsSource;
}

/**
 * After intake on a messaging channel: a new question the knowledge base clearly answers gets the answer and the
 * choice "1 = answered, 2 = a person"; the bare 1 or 2 that follows resolves the ticket or leaves it in the queue
 * with its SLA (it never left: the answer is not a response by staff). Anything else is untouched.
 */
export async function followWithAutomaticAnswer(
  deps: AutomaticAnswerDeps,
  inbound: InboundContact,
  result: IngestResult,
): Promise<void> {
  if (!AUTO_ANSWER_CHANNELS.includes(inbound.channel) || !inbound.text.trim()) return;
  if (result.outcome === 'created') await offerAnswer(deps, result.ticketId, inbound.text, inbound.language);
  if (result.outcome === 'appended') await takeChoice(deps, result.ticketId, inbound.text);
}

async function offerAnswer(
  deps: AutomaticAnswerDeps,
  ticketId: string,
  question: string,
  written: AnswerLanguage | undefined,
): Promise<void> {
  // Independent reads: one round trip for both.
  const [ticket, answers] = await Promise.all([deps.store.getTicket(ticketId), deps.answers.listAnswers()]);
  // A support request follows its own procedure; its questions go to the people handling it.
  if (!ticket || ticket.type === 'support_request' || ticket.automaticAnswer) return;
  const match = answers.length > 0 ? await deps.answerMatcher.match(question, answers) : undefined;
  if (!match) return;
  const language = answerLanguageFor(match.answer, written);
  const sentAt = deps.clock.now().toISOString();
  const marked = await deps.store.updateTicket(ticketId, (current) =>
    current.automaticAnswer
      ? current
      : {
          ...current,
          automaticAnswer: {
            answerId: match.answer.id,
            confidence: match.confidence,
            sentAt,
            ...(language === 'en' && { language }),
          },
        },
  );
  if (marked.automaticAnswer?.sentAt !== sentAt) return;
  await notifyBeneficiary(deps, marked, automaticAnswerText(match.answer, language, deps.publicSiteUrl), {
    key: 'automatic-answer',
    kind: 'automatic_answer',
    event: {
      type: 'automatic_answer_sent',
      data: {
        answerId: match.answer.id,
        question: match.answer.question,
        confidence: Math.round(match.confidence * 100) / 100,
        language,
      },
    },
  });
  await deps.answers.countUse(match.answer.id, 'offered');
}

async function takeChoice(deps: AutomaticAnswerDeps, ticketId: string, text: string): Promise<void> {
  const choice = parseAnswerChoice(text);
  const ticket = choice && (await deps.store.getTicket(ticketId));
  if (!choice || !ticket?.automaticAnswer || ticket.automaticAnswer.choice) return;
  const now = deps.clock.now();
  const at = now.toISOString();
  const settings = choice === 'answered' && ticket.sla ? await deps.sla?.load() : undefined;
  let applied = false;
  const updated = await deps.store.updateTicket(ticketId, (current) => {
    if (!current.automaticAnswer || current.automaticAnswer.choice) return current;
    applied = true;
    const next: Ticket = {
      ...current,
      automaticAnswer: { ...current.automaticAnswer, choice, choiceAt: at },
      updatedAt: at,
    };
    if (choice !== 'answered') return next;
    const resolved: Ticket = { ...next, status: 'resolved', resolvedAt: at };
    const policy = settings?.policies.find((candidate) => candidate.id === current.sla?.policyId);
    if (!settings || !policy || !current.sla) return resolved;
    const keeper = timekeeperFor(policy, settings.calendar);
    return {
      ...resolved,
      sla: slaAfterStatusChange(current.sla, policy, keeper, current.status, 'resolved', now),
    };
  });
  if (!applied || !updated.automaticAnswer) return;
  await recordChoice(deps, ticket, updated, choice, at);
}

async function recordChoice(
  deps: AutomaticAnswerDeps,
  before: Ticket,
  ticket: Ticket,
  choice: AnswerChoice,
  at: string,
): Promise<void> {
  const answerId = ticket.automaticAnswer?.answerId ?? '';
  await deps.store.addEvents([
    {
      id: deps.ids.next(),
      ticketId: ticket.id,
      type: 'automatic_answer_choice',
      at,
      data: { answerId, choice },
    },
    ...(before.status === ticket.status
      ? []
      : [
          {
            id: deps.ids.next(),
            ticketId: ticket.id,
            type: 'status_changed',
            at,
            data: { from: before.status, to: ticket.status },
          },
        ]),
  ]);
  await deps.answers.countUse(answerId, choice);
  await deps.events.publish(changeOf('updated', ticket, at));
  await notifyBeneficiary(deps, ticket, choiceReplyText(choice, ticket.automaticAnswer?.language), {
    key: 'automatic-answer-choice',
    kind: 'automatic_answer',
  });
}
