import { receiveWebContact } from '../../shared/use-cases/receive-web-contact.ts';
import { webFormSchema, webFormToInbound } from '../channels/webform/parse.ts';
import { clientAddressOf } from '../lib/client-address.ts';
import type { AppDependencies } from '../lib/dependencies.ts';
import { notificationsPart, publicLimitsPart, routingPart } from '../lib/dependency-parts.ts';
import { parseFormFields } from '../lib/form-body.ts';
import { header, json, validate } from '../lib/http.ts';
import { httpFunction } from '../lib/http-handler.ts';
import { logger } from '../lib/observability.ts';
import { lambdaDependencies } from '../platform/aws.ts';

const STATUS_BY_OUTCOME = { created: 201, appended: 201, duplicate: 200 } as const;

/**
 * POST /public/contact: the website's contact form becomes a ticket of its own (what it names is only claimed); its
 * fields as JSON, an HTML form's post or a page's FormData.
 */
export const createWebFormContactHandler = (getDeps: () => AppDependencies) =>
  httpFunction(getDeps, async (event, deps) => {
    const form = validate(webFormSchema, await parseFormFields(event));
    const inbound = webFormToInbound({
      form,
      receivedAt: deps.clock.now(),
      idempotencyKey: header(event, 'idempotency-key')?.slice(0, 128),
    });
    const result = await receiveWebContact(deps, inbound, clientAddressOf(event));
    logger.info('Web form contact ingested', { outcome: result.outcome, ticketId: result.ticketId });
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
