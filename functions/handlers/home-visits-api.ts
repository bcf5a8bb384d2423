import * as z from 'zod/mini';
import { MAX_VISIT_PHOTOS } from '../../shared/domain/home-visit.ts';
import { recordHomeVisit, scheduleHomeVisit } from '../../shared/use-cases/home-visits.ts';
import type { AppDependencies } from '../lib/dependencies.ts';
import { optOutsPart, outboxPart, surveysPart } from '../lib/dependency-parts.ts';
import { json, parseJson, pathRecordId, validate } from '../lib/http.ts';
import { staffRoutesFunction } from '../lib/http-handler.ts';
import { lambdaDependencies } from '../platform/aws.ts';
import { awsSenders } from '../platform/aws-senders.ts';
import { awsStaffTokens } from '../platform/aws-staff.ts';

/** A phone photo is a few MB; four of them stay under API Gateway's payload limit as base64. */
const MAX_PHOTO_BYTES = 2 * 1024 * 1024;

const planSchema = z.strictObject({
  scheduledFor: z.iso.datetime({ offset: true }),
  address: z.string().check(z.trim(), z.minLength(4), z.maxLength(500)),
  purpose: z.string().check(z.trim(), z.minLength(2), z.maxLength(500)),
});

/** The photo's claimed type is ignored: the use case reads what the bytes are. */
const photoSchema = z.pipe(
  z.strictObject({
    name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
    contentType: z.string().check(z.maxLength(100)),
    base64: z.base64().check(z.maxLength(Math.ceil(MAX_PHOTO_BYTES / 3) * 4 + 4)),
  }),
  z.transform(({ base64, ...photo }) => ({ ...photo, body: new Uint8Array(Buffer.from(base64, 'base64')) })),
);

const reportSchema = z.strictObject({
  findings: z.string().check(z.trim(), z.minLength(2), z.maxLength(4000)),
  location: z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('gps'),
      latitude: z.number().check(z.gte(-90), z.lte(90)),
      longitude: z.number().check(z.gte(-180), z.lte(180)),
      accuracyMetres: z.optional(z.number().check(z.gte(0), z.lte(100_000))),
    }),
    z.strictObject({
      kind: z.literal('typed'),
      description: z.string().check(z.trim(), z.minLength(2), z.maxLength(500)),
    }),
  ]),
  photos: z._default(z.array(photoSchema).check(z.maxLength(MAX_VISIT_PHOTOS)), []),
});

/** Home visits from a support case: scheduled from the case, recorded on the visit page in the field. */
export const createHomeVisitsApiHandler = (getDeps: () => AppDependencies) =>
  staffRoutesFunction(getDeps, {
    'POST /api/tickets/{id}/visits': async (event, deps, principal) => {
      const plan = validate(planSchema, parseJson(event));
      return json(201, await scheduleHomeVisit(deps, principal, pathRecordId(event, 'Ticket'), plan));
    },
    'POST /api/tickets/{id}/visits/{visitId}/report': async (event, deps, principal) => {
      const ticketId = pathRecordId(event, 'Ticket');
      const visitId = pathRecordId(event, 'Home visit', 'visitId');
      const report = validate(reportSchema, parseJson(event));
      return json(200, await recordHomeVisit(deps, principal, ticketId, visitId, report));
    },
  });

export const handler = createHomeVisitsApiHandler(
  lambdaDependencies(awsSenders, awsStaffTokens, optOutsPart, outboxPart, surveysPart),
);
