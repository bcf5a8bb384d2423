import * as z from 'zod/mini';
import { listQuarantinedEmail } from '../../shared/use-cases/quarantine.ts';
import type { AppDependencies } from '../lib/dependencies.ts';
import { quarantinePart } from '../lib/dependency-parts.ts';
import { json, validate } from '../lib/http.ts';
import { staffRoutesFunction } from '../lib/http-handler.ts';
import { lambdaDependencies } from '../platform/aws.ts';
import { awsStaffTokens } from '../platform/aws-staff.ts';

const querySchema = z.strictObject({
  cursor: z.optional(z.string().check(z.maxLength(1024))),
  limit: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(50))),
});

/** Supervisors' list of mail quarantined on receipt (DMARC failed), newest first. */
export const createQuarantineApiHandler = (getDeps: () => AppDependencies) =>
  staffRoutesFunction(getDeps, {
    'GET /api/quarantine': async (event, deps, principal) => {
      const query = validate(querySchema, event.queryStringParameters ?? {});
      return json(200, await listQuarantinedEmail(deps, principal, query));
    },
  });

export const handler = createQuarantineApiHandler(lambdaDependencies(awsStaffTokens, quarantinePart));
