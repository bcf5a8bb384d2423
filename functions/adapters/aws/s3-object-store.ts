import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { DownloadLinkOptions, ObjectStore, StoredObject } from '../../../shared/ports/object-store.ts';

export class S3ObjectStore implements ObjectStore {
  constructor(
    private readonly bucket: string,
    private readonly s3 = new S3Client({}),
  ) {}

  async put(key: string, body: Uint8Array, contentType: string): Promise<StoredObject> {
    await this.s3.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }),
    );
    return { key, contentType, size: body.byteLength };
  }

  async get(key: string): Promise<{ body: Uint8Array; contentType: string } | undefined> {
    try {
      const result = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!result.Body) return undefined;
      return {
        body: await result.Body.transformToByteArray(),
        contentType: result.ContentType ?? 'application/octet-stream',
      };
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  }

  async downloadLink(key: string, options: DownloadLinkOptions): Promise<string> {
    const download = new GetObjectCommand({
      Bucket: this.bucket,
      Key: key,
      // Always a download with its real name and type, never rendered as a page of the bucket's origin.
      ResponseContentDisposition: `attachment; filename*=UTF-8''${encodeURIComponent(options.fileName)}`,
      ...(options.contentType && { ResponseContentType: options.contentType }),
    });
    return getSignedUrl(this.s3, download, { expiresIn: options.expiresInSeconds });
  }
}
