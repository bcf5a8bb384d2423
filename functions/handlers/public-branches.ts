import { publicBranches } from '../../shared/use-cases/branch-admin.ts';
import type { AppDependencies } from '../lib/dependencies.ts';
import { auditPart } from '../lib/dependency-parts.ts';
import { json } from '../lib/http.ts';
import { httpFunction } from '../lib/http-handler.ts';
import { lambdaDependencies } from '../platform/aws.ts';

/** GET /public/branches: the branches the support-request form offers (the active ones). */
export const createPublicBranchesHandler = (getDeps: () => AppDependencies) =>
  httpFunction(getDeps, async (_event, deps) =>
    json(200, { branches: await publicBranches(deps) }, { 'cache-control': 'public, max-age=60' }),
  );

export const handler = createPublicBranchesHandler(lambdaDependencies(auditPart));
