import { publicSocietyProfile } from '../../shared/use-cases/society-profile.ts';
import type { AppDependencies } from '../lib/dependencies.ts';
import { json } from '../lib/http.ts';
import { httpFunction } from '../lib/http-handler.ts';
import { lambdaDependencies } from '../platform/aws.ts';

/** GET /public/society-profile: the name, logo, colour, contacts and hours the public pages show. */
export const createPublicSocietyProfileHandler = (getDeps: () => AppDependencies) =>
  httpFunction(getDeps, async (_event, deps) =>
    json(200, await publicSocietyProfile(deps), { 'cache-control': 'public, max-age=300' }),
  );

export const handler = createPublicSocietyProfileHandler(lambdaDependencies());
