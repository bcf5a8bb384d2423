import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GoneException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebSocketApiPusher } from '../../functions/adapters/aws/websocket-pusher.ts';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.ts';
import { LiveConnectionRepository } from '../../functions/adapters/dynamodb/live-connection-repository.ts';
import { createRealtimeConnectHandler } from '../../functions/handlers/realtime-connect.ts';
import { createRealtimeDefaultHandler } from '../../functions/handlers/realtime-default.ts';
import { createRealtimeDisconnectHandler } from '../../functions/handlers/realtime-disconnect.ts';
import { createRealtimePushHandler } from '../../functions/handlers/realtime-push.ts';
import { createTokenVerifier } from '../../functions/lib/auth.ts';
import type { RealtimeDependencies } from '../../functions/lib/realtime-dependencies.ts';
import type { WebSocketEvent } from '../../functions/lib/websocket-function.ts';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, LocalIdentityProvider } from '../../infra/local/identity-provider.ts';
import { ingestContact } from '../../shared/use-cases/ingest-contact.ts';
import { anInboundContact } from '../support/factories.ts';
import { anSnsEvent } from '../support/sns.ts';
import { startTestStore, type TestStore } from '../support/store.ts';

const context = { functionName: 'realtime', awsRequestId: 'test' } as Context;
const api = mockClient(ApiGatewayManagementApiClient);

let test: TestStore;
let deps: RealtimeDependencies;
let idp: LocalIdentityProvider;
let connections: LiveConnectionRepository;

beforeAll(async () => {
  test = await startTestStore();
  idp = await LocalIdentityProvider.open(undefined);
  connections = new LiveConnectionRepository(createDocumentClient(test.dynamo.clientConfig), 'sanad-test');
  deps = {
    connections,
    pusher: new WebSocketApiPusher(
      new ApiGatewayManagementApiClient({ endpoint: 'https://ws.example.test/prod' }),
    ),
    tickets: test.store,
    staff: test.store,
    verifier: createTokenVerifier(
      { issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, jwks: { keys: idp.jwks } },
      test.store,
    ),
    clock: { now: () => new Date('2026-11-25T09:00:00Z') },
  };
});
afterAll(async () => {
  await test.dynamo.close();
});
beforeEach(async () => {
  api.reset();
  for (const connection of await connections.listConnections())
    await connections.deleteConnection(connection.connectionId);
});

/** The `$connect` event as API Gateway sends it (see the WebSocket API developer guide); it has no messageId. */
function connectEvent(connectionId: string, token: string): WebSocketEvent {
  return {
    requestContext: {
      routeKey: '$connect',
      eventType: 'CONNECT',
      extendedRequestId: 'NZ5PtFJbIAMFa1g=',
      requestTime: '25/Nov/2026:09:00:00 +0000',
      messageDirection: 'IN',
      stage: 'prod',
      connectedAt: 1_795_597_200_000,
      requestTimeEpoch: 1_795_597_200_000,
      requestId: 'NZ5PtFJbIAMFa1g=',
      domainName: 'ws.example.test',
      connectionId,
      apiId: 'abc123',
    },
    queryStringParameters: { token },
    isBase64Encoded: false,
  } as unknown as WebSocketEvent;
}

const messageEvent = (connectionId: string, routeKey: string, body?: string) =>
  ({
    ...connectEvent(connectionId, ''),
    requestContext: {
      ...connectEvent(connectionId, '').requestContext,
      routeKey,
      eventType: 'MESSAGE',
      messageId: 'Nz5Q1dNGoAMCJ0Q=',
    },
    queryStringParameters: undefined,
    body,
  }) as WebSocketEvent;

/** An SNS notification record as Lambda receives it. */
async function connectAs(connectionId: string, userId: string, lifetimeSeconds?: number) {
  const user = await test.store.getStaffUser(userId);
  if (!user) throw new Error(`No demo user ${userId}`);
  const token = await idp.issueIdToken(user, lifetimeSeconds);
  return createRealtimeConnectHandler(() => deps)(connectEvent(connectionId, token), context);
}

const postedTo = () =>
  api.commandCalls(PostToConnectionCommand).map((call) => ({
    connectionId: call.args[0].input.ConnectionId,
    data: JSON.parse(String(call.args[0].input.Data)),
  }));

