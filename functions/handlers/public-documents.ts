import { NotFoundError } from '../../shared/domain/errors.ts';
import { isDocumentSlug } from '../../shared/domain/society-documents.ts';
import { societyDocumentFile } from '../../shared/use-cases/society-documents.ts';
import type { AppDependencies } from '../lib/dependencies.ts';
import { httpFunction } from '../lib/http-handler.ts';
import { lambdaDependencies } from '../platform/aws.ts';

/** GET /public/documents/{slug}: the society's document a staff answer linked, for anyone with the link. */
export const createPublicDocumentsHandler = (getDeps: () => AppDependencies) =>
  httpFunction(getDeps, async (event, deps) => {
    const slug = event.pathParameters?.slug ?? '';
    if (!isDocumentSlug(slug)) throw new NotFoundError('Document');
    const body = await societyDocumentFile({ documents: deps.config, objects: deps.objects }, slug);
    return {
      statusCode: 200,
      headers: {
        'content-type': 'application/pdf',
        'content-disposition': `inline; filename="${slug}.pdf"`,
        'cache-control': 'public, max-age=300',
        'x-content-type-options': 'nosniff',
      },
      body: Buffer.from(body).toString('base64'),
      isBase64Encoded: true,
    };
  });

export const handler = createPublicDocumentsHandler(lambdaDependencies());
