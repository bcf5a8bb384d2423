/** Where attachments, scans and raw provider payloads are kept: S3 in AWS, a folder in `npm start`. */
export interface StoredObject {
  key: string;
  contentType: string;
  size: number;
}

export interface DownloadLinkOptions {
  fileName: string;
  /** Absent: the type the object was stored with. */
  contentType?: string;
  expiresInSeconds: number;
}

export interface ObjectStore {
  put(key: string, body: Uint8Array, contentType: string): Promise<StoredObject>;
  get(key: string): Promise<{ body: Uint8Array; contentType: string } | undefined>;
  /**
   * A short-lived link that serves the object directly (S3 presigned GET), so large files never pass through a
   * function; absent where the store has no such links (the local folder), and the file is streamed instead.
   */
  downloadLink?(key: string, options: DownloadLinkOptions): Promise<string>;
}