describe('realtime $connect and $disconnect', () => {
  it('records the staff member of a connection whose token is valid', async () => {
    expect(await connectAs('conn-agent', 'u-agent')).toEqual({ statusCode: 200 });
    const stored = await connections.getConnection('conn-agent');
    expect(stored?.principal.userId).toBe('u-agent');
  });

  it('keeps the token’s expiry with the connection', async () => {
    const before = Math.floor(Date.now() / 1000);
    await connectAs('conn-expiry', 'u-agent', 600);
    const stored = await connections.getConnection('conn-expiry');
    const expiresAt = Date.parse(stored?.tokenExpiresAt ?? '') / 1000;
    expect(expiresAt).toBeGreaterThanOrEqual(before + 600);
    expect(expiresAt).toBeLessThanOrEqual(before + 602);
  });

  it('refuses a token without an expiry', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await idp.signClaims({
      token_use: 'id',
      sub: 'u-agent',
      iss: LOCAL_ISSUER,
      aud: LOCAL_AUDIENCE,
      iat: now,
      'cognito:groups': ['agent'],
    });
    const result = await createRealtimeConnectHandler(() => deps)(connectEvent('conn-noexp', token), context);
    expect(result).toEqual({ statusCode: 401 });
    expect(await connections.getConnection('conn-noexp')).toBeUndefined();
  });

  it('refuses a forged token and records nothing', async () => {
    const result = await createRealtimeConnectHandler(() => deps)(connectEvent('conn-x', 'forged'), context);
    expect(result).toEqual({ statusCode: 401 });
    expect(await connections.getConnection('conn-x')).toBeUndefined();
  });

  it('forgets a connection on disconnect', async () => {
    await connectAs('conn-bye', 'u-agent');
    await createRealtimeDisconnectHandler(() => deps)(messageEvent('conn-bye', '$disconnect'), context);
    expect(await connections.getConnection('conn-bye')).toBeUndefined();
  });
});

describe('realtime push from the ticketEvents topic', () => {
  const change = {
    kind: 'created',
    ticketId: '01HZY3K8Q4N2V7C5T9W6R1M0XA',
    reference: 'SND-2026-000001',
    queueId: 'beneficiary-relations',
    at: '2026-11-25T09:00:00.000Z',
  };

  it('posts a ticket change only to staff who may see its queue', async () => {
    await connectAs('conn-agent', 'u-agent');
    await connectAs('conn-researcher', 'u-researcher');
    await connectAs('conn-supervisor', 'u-supervisor');
    api.on(PostToConnectionCommand).resolves({});
    const published = {
      ...change,
      contactId: '01HZY3K8Q4N2V7C5T9W6R1M0XB',
      messageIds: ['01HZY3K8Q4N2V7C5T9W6R1M0XC'],
    };
    await createRealtimePushHandler(() => deps)(
      anSnsEvent(JSON.stringify(published), 'ticket-events'),
      context,
    );
    expect(
      postedTo()
        .map((post) => post.connectionId)
        .sort(),
    ).toEqual(['conn-agent', 'conn-supervisor']);
    expect(postedTo()[0]?.data).toEqual({ type: 'ticketChanged', change });
  });

  it('tells those who saw a ticket only in the queue it left that it changed, so their inbox drops it', async () => {
    await connectAs('conn-agent', 'u-agent');
    await connectAs('conn-researcher', 'u-researcher');
    await connectAs('conn-supervisor', 'u-supervisor');
    api.on(PostToConnectionCommand).resolves({});
    const moved = {
      ...change,
      kind: 'updated',
      queueId: 'research-committee',
      fromQueueId: 'beneficiary-relations',
    };
    await createRealtimePushHandler(() => deps)(anSnsEvent(JSON.stringify(moved), 'ticket-events'), context);
    expect(
      postedTo()
        .map((post) => post.connectionId)
        .sort(),
    ).toEqual(['conn-agent', 'conn-supervisor']);
    expect(postedTo()[0]?.data.change).not.toHaveProperty('fromQueueId');
  });

  it('applies access an admin changed after a member connected: a disabled one is closed, a moved one follows', async () => {
    await connectAs('conn-agent', 'u-agent');
    await connectAs('conn-agent2', 'u-agent2');
    api.on(PostToConnectionCommand).resolves({});
    api.on(DeleteConnectionCommand).resolves({});
    const agent = await test.store.getStaffUser('u-agent');
    const agent2 = await test.store.getStaffUser('u-agent2');
    if (!agent || !agent2) throw new Error('No demo agents');
    try {
      await test.store.putStaffUser({ ...agent, disabled: true });
      await test.store.putStaffUser({ ...agent2, queueIds: ['beneficiary-relations'] });
      await createRealtimePushHandler(() => deps)(
        anSnsEvent(JSON.stringify(change), 'ticket-events'),
        context,
      );
      expect(postedTo().map((post) => post.connectionId)).toEqual(['conn-agent2']);
      expect(
        api.commandCalls(DeleteConnectionCommand).map((call) => call.args[0].input.ConnectionId),
      ).toEqual(['conn-agent']);
      expect(await connections.getConnection('conn-agent')).toBeUndefined();

      // Moved out of the queue again: nothing more reaches them about it.
      await test.store.putStaffUser({ ...agent2, queueIds: ['volunteering'] });
      api.resetHistory();
      await createRealtimePushHandler(() => deps)(
        anSnsEvent(JSON.stringify(change), 'ticket-events'),
        context,
      );
      expect(postedTo()).toEqual([]);
    } finally {
      await test.store.putStaffUser(agent);
      await test.store.putStaffUser(agent2);
    }
  });

  it('tells only the staff a change notified that there is a notice for them, and keeps who was told from the rest', async () => {
    await connectAs('conn-agent', 'u-agent');
    await connectAs('conn-agent2', 'u-agent2');
    await connectAs('conn-supervisor', 'u-supervisor');
    api.on(PostToConnectionCommand).resolves({});
    const assigned = { ...change, kind: 'updated', notified: ['u-agent'] };
    await createRealtimePushHandler(() => deps)(
      anSnsEvent(JSON.stringify(assigned), 'ticket-events'),
      context,
    );
    const notices = postedTo().filter((post) => post.data.type === 'notification');
    expect(notices).toEqual([
      { connectionId: 'conn-agent', data: { type: 'notification', ticketId: change.ticketId } },
    ]);
    const changes = postedTo().filter((post) => post.data.type === 'ticketChanged');
    expect(changes.map((post) => post.connectionId).sort()).toEqual([
      'conn-agent',
      'conn-agent2',
      'conn-supervisor',
    ]);
    for (const post of changes) expect(post.data.change).toEqual({ ...change, kind: 'updated' });
  });

  it('forgets a connection the WebSocket API reports gone', async () => {
    await connectAs('conn-gone', 'u-agent');
    api
      .on(PostToConnectionCommand)
      .rejects(new GoneException({ message: 'Gone', $metadata: { httpStatusCode: 410 } }));
    await createRealtimePushHandler(() => deps)(anSnsEvent(JSON.stringify(change), 'ticket-events'), context);
    expect(await connections.getConnection('conn-gone')).toBeUndefined();
  });

  it('skips, closes and forgets a connection whose token has expired', async () => {
    await connectAs('conn-fresh', 'u-agent');
    await connectAs('conn-stale', 'u-agent', 60);
    api.on(PostToConnectionCommand).resolves({});
    api.on(DeleteConnectionCommand).resolves({});
    // Two minutes on: the one-minute token has expired, the eight-hour one has not.
    const later = { ...deps, clock: { now: () => new Date(Date.now() + 120_000) } };
    await createRealtimePushHandler(() => later)(
      anSnsEvent(JSON.stringify(change), 'ticket-events'),
      context,
    );
    expect(postedTo().map((post) => post.connectionId)).toEqual(['conn-fresh']);
    expect(api.commandCalls(DeleteConnectionCommand).map((call) => call.args[0].input.ConnectionId)).toEqual([
      'conn-stale',
    ]);
    expect(await connections.getConnection('conn-stale')).toBeUndefined();
    expect(await connections.getConnection('conn-fresh')).toBeDefined();
  });

  it('fails on a message that is not a ticket change, so SNS retries and dead-letters it', async () => {
    await expect(
      createRealtimePushHandler(() => deps)(anSnsEvent('{"kind":"deleted"}', 'ticket-events'), context),
    ).rejects.toThrow();
  });
});

