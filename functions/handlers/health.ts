import type { AppDependencies } from '../lib/dependencies.ts';
import { json } from '../lib/http.ts';
import { httpFunction } from '../lib/http-handler.ts';
import { lambdaDependencies } from '../platform/aws.ts';

/** GET /health: answers only when the store answers, so a load balancer or a person sees real readiness. */
export const createHealthHandler = (getDeps: () => AppDependencies) =>
  httpFunction(getDeps, async (_event, deps) => {
    const queues = await deps.store.listQueues();
    return json(200, { status: 'ok', queues: queues.length, time: deps.clock.now().toISOString() });
  });

export const handler = createHealthHandler(lambdaDependencies());
