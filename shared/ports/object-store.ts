/** Where attachments, scans and raw provider payloads are kept: S3 in AWS, a folder in `npm start`. */
export interface StoredObject {
  key: string;
  contentType: string;
  size: number;
}

export interface ObjectStore {
  put(key: string, body: Uint8Array, contentType: string): Promise<StoredObject>;
  get(key: string): Promise<{ body: Uint8Array; contentType: string } | undefined>;
}