describe('realtime $default (presence)', () => {
  it('relays nothing from a connection whose token has expired', async () => {
    const { ticketId } = await ingestContact(test.deps, anInboundContact());
    await connectAs('conn-stale', 'u-agent', 60);
    await connectAs('conn-agent2', 'u-agent2');
    api.on(PostToConnectionCommand).resolves({});
    const later = { ...deps, clock: { now: () => new Date(Date.now() + 120_000) } };
    await createRealtimeDefaultHandler(() => later)(
      messageEvent(
        'conn-stale',
        '$default',
        JSON.stringify({ type: 'presence', ticketId, activity: 'viewing' }),
      ),
      context,
    );
    expect(postedTo()).toEqual([]);
  });

  it('tells colleagues of the queue who is replying, but not the sender or other queues', async () => {
    const { ticketId } = await ingestContact(test.deps, anInboundContact());
    const ticket = await test.store.getTicket(ticketId);
    await connectAs('conn-agent', 'u-agent');
    await connectAs('conn-agent2', 'u-agent2');
    await connectAs('conn-researcher', 'u-researcher');
    api.on(PostToConnectionCommand).resolves({});
    await createRealtimeDefaultHandler(() => deps)(
      messageEvent(
        'conn-agent',
        '$default',
        JSON.stringify({ type: 'presence', ticketId, activity: 'replying' }),
      ),
      context,
    );
    expect(ticket?.queueId).toBe('beneficiary-relations');
    expect(postedTo()).toEqual([
      {
        connectionId: 'conn-agent2',
        data: { type: 'presence', ticketId, activity: 'replying', userId: 'u-agent', name: 'نورة القحطاني' },
      },
    ]);
  });
});
