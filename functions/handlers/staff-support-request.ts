import { ForbiddenError, ValidationError } from '../../shared/domain/errors.ts';
import { fieldError } from '../../shared/domain/field-messages.ts';
import { hasRole } from '../../shared/domain/staff.ts';
import { answerForStaff } from '../../shared/use-cases/log-staff-contact.ts';
import { submitSupportRequest } from '../../shared/use-cases/submit-support-request.ts';
import { supportRequestSchema, toSubmission } from '../channels/webform/support-request.ts';
import type { AppDependencies } from '../lib/dependencies.ts';
import { supportRequestParts } from '../lib/dependency-parts.ts';
import { header, IDEMPOTENCY_KEY, json, parseJson, validate } from '../lib/http.ts';
import { httpFunction } from '../lib/http-handler.ts';
import { lambdaDependencies } from '../platform/aws.ts';
import { awsSenders } from '../platform/aws-senders.ts';
import { awsStaffTokens } from '../platform/aws-staff.ts';

const STATUS_BY_OUTCOME = { created: 201, appended: 201, duplicate: 200 } as const;

/**
 * POST /api/support-requests: staff fill the same form for a walk-in applicant; the declaration is recorded as
 * taken in person by that staff member.
 */
export const createStaffSupportRequestHandler = (getDeps: () => AppDependencies) =>
  httpFunction(getDeps, async (event, deps) => {
    const principal = await deps.verifier.principalOf(event);
    if (!hasRole(principal, 'agent', 'researcher', 'supervisor', 'admin'))
      throw new ForbiddenError('Your role may not record support requests');
    const idempotencyKey = header(event, 'idempotency-key');
    if (!idempotencyKey)
      throw new ValidationError(
        [fieldError('Idempotency-Key', 'required')],
        'An Idempotency-Key header is required',
      );
    if (idempotencyKey.length > 128 || !IDEMPOTENCY_KEY.test(idempotencyKey))
      throw new ValidationError(
        [fieldError('Idempotency-Key', 'invalid_value')],
        'An Idempotency-Key is at most 128 letters, digits and . _ : -',
      );
    const form = validate(supportRequestSchema, parseJson(event));
    const result = await submitSupportRequest(deps, toSubmission(form), {
      channel: 'walk_in',
      staff: principal,
      idempotencyKey,
    });
    const answer = await answerForStaff(deps.store, principal, result);
    return json(
      STATUS_BY_OUTCOME[result.outcome],
      'outsideYourQueues' in answer
        ? answer
        : { ticketId: answer.ticketId, reference: answer.reference, outcome: answer.outcome },
    );
  });

export const handler = createStaffSupportRequestHandler(
  lambdaDependencies(awsSenders, awsStaffTokens, ...supportRequestParts),
);
