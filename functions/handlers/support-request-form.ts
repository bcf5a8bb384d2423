import {
  confirmApplicantPhone,
  resendPhoneConfirmationCode,
} from '../../shared/use-cases/phone-confirmation.ts';
import { submitSupportRequest } from '../../shared/use-cases/submit-support-request.ts';
import {
  phoneConfirmationCodeSchema,
  phoneConfirmationSchema,
  supportRequestSchema,
  toSubmission,
} from '../channels/webform/support-request.ts';
import { clientAddressOf } from '../lib/client-address.ts';
import type { AppDependencies } from '../lib/dependencies.ts';
import { supportRequestParts } from '../lib/dependency-parts.ts';
import { answeredNoSoonerThan, header, json, parseJson, rawBody, validate } from '../lib/http.ts';
import { httpFunction } from '../lib/http-handler.ts';
import { logger } from '../lib/observability.ts';
import { lambdaDependencies } from '../platform/aws.ts';
import { awsSenders } from '../platform/aws-senders.ts';

const STATUS_BY_OUTCOME = { created: 201, appended: 201, duplicate: 200 } as const;

/**
 * POST /public/support-requests: an applicant's support request from the website becomes a case, waiting for the
 * code sent to the phone given; POST .../{reference}/confirm-phone takes that code, .../confirm-phone/code resends it.
 */
export const createSupportRequestFormHandler = (getDeps: () => AppDependencies) =>
  httpFunction(getDeps, async (event, deps) => {
    const clientIp = clientAddressOf(event);
    const reference = (event.pathParameters?.reference ?? '').slice(0, 40);
    if (event.routeKey === 'POST /public/support-requests/{reference}/confirm-phone') {
      const { code, phone } = validate(phoneConfirmationSchema, parseJson(event));
      await confirmApplicantPhone(deps, { reference, code, phone, clientIp });
      return json(200, { reference, phoneConfirmed: true });
    }
    if (event.routeKey === 'POST /public/support-requests/{reference}/confirm-phone/code') {
      // An empty body names no phone, as before the form sent one.
      const { phone } = validate(phoneConfirmationCodeSchema, rawBody(event).trim() ? parseJson(event) : {});
      await answeredNoSoonerThan(deps.statusCodeAnswerMs, () =>
        resendPhoneConfirmationCode(deps, { reference, phone, clientIp }),
      );
      return json(202, {
        message: 'If the request is waiting for its phone, a new code was sent by SMS.',
        messageAr: 'إذا كان الطلب بانتظار تأكيد الجوال فقد أرسلنا رمزاً جديداً برسالة نصية.',
      });
    }
    const form = validate(supportRequestSchema, parseJson(event));
    const result = await submitSupportRequest(deps, toSubmission(form), {
      channel: 'webform',
      clientIp,
      idempotencyKey: header(event, 'idempotency-key')?.slice(0, 128),
    });
    logger.info('Support request received', { outcome: result.outcome, ticketId: result.ticketId });
    return json(STATUS_BY_OUTCOME[result.outcome], {
      reference: result.reference,
      outcome: result.outcome,
      awaitingPhoneConfirmation: result.awaitingPhoneConfirmation,
    });
  });

export const handler = createSupportRequestFormHandler(
  lambdaDependencies(awsSenders, ...supportRequestParts),
);
