import { readRequestStatus, requestStatusCode } from '../../shared/use-cases/status-self-service.ts';
import { statusCodeRequestSchema, statusRequestSchema } from '../channels/webform/support-request.ts';
import { clientAddressOf } from '../lib/client-address.ts';
import type { AppDependencies } from '../lib/dependencies.ts';
import * as parts from '../lib/dependency-parts.ts';
import { answeredNoSoonerThan, json, parseJson, validate } from '../lib/http.ts';
import { httpFunction } from '../lib/http-handler.ts';
import { lambdaDependencies } from '../platform/aws.ts';
import { awsSenders } from '../platform/aws-senders.ts';

/**
 * The applicant's status page. POST /public/status/code sends a one-time code by SMS (the same answer whether or
 * not the reference and phone match); POST /public/status shows the steps and dates for the right code,
 * and while the case waits for documents, what is missing with a new upload link.
 */
export const createPublicStatusHandler = (getDeps: () => AppDependencies) =>
  httpFunction(getDeps, async (event, deps) => {
    const clientIp = clientAddressOf(event);
    if (event.routeKey === 'POST /public/status/code') {
      const request = validate(statusCodeRequestSchema, parseJson(event));
      await answeredNoSoonerThan(deps.statusCodeAnswerMs, () =>
        requestStatusCode(deps, { ...request, clientIp }),
      );
      return json(202, {
        message: 'If the reference and phone match a request, a code was sent by SMS.',
        messageAr: 'إذا كان رقم الطلب ورقم الجوال متطابقين فقد أرسلنا رمز التحقق برسالة نصية.',
      });
    }
    const request = validate(statusRequestSchema, parseJson(event));
    return json(200, await readRequestStatus(deps, { ...request, clientIp }));
  });

export const handler = createPublicStatusHandler(
  lambdaDependencies(
    awsSenders,
    parts.optOutsPart,
    parts.outboxPart,
    parts.publicLimitsPart,
    parts.statusLinksPart,
    parts.surveysPart,
    parts.uploadLinksPart,
  ),
);
