import { authorize } from '../domain/access-policy.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import { renderTemplate } from '../domain/message-templates.ts';
import { replyAddress } from '../domain/reply-address.ts';
import type { Principal } from '../domain/staff.ts';
import { SURVEY_VALIDITY_DAYS, type Survey, surveyValidUntil } from '../domain/survey.ts';
import { newShortCode, sealSurveyToken, shortCodeHash, shortLink } from '../domain/survey-slip.ts';
// Apart from the rest of the survey code: only the slip's function carries the QR encoder.
import { surveySlipQrSvg } from '../domain/survey-slip-qr.ts';
import { hashSurveyToken, newSurveyToken } from '../domain/survey-token.ts';
import type { AutomaticMessage } from '../ports/outbox.ts';
import { deliverAutomatic } from './automatic-messages.ts';
import type { SurveyOfferDeps } from './satisfaction-survey.ts';

export interface SurveySlipDeps extends SurveyOfferDeps {
  /** The HTTP API, which serves the slip's short link. */
  publicApiUrl: string;
}

export interface SurveySlip {
  reference: string;
  /** The short link (`/s/{code}`), which leads to the survey page. */
  link: string;
  /** The QR code of the link, as SVG. */
  qrSvg: string;
  validUntil: string;
  /** Whether the same link also went by SMS to the phone the walk-in gave. */
  textedTo?: string;
}

/**
 * A printed slip for someone served in person (a walk-in logged by staff): a link and its QR code to the
 * ticket's survey. When the walk-in gave a phone, the same survey also goes there by SMS (the ticket's one
 * survey message, so resolving the ticket later sends no second one).
 */
export async function printSurveySlip(
  deps: SurveySlipDeps,
  principal: Principal,
  ticketId: string,
): Promise<SurveySlip> {
  const ticket = await deps.store.getTicket(ticketId);
  if (!ticket) throw new NotFoundError('Ticket');
  authorize(principal, 'write', [ticket.queueId]);
  if (ticket.channel !== 'walk_in') throw new ConflictError('A survey slip is printed for a walk-in only');
  if (ticket.satisfaction) throw new ConflictError('This visitor already answered the survey');
  const contact = await deps.store.getContact(ticket.contactId);
  const phone = contact && replyAddress(contact, 'sms', 'sms');
  const now = deps.clock.now();
  const at = now.toISOString();
  const token = newSurveyToken();
  const survey: Survey = {
    tokenHash: await hashSurveyToken(token),
    ticketId: ticket.id,
    reference: ticket.reference,
    contactId: ticket.contactId,
    channel: phone?.channel ?? 'walk_in',
    to: phone?.to ?? '',
    sentAt: at,
    validUntil: surveyValidUntil(now),
  };
  // Short enough to type from the paper; the same link goes by SMS (fewer characters, fewer parts).
  const code = newShortCode();
  const link = shortLink(deps.publicApiUrl, code);
  await deps.surveys.putSurvey(survey, Boolean(phone));
  await deps.surveys.putShortLink({
    codeHash: await shortCodeHash(code),
    sealedToken: await sealSurveyToken(code, token),
    validUntil: survey.validUntil,
  });
  if (phone) {
    const text = renderTemplate((await deps.templates.load()).survey_invitation, {
      reference: ticket.reference,
      link,
    });
    const intent: AutomaticMessage = {
      id: `${ticket.id}#survey`,
      ticketId: ticket.id,
      kind: 'survey',
      address: phone,
      text,
      event: {
        type: 'survey_sent',
        data: { channel: 'sms', validDays: SURVEY_VALIDITY_DAYS, validUntil: survey.validUntil },
      },
      createdAt: at,
    };
    if (await deps.outbox.record(intent)) await deliverAutomatic(deps, intent.id);
  }
  return {
    reference: ticket.reference,
    link,
    qrSvg: surveySlipQrSvg(link),
    validUntil: survey.validUntil,
    textedTo: phone?.to,
  };
}
