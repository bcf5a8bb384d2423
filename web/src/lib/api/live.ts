import type { LiveMessage, PresenceActivity } from '../../../../shared/domain/live-inbox.ts';
import { currentToken } from './token.ts';

export type { LiveMessage, PresenceActivity };

/**
 * The live connection: the local server's `/ws`, or the WebSocket API's URL in AWS (set at build time).
 * Reconnects with backoff; the caller reloads what it shows after a reconnect, since pushes may have been missed.
 */
export class LiveConnection {
  private socket?: WebSocket;
  private attempt = 0;
  private closed = false;
  /** The last presence told, repeated when the socket opens: one said while connecting is not lost. */
  private presenceToTell?: string;

  constructor(
    private readonly onMessage: (message: LiveMessage) => void,
    private readonly onReconnect: () => void,
  ) {}

  open(): void {
    this.closed = false;
    this.connect();
  }

  private connect(): void {
    const token = currentToken();
    if (!token || this.closed) return;
    const base =
      import.meta.env.VITE_WEBSOCKET_URL ||
      `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
    const socket = new WebSocket(`${base}?token=${encodeURIComponent(token)}`);
    this.socket = socket;
    socket.onopen = () => {
      if (this.presenceToTell) socket.send(this.presenceToTell);
      if (this.attempt > 0) this.onReconnect();
      this.attempt = 0;
    };
    socket.onmessage = (event) => this.onMessage(JSON.parse(String(event.data)) as LiveMessage);
    socket.onclose = (event) => {
      if (this.closed || event.code === 4401) return;
      this.attempt += 1;
      setTimeout(() => this.connect(), Math.min(30_000, 500 * 2 ** this.attempt));
    };
  }

  presence(ticketId: string, activity: PresenceActivity): void {
    this.presenceToTell = JSON.stringify({ type: 'presence', ticketId, activity });
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(this.presenceToTell);
  }

  close(): void {
    this.closed = true;
    this.socket?.close();
  }
}
