import * as z from 'zod/mini';
import { DELIVERY_KINDS, MAX_DELIVERY_MONTHS } from '../../shared/domain/delivery.ts';
import { planDeliveries, recordDelivery } from '../../shared/use-cases/deliveries.ts';
import type { AppDependencies } from '../lib/dependencies.ts';
import { campaignsPart, caseStepParts } from '../lib/dependency-parts.ts';
import { json, parseJson, pathRecordId, validate } from '../lib/http.ts';
import { staffRoutesFunction } from '../lib/http-handler.ts';
import { lambdaDependencies } from '../platform/aws.ts';
import { awsSenders } from '../platform/aws-senders.ts';
import { awsStaffTokens } from '../platform/aws-staff.ts';

const item = z.string().check(z.trim(), z.minLength(2), z.maxLength(200));

const planSchema = z
  .strictObject({
    kind: z.enum(DELIVERY_KINDS),
    months: z.optional(z.number().check(z.int(), z.gte(1), z.lte(MAX_DELIVERY_MONTHS))),
    firstOn: z.iso.date(),
    item,
  })
  .check(
    z.refine((plan) => plan.kind === 'one_off' || plan.months !== undefined, {
      message: 'A monthly plan says for how many months',
      path: ['months'],
    }),
  );

/** A registered beneficiary's deliveries: planned (one-off or monthly) and each marked handed over. */
export const createDeliveriesApiHandler = (getDeps: () => AppDependencies) =>
  staffRoutesFunction(getDeps, {
    'POST /api/tickets/{id}/deliveries': async (event, deps, principal) => {
      const ticketId = pathRecordId(event, 'Ticket');
      return json(
        201,
        await planDeliveries(deps, principal, ticketId, validate(planSchema, parseJson(event))),
      );
    },
    'POST /api/tickets/{id}/deliveries/{deliveryId}/delivered': async (event, deps, principal) => {
      const ticketId = pathRecordId(event, 'Delivery');
      const deliveryId = pathRecordId(event, 'Delivery', 'deliveryId');
      const body = validate(z.strictObject({ item }), parseJson(event));
      return json(200, await recordDelivery(deps, principal, ticketId, deliveryId, body.item));
    },
  });

export const handler = createDeliveriesApiHandler(
  lambdaDependencies(awsSenders, awsStaffTokens, ...caseStepParts, campaignsPart),
);
