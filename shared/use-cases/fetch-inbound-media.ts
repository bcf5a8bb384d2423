import { MediaTooLargeError, MediaUnavailableError } from '../domain/errors.ts';
import {
  fileNotReceivedText,
  parseMediaSourceRef,
  safeKeyPart,
  storedContentType,
  storedFileName,
} from '../domain/media.ts';
import type { Attachment } from '../domain/message.ts';
import { sha256Hex } from '../domain/sha256.ts';
import type { Clock } from '../ports/clock.ts';
import type { TicketEventPublisher } from '../ports/events.ts';
import type { MediaDownloader, MediaFetchJob } from '../ports/media.ts';
import type { MessageStore } from '../ports/message-store.ts';
import type { ObjectStore } from '../ports/object-store.ts';
import type { OutboxStore } from '../ports/outbox.ts';

export interface MediaFetchDeps {
  messages: MessageStore;
  /** Where the note to a sender whose file was too large is recorded, for the outbox drain to send. */
  outbox: Pick<OutboxStore, 'record'>;
  objects: ObjectStore;
  media: MediaDownloader;
  events: TicketEventPublisher;
  clock: Clock;
  mediaMaxBytes: number;
}

export interface MediaFetchOutcome {
  stored: number;
  failed: number;
  notFetched: number;
}

/**
 * Fetches the files of one received message from their providers into the attachment store, one at a time; each
 * attachment's state is written as soon as it is known. A transient failure (network, provider 5xx) is thrown
 * so the queue retries; on the last attempt it is recorded as `failed` first and still thrown, so the job is
 * dead-lettered. Only attachments still `fetching` are touched: a redelivered job does nothing twice.
 */
export async function fetchInboundMedia(
  deps: MediaFetchDeps,
  job: MediaFetchJob,
  lastAttempt: boolean,
): Promise<MediaFetchOutcome> {
  const found = await deps.messages.getMessage(job.ticketId, job.messageId);
  if (!found) throw new Error(`Message ${job.messageId} of ticket ${job.ticketId} is not stored`);
  const outcome: MediaFetchOutcome = { stored: 0, failed: 0, notFetched: 0 };
  let transient: unknown;
  const tooLarge: { names: string[]; maxBytes: number } = { names: [], maxBytes: deps.mediaMaxBytes };
  const attachments = found.message.attachments;
  for (const [index, attachment] of attachments.entries()) {
    if (attachment.state !== 'fetching') continue;
    const next = await fetchOne(deps, job, index, attachment).catch((error: unknown) => {
      if (error instanceof MediaTooLargeError) {
        tooLarge.names.push(attachment.name);
        tooLarge.maxBytes = error.maxBytes;
      }
      if (error instanceof MediaUnavailableError) return failed(attachment, error.message);
      transient = error;
      return lastAttempt ? failed(attachment, `Not fetched after retries: ${messageOf(error)}`) : undefined;
    });
    if (!next) continue;
    await deps.messages.updateAttachment(job.ticketId, job.messageId, index, next);
    if (next.state === 'stored') outcome.stored++;
    else if (next.state === 'failed') outcome.failed++;
    else outcome.notFetched++;
  }
  if (outcome.stored + outcome.failed + outcome.notFetched > 0) {
    await deps.events.publish({
      kind: 'message',
      ticketId: job.ticketId,
      reference: found.owner.reference,
      queueId: found.owner.queueId,
      at: deps.clock.now().toISOString(),
      messageIds: [],
    });
  }
  if (tooLarge.names.length > 0) {
    // One note per message, whatever the retries: its id names the message.
    await deps.outbox.record({
      id: `${job.ticketId}#file-not-received#${job.messageId}`,
      ticketId: job.ticketId,
      kind: 'file_not_received',
      channel: found.message.channel,
      text: fileNotReceivedText(tooLarge.names, tooLarge.maxBytes),
      createdAt: deps.clock.now().toISOString(),
    });
  }
  if (transient) throw transient;
  return outcome;
}

async function fetchOne(
  deps: MediaFetchDeps,
  job: MediaFetchJob,
  index: number,
  attachment: Attachment,
): Promise<Attachment> {
  const source = attachment.source && parseMediaSourceRef(attachment.source);
  if (!source) return failed(attachment, 'The provider gave no reference to fetch the file from');
  const download = await deps.media.download(source, deps.mediaMaxBytes);
  if (download.kind === 'no_token') {
    return { ...attachment, state: 'not_fetched_no_token', failureReason: 'Not fetched: no provider token' };
  }
  const contentType = storedContentType(download.body, download.contentType ?? attachment.contentType);
  // Named by its source too: a file an edit replaced keeps its own bytes beside the new one's.
  const from = (await sha256Hex(attachment.source ?? '')).slice(0, 12);
  const stored = await deps.objects.put(
    `inbound/${job.ticketId}/${job.messageId}/${index}-${from}-${safeKeyPart(attachment.name.slice(-100))}`,
    download.body,
    contentType,
  );
  return {
    name: storedFileName(attachment.name, stored.contentType),
    contentType: stored.contentType,
    size: stored.size,
    objectKey: stored.key,
    state: 'stored',
    source: attachment.source,
    ...(attachment.fingerprint && { fingerprint: attachment.fingerprint }),
  };
}

function failed(attachment: Attachment, reason: string): Attachment {
  return { ...attachment, state: 'failed', failureReason: reason.slice(0, 300) };
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
