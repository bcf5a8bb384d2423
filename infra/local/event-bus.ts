import { EventEmitter } from 'node:events';
import {
  closeSync,
  existsSync,
  ftruncateSync,
  openSync,
  readFileSync,
  renameSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import type { TicketChanged } from '../../shared/domain/ticket-change.ts';
import type { TicketEventPublisher } from '../../shared/ports/events.ts';

/** A published change, or its consumers' end: one line each in the journal. */
type JournalLine = { s: number; c: TicketChanged } | { d: number };

/** The journal is emptied once nothing in it is pending and it has grown past this. */
const JOURNAL_EMPTIED_AT = 256 * 1024;

/**
 * In `npm start`, "ticket changed" goes to in-process listeners instead of SNS: the live inbox (`subscribe`, at
 * most once, as a WebSocket push is) and the consumers AWS subscribes to the topic (`consume`: the search index,
 * the survey sender). With a `journal` those consumers' work outlives `kill -9`, as SNS's delivery to Lambda
 * outlives a Lambda that dies: each change is appended before it is handed over and its end after every consumer
 * finished; what a killed run had not finished is read back at construction and handed over by `recover()`.
 */
export class LocalTicketEventBus implements TicketEventPublisher {
  private readonly emitter = new EventEmitter();
  private readonly consumers: ((change: TicketChanged) => Promise<unknown>)[] = [];
  private file: number | undefined;
  private written = 0;
  private sequence = 0;
  private readonly pending = new Set<number>();
  private closed = false;

  /** What the last run published and its consumers never finished, kept pending in a fresh journal. */
  private readonly leftover = new Map<number, TicketChanged>();

  constructor(private readonly journal?: string) {
    if (!journal || !existsSync(journal)) return;
    const changes = new Map<number, TicketChanged>();
    for (const text of readFileSync(journal, 'utf8').split('\n')) {
      // A line a kill cut short was never handed over: nothing to redo for it.
      const line = parsed(text);
      if (line && 's' in line) changes.set(line.s, line.c);
      else if (line) changes.delete(line.d);
    }
    // The fresh journal is written beside and renamed over the old one, so a kill meanwhile loses nothing.
    const lines = [...changes.values()].map((change) => {
      this.sequence += 1;
      this.leftover.set(this.sequence, change);
      this.pending.add(this.sequence);
      return `${JSON.stringify({ s: this.sequence, c: change })}\n`;
    });
    writeFileSync(`${journal}.next`, lines.join(''));
    renameSync(`${journal}.next`, journal);
  }

  async publish(change: TicketChanged): Promise<void> {
    this.emitter.emit('change', change);
    // With no consumer yet there is nothing to finish: journaled, it would stay pending for good.
    if (this.consumers.length > 0) this.handOver(this.append({ s: ++this.sequence, c: change }), change);
  }

  /** A live listener: told of each change as it happens, never again. */
  subscribe(listener: (change: TicketChanged) => void): () => void {
    this.emitter.on('change', listener);
    return () => this.emitter.off('change', listener);
  }

  /** A consumer whose work on each change must be done once even across a kill; a failure is its own to log. */
  consume(consumer: (change: TicketChanged) => Promise<unknown>): void {
    this.consumers.push(consumer);
  }

  /** Hands the changes a killed run had not finished over to the consumers; to call once they are all registered. */
  recover(): number {
    const leftover = [...this.leftover];
    this.leftover.clear();
    for (const [sequence, change] of leftover) this.handOver(sequence, change);
    return leftover.length;
  }

  /** Stops journaling: a consumer finishing after this is handed over again at the next start. */
  close(): void {
    this.closed = true;
    if (this.file !== undefined) closeSync(this.file);
    this.file = undefined;
  }

  private handOver(sequence: number | undefined, change: TicketChanged): void {
    if (this.consumers.length === 0) return;
    void Promise.allSettled(this.consumers.map((consume) => consume(change))).then(() => {
      if (sequence !== undefined) this.finished(sequence);
    });
  }

  private append(line: JournalLine): number | undefined {
    if (!this.journal || this.closed) return undefined;
    this.file ??= openSync(this.journal, 'a');
    this.written += writeSync(this.file, `${JSON.stringify(line)}\n`);
    if ('s' in line) this.pending.add(line.s);
    return 's' in line ? line.s : undefined;
  }

  private finished(sequence: number): void {
    this.pending.delete(sequence);
    this.append({ d: sequence });
    if (this.pending.size === 0 && this.written > JOURNAL_EMPTIED_AT && this.file !== undefined) {
      ftruncateSync(this.file, 0);
      this.written = 0;
    }
  }
}

function parsed(text: string): JournalLine | undefined {
  try {
    return text ? (JSON.parse(text) as JournalLine) : undefined;
  } catch {
    return undefined;
  }
}
