import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { receiveWebContact } from '../../shared/use-cases/receive-web-contact.ts';
import { type WebForm, webFormSchema, webFormToInbound } from '../channels/webform/parse.ts';
import { clientAddressOf } from '../lib/client-address.ts';
import type { AppDependencies } from '../lib/dependencies.ts';
import { notificationsPart, publicLimitsPart, routingPart } from '../lib/dependency-parts.ts';
import { parseFormFields } from '../lib/form-body.ts';
import { postedByBrowserForm, refusalPage, seeOther } from '../lib/form-post-page.ts';
import { header, json, validate } from '../lib/http.ts';
import { httpFunction } from '../lib/http-handler.ts';
import { logger } from '../lib/observability.ts';
import { lambdaDependencies } from '../platform/aws.ts';

const STATUS_BY_OUTCOME = { created: 201, appended: 201, duplicate: 200 } as const;

/** The contact form's fields as the page labels them, for a plain form's refusal page. */
const FIELD_LABELS = {
  name: { ar: 'الاسم', en: 'Name' },
  phone: { ar: 'رقم الجوال', en: 'Mobile number' },
  email: { ar: 'البريد الإلكتروني', en: 'Email' },
  nationalId: { ar: 'رقم الهوية', en: 'National id' },
  type: { ar: 'نوع الرسالة', en: 'Message type' },
  subject: { ar: 'الموضوع', en: 'Subject' },
  message: { ar: 'الرسالة', en: 'Message' },
  body: { ar: 'الطلب', en: 'The request' },
};

async function receive(event: APIGatewayProxyEventV2, deps: AppDependencies) {
  const form = validate(webFormSchema, await parseFormFields(event));
  const inbound = webFormToInbound({
    form,
    receivedAt: deps.clock.now(),
    idempotencyKey: header(event, 'idempotency-key')?.slice(0, 128),
  });
  const result = await receiveWebContact(deps, inbound, clientAddressOf(event));
  logger.info('Web form contact ingested', { outcome: result.outcome, ticketId: result.ticketId });
  return { form, result };
}

/**
 * The contact page's confirmation for a plain form's post: the reference, how the answer will come (by email when
 * one was given, else by SMS, as `replyAddress` chooses) and whether the status page can be offered (it asks for
 * the phone).
 */
function confirmationUrl(contactPage: string, form: WebForm, reference: string): string {
  const query = new URLSearchParams({ sent: reference, reply: form.email ? 'email' : 'sms' });
  if (form.phone) query.set('status', '1');
  return `${contactPage}?${query}`;
}

/**
 * POST /public/contact: the website's contact form becomes a ticket of its own (what it names is only claimed); its
 * fields as JSON, an HTML form's post or a page's FormData. A script is answered in JSON; a browser posting a plain
 * form (a society site's own page) is sent on to the contact page's confirmation, or shown why it was refused.
 */
export const createWebFormContactHandler = (getDeps: () => AppDependencies) =>
  httpFunction(getDeps, async (event, deps) => {
    if (postedByBrowserForm(event)) {
      const contactPage = `${deps.publicSiteUrl.replace(/\/+$/, '')}/public/contact`;
      try {
        const { form, result } = await receive(event, deps);
        return seeOther(confirmationUrl(contactPage, form, result.reference));
      } catch (error) {
        return refusalPage(error, { url: contactPage, labels: FIELD_LABELS });
      }
    }
    const { result } = await receive(event, deps);
    return json(STATUS_BY_OUTCOME[result.outcome], {
      ticketId: result.ticketId,
      reference: result.reference,
      outcome: result.outcome,
      ...(result.applicationForm && { applicationForm: result.applicationForm }),
    });
  });

export const handler = createWebFormContactHandler(
  lambdaDependencies(notificationsPart, publicLimitsPart, routingPart),
);
