import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createSmsInboundHandler } from '../../functions/handlers/sms-inbound.ts';
import type { AppDependencies } from '../../functions/lib/dependencies.ts';
import { canSeeQueue, seesAllQueues } from '../../shared/domain/access-policy.ts';
import type { Channel } from '../../shared/domain/channel.ts';
import type { Principal } from '../../shared/domain/staff.ts';
import { invokeLocally, localSnsEvent } from './api-gateway-event.ts';
import type { FolderDeadLetters } from './folder-dead-letters.ts';
import { type LocalRoute, send } from './http-server.ts';
import type { LocalOutbox } from './outbox.ts';

/** The routes of the local stand-ins for what AWS provides: the outbox of what was sent, and the SMS topic. */
export function standInRoutes(
  deps: AppDependencies,
  outbox: LocalOutbox,
  deadLetters: FolderDeadLetters,
): Record<string, LocalRoute> {
  const { store } = deps;
  const smsHandler = createSmsInboundHandler(() => deps);

  // What would have gone to SES, SNS or the platforms, for staff signed in locally. It holds beneficiaries' mail
  // and codes: each member sees what was sent about tickets they see, and what was sent to themselves.
  const outboxRoute: LocalRoute = async (request, _body, response) => {
    let principal: Principal;
    try {
      principal = await deps.verifier.principalOf({
        headers: { authorization: request.headers.authorization ?? '' },
      } as unknown as APIGatewayProxyEventV2);
    } catch {
      return send(response, 401, { error: 'unauthorized', message: 'A staff bearer token is required' });
    }
    const channel = new URL(request.url ?? '/', 'http://localhost').searchParams.get('channel');
    const entries = outbox.list((channel as Channel | null) ?? undefined);
    if (seesAllQueues(principal)) return send(response, 200, { entries });
    const queues = new Map<string, string | undefined>();
    for (const reference of new Set(entries.flatMap((entry) => entry.ticketReference ?? [])))
      queues.set(reference, (await store.findTicketByReference(reference))?.queueId);
    const shown = entries.filter((entry) => {
      if (entry.to === principal.email) return true;
      const queueId = entry.ticketReference && queues.get(entry.ticketReference);
      return Boolean(queueId && canSeeQueue(principal, queueId));
    });
    send(response, 200, { entries: shown });
  };

  return {
    'GET /local/outbox': outboxRoute,
    // Stands in for the two-way SMS topic: the body is what AWS End User Messaging publishes for a received SMS.
    'POST /local/sms': async (_request, body, response) => {
      const message = body.toString('utf8');
      await invokeLocally('smsInbound', smsHandler, localSnsEvent(message));
      // SNS has no answer to give; here the caller is told when the record could not be read and was set aside.
      const setAside = deadLetters.letters.findLast(
        (letter) => letter.source === 'sms-inbound' && letter.payload.includes(message),
      );
      if (setAside) send(response, 400, { accepted: false, deadLettered: true, reason: setAside.reason });
      else send(response, 202, { accepted: true });
    },
  };
}
