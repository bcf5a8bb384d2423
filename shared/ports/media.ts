import type { MediaSource } from '../domain/media.ts';

/** One received message whose files are to be fetched from their providers. */
export interface MediaFetchJob {
  ticketId: string;
  messageId: string;
}

/** SQS in AWS (retried, then dead-lettered); a background job with the same retries in `npm start`. */
export interface MediaFetchQueue {
  enqueue(job: MediaFetchJob): Promise<void>;
}

export type MediaDownload =
  | { kind: 'bytes'; body: Uint8Array; contentType?: string }
  /** The provider needs credentials we were not given (locally, usually). */
  | { kind: 'no_token' };

/** Fetches a file's bytes from its provider, refusing more than `maxBytes`. */
export interface MediaDownloader {
  download(source: MediaSource, maxBytes: number): Promise<MediaDownload>;
}
