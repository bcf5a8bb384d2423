import { describe, expect, it } from 'vitest';
import { presignS3Get } from '../../functions/adapters/aws/s3-presign.ts';

describe('presigned S3 downloads', () => {
  it("match the worked example of AWS's query-string authentication documentation", () => {
    // S3 API reference, "Authenticating Requests: Using Query Parameters (AWS Signature Version 4)", example.
    const url = presignS3Get({
      bucket: 'examplebucket',
      key: 'test.txt',
      region: 'us-east-1',
      credentials: {
        accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      },
      expiresInSeconds: 86_400,
      now: new Date('2013-05-24T00:00:00Z'),
    });
    expect(url).toBe(
      'https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256' +
        '&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request' +
        '&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host' +
        '&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404',
    );
  });

  it('sign the session token and the response headers, and encode Arabic file names', () => {
    const url = new URL(
      presignS3Get({
        bucket: 'sanad-attachments',
        key: 'inbound/T1/M1/0-عقد.pdf',
        region: 'me-south-1',
        credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret', sessionToken: 'session/token+1' },
        expiresInSeconds: 60,
        now: new Date('2026-11-29T01:00:00Z'),
        responseHeaders: { 'response-content-disposition': "attachment; filename*=UTF-8''%D8%B9" },
      }),
    );
    expect(url.host).toBe('sanad-attachments.s3.me-south-1.amazonaws.com');
    expect(decodeURIComponent(url.pathname)).toBe('/inbound/T1/M1/0-عقد.pdf');
    expect(url.searchParams.get('X-Amz-Security-Token')).toBe('session/token+1');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('60');
    expect(url.searchParams.get('response-content-disposition')).toBe("attachment; filename*=UTF-8''%D8%B9");
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });
});
