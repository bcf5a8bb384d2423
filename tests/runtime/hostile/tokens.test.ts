import type { JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../../infra/local/identity-provider.ts';
import type { LocalRuntime } from '../../../infra/local/runtime.ts';
import { startTestRuntime } from '../../support/runtime.ts';

// Tokens signed with the right key but missing what bounds them in time, over HTTP and the live socket.
let runtime: LocalRuntime;
beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(async () => {
  await runtime.close();
});

const now = () => Math.floor(Date.now() / 1000);
const claims = (overrides: JWTPayload = {}): JWTPayload => ({
  token_use: 'id',
  sub: 'u-agent',
  iss: LOCAL_ISSUER,
  aud: LOCAL_AUDIENCE,
  iat: now(),
  exp: now() + 3600,
  'cognito:groups': ['agent'],
  ...overrides,
});
const without = (name: string): JWTPayload => {
  const { [name]: _dropped, ...rest } = claims();
  return rest;
};

async function me(token: string) {
  const response = await fetch(`${runtime.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
  await response.arrayBuffer();
  return response.status;
}

describe('staff tokens', () => {
  it('accepts a well-formed token', async () => {
    expect(await me(await runtime.identityProvider.signClaims(claims()))).toBe(200);
  });

  it.each(['exp', 'iat', 'token_use'])('answers 401 to a token without %s', async (name) => {
    expect(await me(await runtime.identityProvider.signClaims(without(name)))).toBe(401);
  });

  it('answers 401 to a token claiming a lifetime above the maximum (24 hours)', async () => {
    const token = await runtime.identityProvider.signClaims(claims({ exp: now() + 25 * 3600 }));
    expect(await me(token)).toBe(401);
  });

  it('answers 401 to a token issued in the future, whose lifetime looks short', async () => {
    const iat = now() + 10 * 365 * 86_400;
    expect(await me(await runtime.identityProvider.signClaims(claims({ iat, exp: iat + 3600 })))).toBe(401);
    // A clock a few seconds ahead of ours is not a forgery.
    expect(await me(await runtime.identityProvider.signClaims(claims({ iat: now() + 20 })))).toBe(200);
  });

  it('answers 401 to an access token', async () => {
    expect(await me(await runtime.identityProvider.signClaims(claims({ token_use: 'access' })))).toBe(401);
  });
});

function open(token: string) {
  const socket = new WebSocket(`${runtime.url.replace('http', 'ws')}/ws?token=${token}`);
  const messages: string[] = [];
  socket.on('message', (data) => messages.push(data.toString()));
  const closed = new Promise<{ code: number; at: number }>((resolve) =>
    socket.on('close', (code) => resolve({ code, at: Date.now() })),
  );
  return { socket, messages, closed };
}

describe('the live inbox socket', () => {
  it('is closed with 4401 when its token expires', async () => {
    const user = await runtime.deps.store.getStaffUser('u-agent');
    if (!user) throw new Error('no demo agent');
    const issued = Date.now();
    const { messages, closed } = open(await runtime.identityProvider.issueIdToken(user, 2));
    const { code, at } = await closed;
    expect(code).toBe(4401);
    expect(messages).toContain(JSON.stringify({ type: 'ready' }));
    // Closed at expiry (whole seconds in the token), not at once.
    expect(at - issued).toBeGreaterThan(900);
  });

  it('refuses a socket opened with a token without exp', async () => {
    const { closed, messages } = open(await runtime.identityProvider.signClaims(without('exp')));
    expect((await closed).code).toBe(4401);
    expect(messages).toEqual([]);
  });
});
