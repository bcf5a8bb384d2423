import { listSettingChanges } from '../../shared/use-cases/settings-audit.ts';
import type { AppDependencies } from '../lib/dependencies.ts';
import { auditPart, inboxPart, messagesPart, notificationsPart } from '../lib/dependency-parts.ts';
import { json } from '../lib/http.ts';
import { type StaffRoute, staffRoutesFunction } from '../lib/http-handler.ts';
import { lambdaDependencies } from '../platform/aws.ts';
import { awsStaffAccounts, awsStaffTokens } from '../platform/aws-staff.ts';
import { calendarRoutes } from './admin/calendar-routes.ts';
import { routingRoutes } from './admin/routing-routes.ts';
import { teamRoutes } from './admin/team-routes.ts';
import { wordingRoutes } from './admin/wording-routes.ts';

/** Queues, staff, routing rules, SLA policies, the business calendar, message wording and the audit of them. */
const routes: Record<string, StaffRoute> = {
  ...teamRoutes,
  ...wordingRoutes,
  ...routingRoutes,
  ...calendarRoutes,
  'GET /api/audit': async (_event, deps, principal) =>
    json(200, { entries: await listSettingChanges(deps, principal) }),
};

export const ADMIN_ROUTE_KEYS = Object.keys(routes);

export const createAdminApiHandler = (getDeps: () => AppDependencies) => staffRoutesFunction(getDeps, routes);

export const handler = createAdminApiHandler(
  lambdaDependencies(awsStaffTokens, awsStaffAccounts, auditPart, inboxPart, messagesPart, notificationsPart),
);
