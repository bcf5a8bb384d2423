import * as z from 'zod';
import { DELIVERY_KINDS, MAX_DELIVERY_MONTHS } from '../../shared/domain/delivery.ts';
import { NotFoundError } from '../../shared/domain/errors.ts';
import { planDeliveries, recordDelivery } from '../../shared/use-cases/deliveries.ts';
import type { AppDependencies } from '../lib/dependencies.ts';
import { json, parseJson, validate } from '../lib/http.ts';
import { staffRoutesFunction } from '../lib/http-handler.ts';
import { lambdaDependencies } from '../platform/aws.ts';
import { awsSenders } from '../platform/aws-senders.ts';

const item = z.string().trim().min(2).max(200);

const planSchema = z
  .strictObject({
    kind: z.enum(DELIVERY_KINDS),
    months: z.number().int().min(1).max(MAX_DELIVERY_MONTHS).optional(),
    firstOn: z.iso.date(),
    item,
  })
  .refine((plan) => plan.kind === 'one_off' || plan.months !== undefined, {
    message: 'A monthly plan says for how many months',
    path: ['months'],
  });

/** A registered beneficiary's deliveries: planned (one-off or monthly) and each marked handed over. */
export const createDeliveriesApiHandler = (getDeps: () => AppDependencies) =>
  staffRoutesFunction(getDeps, {
    'POST /api/tickets/{id}/deliveries': async (event, deps, principal) => {
      const ticketId = event.pathParameters?.id;
      if (!ticketId) throw new NotFoundError('Ticket');
      return json(
        201,
        await planDeliveries(deps, principal, ticketId, validate(planSchema, parseJson(event))),
      );
    },
    'POST /api/tickets/{id}/deliveries/{deliveryId}/delivered': async (event, deps, principal) => {
      const ticketId = event.pathParameters?.id;
      const deliveryId = event.pathParameters?.deliveryId;
      if (!ticketId || !deliveryId) throw new NotFoundError('Delivery');
      const body = validate(z.strictObject({ item }), parseJson(event));
      return json(200, await recordDelivery(deps, principal, ticketId, deliveryId, body.item));
    },
  });

export const handler = createDeliveriesApiHandler(lambdaDependencies(awsSenders));
