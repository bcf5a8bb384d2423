import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { StaffSession } from '../lib/auth.ts';
import { logger } from '../lib/observability.ts';
import { type RealtimeDependencies, realtimeDependencies } from '../lib/realtime-dependencies.ts';
import { websocketFunction } from '../lib/websocket-function.ts';
import { onLambda } from '../platform/aws.ts';
import { awsStaffTokens } from '../platform/aws-staff.ts';

/**
 * WebSocket `$connect`: the inbox opens `wss://…?token=<id token>` (a browser cannot set headers on a
 * WebSocket); the token is checked like a bearer token and the staff member recorded against the connection.
 */
export const createRealtimeConnectHandler = (getDeps: () => RealtimeDependencies) =>
  websocketFunction(getDeps, async (event, deps) => {
    const token = event.queryStringParameters?.token ?? '';
    let session: StaffSession;
    try {
      session = await deps.verifier.sessionOf({
        headers: { authorization: `Bearer ${token}` },
      } as unknown as APIGatewayProxyEventV2);
    } catch {
      logger.info('Live connection refused: token not valid');
      return { statusCode: 401 };
    }
    await deps.connections.putConnection({
      connectionId: event.requestContext.connectionId,
      principal: session.principal,
      connectedAt: deps.clock.now().toISOString(),
      tokenExpiresAt: session.expiresAt.toISOString(),
    });
    return { statusCode: 200 };
  });

export const handler = createRealtimeConnectHandler(onLambda(realtimeDependencies, awsStaffTokens));
