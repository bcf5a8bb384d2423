import { EventEmitter } from 'node:events';
import type { TicketChanged, TicketEventPublisher } from '../../shared/ports/events.ts';

/** In `npm start`, "ticket changed" goes to in-process listeners (the live-inbox WebSocket) instead of SNS. */
export class LocalTicketEventBus implements TicketEventPublisher {
  private readonly emitter = new EventEmitter();

  async publish(change: TicketChanged): Promise<void> {
    this.emitter.emit('change', change);
  }

  subscribe(listener: (change: TicketChanged) => void): () => void {
    this.emitter.on('change', listener);
    return () => this.emitter.off('change', listener);
  }
}
