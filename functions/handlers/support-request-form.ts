import { submitSupportRequest } from '../../shared/use-cases/submit-support-request.ts';
import { supportRequestSchema, toSubmission } from '../channels/webform/support-request.ts';
import type { AppDependencies } from '../lib/dependencies.ts';
import { header, json, parseJson, validate } from '../lib/http.ts';
import { httpFunction } from '../lib/http-handler.ts';
import { logger } from '../lib/observability.ts';
import { lambdaDependencies } from '../platform/aws.ts';
import { awsSenders } from '../platform/aws-senders.ts';

const STATUS_BY_OUTCOME = { created: 201, appended: 201, duplicate: 200 } as const;

/** POST /public/support-requests: an applicant's support request from the website becomes a case. */
export const createSupportRequestFormHandler = (getDeps: () => AppDependencies) =>
  httpFunction(getDeps, async (event, deps) => {
    const form = validate(supportRequestSchema, parseJson(event));
    const result = await submitSupportRequest(deps, toSubmission(form), {
      channel: 'webform',
      clientIp: event.requestContext?.http?.sourceIp,
      idempotencyKey: header(event, 'idempotency-key')?.slice(0, 128),
    });
    logger.info('Support request received', { outcome: result.outcome, ticketId: result.ticketId });
    return json(STATUS_BY_OUTCOME[result.outcome], {
      reference: result.reference,
      outcome: result.outcome,
    });
  });

export const handler = createSupportRequestFormHandler(lambdaDependencies(awsSenders));
