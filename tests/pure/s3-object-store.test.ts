import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../../functions/adapters/aws/s3-object-store.ts';

describe('attachment downloads in AWS', () => {
  it('are presigned S3 GETs that expire, signed with the session token, forcing a download with the Arabic name', async () => {
    const s3 = new S3Client({
      region: 'me-south-1',
      credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret', sessionToken: 'session/token+1' },
    });
    const store = new S3ObjectStore('sanad-attachments', s3);

    const url = new URL(
      await store.downloadLink('inbound/T1/M1/0-عقد.pdf', {
        fileName: 'عقد.pdf',
        contentType: 'application/pdf',
        expiresInSeconds: 60,
      }),
    );

    expect(url.host).toBe('sanad-attachments.s3.me-south-1.amazonaws.com');
    expect(decodeURIComponent(url.pathname)).toBe('/inbound/T1/M1/0-عقد.pdf');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('60');
    expect(url.searchParams.get('X-Amz-Security-Token')).toBe('session/token+1');
    expect(url.searchParams.get('response-content-disposition')).toBe(
      `attachment; filename*=UTF-8''${encodeURIComponent('عقد.pdf')}`,
    );
    expect(url.searchParams.get('response-content-type')).toBe('application/pdf');
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });
});
