import type { S3Client } from '@aws-sdk/client-s3';
import type { DownloadLinkOptions, ObjectStore, StoredObject } from '../../../shared/ports/object-store.ts';
import { runtimeRequire } from './runtime-require.ts';
import { type SdkOnFirstUse, sdkOnFirstUse } from './sdk-on-first-use.ts';

export class S3ObjectStore implements ObjectStore {
  private readonly s3: SdkOnFirstUse<typeof import('@aws-sdk/client-s3'), S3Client>;

  constructor(
    private readonly bucket: string,
    client?: S3Client,
  ) {
    this.s3 = sdkOnFirstUse('@aws-sdk/client-s3', (sdk) => new sdk.S3Client({}), client);
  }

  async put(key: string, body: Uint8Array, contentType: string): Promise<StoredObject> {
    const { sdk, client } = this.s3();
    await client.send(
      new sdk.PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }),
    );
    return { key, contentType, size: body.byteLength };
  }

  async get(key: string): Promise<{ body: Uint8Array; contentType: string } | undefined> {
    const { sdk, client } = this.s3();
    try {
      const result = await client.send(new sdk.GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!result.Body) return undefined;
      return {
        body: await result.Body.transformToByteArray(),
        contentType: result.ContentType ?? 'application/octet-stream',
      };
    } catch (error) {
      if (error instanceof sdk.NoSuchKey) return undefined;
      throw error;
    }
  }

  async downloadLink(key: string, options: DownloadLinkOptions): Promise<string> {
    const { sdk, client } = this.s3();
    const { getSignedUrl } = runtimeRequire(
      '@aws-sdk/s3-request-presigner',
    ) as typeof import('@aws-sdk/s3-request-presigner');
    const download = new sdk.GetObjectCommand({
      Bucket: this.bucket,
      Key: key,
      // Always a download with its real name and type, never rendered as a page of the bucket's origin.
      ResponseContentDisposition: `attachment; filename*=UTF-8''${encodeURIComponent(options.fileName)}`,
      ...(options.contentType && { ResponseContentType: options.contentType }),
    });
    return getSignedUrl(client, download, { expiresIn: options.expiresInSeconds });
  }
}
