import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import type { HttpHandler } from '../../functions/lib/http-handler.ts';
import type { HttpFunctionName } from '../../functions/routes.ts';
import { createRequestListener } from '../../infra/local/http-server.ts';
import type { DynaliteOperations } from '../../infra/local/in-process-dynamodb.ts';
import { StoreWrites } from '../../infra/local/store-writes.ts';

/** LevelDB after a full disk: reads answer, every write fails until `freed` (and, for real, a restart). */
function diskFull(): { operations: DynaliteOperations; freed: { value: boolean } } {
  const freed = { value: false };
  const operations: DynaliteOperations = async (operation) => {
    if (operation === 'GetItem' || freed.value) return { statusCode: 200, body: {} };
    if (operation === 'UpdateItem') throw new Error('IO error: No space left on device');
    if (operation === 'PutItem' && !freed.value)
      return {
        statusCode: 500,
        body: { message: 'IO error: ./dynamodb/000012.ldb: No space left on device' },
      };
    return { statusCode: 400, body: { message: 'The conditional request failed' } };
  };
  return { operations, freed };
}

describe('a local store that refuses writes', () => {
  it('is known from the first write it refuses until one is taken; reads and refused conditions change nothing', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const writes = new StoreWrites();
    const { operations, freed } = diskFull();
    const watched = writes.watch(operations);
    await watched('GetItem', {});
    expect(writes.refusal()).toBeUndefined();
    await watched('PutItem', {});
    expect(writes.refusal()).toMatch(/No space left on device/);
    await watched('GetItem', {});
    await watched('DeleteItem', {});
    expect(writes.refusal()).toMatch(/No space left/);
    await expect(watched('UpdateItem', {})).rejects.toThrow(/No space/);
    expect(writes.refusal()).toBe('IO error: No space left on device');
    expect(console.error).toHaveBeenCalledTimes(1);
    freed.value = true;
    await watched('PutItem', {});
    expect(writes.refusal()).toBeUndefined();
  });

  it('makes GET /health answer 503 with the reason instead of ok, while it lasts', async () => {
    let refusal: string | undefined = 'IO error: No space left on device';
    const health: HttpHandler = async () => ({ statusCode: 200, body: JSON.stringify({ status: 'ok' }) });
    const server = createServer(
      createRequestListener({
        functions: { health } as unknown as Record<HttpFunctionName, HttpHandler>,
        localRoutes: {},
        webRoot: '/nonexistent',
        storeRefusal: () => refusal,
      }),
    );
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
    try {
      const refused = await fetch(url);
      expect(refused.status).toBe(503);
      expect(await refused.json()).toEqual({ status: 'store_refuses_writes', message: refusal });
      refusal = undefined;
      const ok = await fetch(url);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ status: 'ok' });
    } finally {
      await new Promise((closed) => server.close(closed));
    }
  });
});
