import * as z from 'zod';
import { listQuarantinedEmail } from '../../shared/use-cases/quarantine.ts';
import type { AppDependencies } from '../lib/dependencies.ts';
import { json, validate } from '../lib/http.ts';
import { staffRoutesFunction } from '../lib/http-handler.ts';
import { lambdaDependencies } from '../platform/aws.ts';

const querySchema = z.strictObject({
  cursor: z.string().max(1024).optional(),
  limit: z.coerce.number().int().min(1).max(50).optional(),
});

/** Supervisors' list of mail quarantined on receipt (DMARC failed), newest first. */
export const createQuarantineApiHandler = (getDeps: () => AppDependencies) =>
  staffRoutesFunction(getDeps, {
    'GET /api/quarantine': async (event, deps, principal) => {
      const query = validate(querySchema, event.queryStringParameters ?? {});
      return json(200, await listQuarantinedEmail(deps, principal, query));
    },
  });

export const handler = createQuarantineApiHandler(lambdaDependencies());
