import { NotFoundError } from '../../shared/domain/errors.ts';
import { linkToken } from '../../shared/domain/link-token.ts';
import { submitMissingDocuments, viewUploadLink } from '../../shared/use-cases/missing-documents.ts';
import { missingDocumentsSchema } from '../channels/webform/support-request.ts';
import type { AppDependencies } from '../lib/dependencies.ts';
import { routingPart, uploadLinksPart } from '../lib/dependency-parts.ts';
import { json, parseJson, validate } from '../lib/http.ts';
import { httpFunction } from '../lib/http-handler.ts';
import { logger } from '../lib/observability.ts';
import { lambdaDependencies } from '../platform/aws.ts';

/**
 * The applicant's upload link for missing documents (the token is the only key): GET
 * /public/applications/{token}/state tells the page what to show; POST /public/applications/{token} sends the
 * files, once.
 */
export const createPublicApplicationsHandler = (getDeps: () => AppDependencies) =>
  httpFunction(getDeps, async (event, deps) => {
    const token = linkToken(event.pathParameters?.token ?? '');
    if (!token) throw new NotFoundError('Upload link');
    if (event.requestContext.http.method === 'GET') {
      return json(200, await viewUploadLink(deps, token), { 'cache-control': 'no-store' });
    }
    const { documents } = validate(missingDocumentsSchema, parseJson(event));
    const result = await submitMissingDocuments(deps, token, documents);
    logger.info('Missing documents received through the upload link', { reference: result.reference });
    return json(200, result);
  });

export const handler = createPublicApplicationsHandler(lambdaDependencies(routingPart, uploadLinksPart));
