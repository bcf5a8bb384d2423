import type { LiveMessage } from '../domain/live-inbox.ts';
import type { Principal } from '../domain/staff.ts';

/** A connected inbox and who signed in on it, as recorded when it connected. */
export interface LiveConnection {
  connectionId: string;
  principal: Principal;
  connectedAt: string;
  /** When the token it connected with expires: from then on it gets nothing and is closed. */
  tokenExpiresAt?: string;
}

export interface LiveConnectionStore {
  putConnection(connection: LiveConnection): Promise<void>;
  getConnection(connectionId: string): Promise<LiveConnection | undefined>;
  deleteConnection(connectionId: string): Promise<void>;
  listConnections(): Promise<LiveConnection[]>;
}

/** Posts to one connected inbox; `gone` when the client went away without a disconnect. */
export interface LivePusher {
  post(connectionId: string, message: LiveMessage): Promise<'sent' | 'gone'>;
  /** Closes the client's socket (it signs in again with a fresh token). */
  disconnect(connectionId: string): Promise<void>;
}
