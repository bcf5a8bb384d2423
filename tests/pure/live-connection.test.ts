import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/** A socket that opens when the test says so, and records what the inbox sent. */
class FakeSocket {
  static readonly OPEN = 1;
  static last?: FakeSocket;
  readyState = 0;
  sent: string[] = [];
  onopen?: () => void;
  onmessage?: (event: { data: string }) => void;
  onclose?: (event: { code: number }) => void;
  constructor(readonly url: string) {
    FakeSocket.last = this;
  }
  send(data: string) {
    if (this.readyState !== FakeSocket.OPEN) throw new Error('InvalidStateError: still connecting');
    this.sent.push(data);
  }
  close() {}
  opens() {
    this.readyState = FakeSocket.OPEN;
    this.onopen?.();
  }
}

beforeEach(() => {
  vi.stubGlobal('location', { protocol: 'http:', host: 'localhost:3000', origin: 'http://localhost:3000' });
  vi.stubGlobal('sessionStorage', { getItem: () => 'token', setItem() {}, removeItem() {} });
  vi.stubGlobal('WebSocket', FakeSocket);
});
afterEach(() => vi.unstubAllGlobals());

describe('the live connection', () => {
  it('tells a presence said while it was still connecting once it opens, the latest only', async () => {
    const { LiveConnection } = await import('../../web/src/lib/api/live.ts');
    const live = new LiveConnection(
      () => {},
      () => {},
    );
    live.open();
    live.presence('T-1', 'viewing');
    live.presence('T-1', 'replying');
    FakeSocket.last?.opens();
    expect(FakeSocket.last?.sent.map((data) => JSON.parse(data))).toEqual([
      { type: 'presence', ticketId: 'T-1', activity: 'replying' },
    ]);
    live.presence('T-1', 'left');
    expect(FakeSocket.last?.sent).toHaveLength(2);
  });
});
