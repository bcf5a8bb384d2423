import { logStaffContact } from '../../shared/use-cases/log-staff-contact.ts';
import type { AppDependencies } from '../lib/dependencies.ts';
import * as parts from '../lib/dependency-parts.ts';
import { json, parseJson, validate } from '../lib/http.ts';
import { staffRoutesFunction } from '../lib/http-handler.ts';
import { staffContactSchema } from '../lib/inbox-schemas.ts';
import { lambdaDependencies } from '../platform/aws.ts';
import { awsSenders } from '../platform/aws-senders.ts';
import { awsStaffTokens } from '../platform/aws-staff.ts';

/**
 * POST /api/tickets: staff record a contact they took themselves (in person, by phone or letter, through a branch
 * representative or a volunteer). A function of its own: it carries the whole intake, which the inbox's reading and
 * replying routes do not need.
 */
export const createStaffContactLogHandler = (getDeps: () => AppDependencies) =>
  staffRoutesFunction(getDeps, {
    'POST /api/tickets': async (event, deps, principal) => {
      const result = await logStaffContact(deps, principal, validate(staffContactSchema, parseJson(event)));
      return json(result.outcome === 'duplicate' ? 200 : 201, result);
    },
  });

export const handler = createStaffContactLogHandler(
  lambdaDependencies(awsSenders, awsStaffTokens, parts.inboxPart, parts.notificationsPart, parts.routingPart),
);
