import { GoneError, NotFoundError } from '../../shared/domain/errors.ts';
import { linkToken } from '../../shared/domain/link-token.ts';
import type { AppDependencies } from '../lib/dependencies.ts';
import { fileDownload, type HttpResult } from '../lib/http.ts';
import { httpFunction } from '../lib/http-handler.ts';
import { lambdaDependencies } from '../platform/aws.ts';

/**
 * GET /public/files/{token}: a file sent to a beneficiary by SMS, opened with its signed link until it expires.
 * In AWS a redirect to a one-minute presigned S3 URL; locally the file itself. Always a download.
 */
export const createPublicFilesHandler = (getDeps: () => AppDependencies) =>
  httpFunction(getDeps, async (event, deps): Promise<HttpResult> => {
    const checked = await deps.fileLinks.verify(
      linkToken(event.pathParameters?.token ?? ''),
      deps.clock.now(),
    );
    if (checked === 'expired')
      throw new GoneError('This link has expired', { messageAr: 'انتهت صلاحية هذا الرابط' });
    if (!checked) throw new NotFoundError('File');
    const name = checked.objectKey.split('/').at(-1) ?? 'file';
    if (deps.objects.downloadLink) {
      const location = await deps.objects.downloadLink(checked.objectKey, {
        fileName: name,
        expiresInSeconds: 60,
      });
      return { statusCode: 302, headers: { location, 'cache-control': 'no-store' } };
    }
    const stored = await deps.objects.get(checked.objectKey);
    if (!stored) throw new NotFoundError('File');
    return fileDownload(name, stored.contentType, stored.body, 'no-store');
  });

export const handler = createPublicFilesHandler(lambdaDependencies());
