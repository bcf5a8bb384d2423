import { printSurveySlip } from '../../shared/use-cases/survey-slip.ts';
import type { AppDependencies } from '../lib/dependencies.ts';
import { optOutsPart, outboxPart, surveysPart } from '../lib/dependency-parts.ts';
import { json, pathRecordId } from '../lib/http.ts';
import { staffRoutesFunction } from '../lib/http-handler.ts';
import { lambdaDependencies } from '../platform/aws.ts';
import { awsSenders } from '../platform/aws-senders.ts';
import { awsStaffTokens } from '../platform/aws-staff.ts';

/** POST /api/tickets/{id}/survey-slip: a walk-in's printed survey slip (link and QR code), texted too when they gave a phone. */
export const createSurveySlipApiHandler = (getDeps: () => AppDependencies) =>
  staffRoutesFunction(getDeps, {
    'POST /api/tickets/{id}/survey-slip': async (event, deps, principal) => {
      return json(201, await printSurveySlip(deps, principal, pathRecordId(event, 'Ticket')));
    },
  });

export const handler = createSurveySlipApiHandler(
  lambdaDependencies(awsSenders, awsStaffTokens, optOutsPart, outboxPart, surveysPart),
);
