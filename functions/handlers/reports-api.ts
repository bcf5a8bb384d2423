import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import {
  agentReport,
  CSV_REPORTS,
  exportCsv,
  reportOverview,
  reportRange,
} from '../../shared/use-cases/reports.ts';
import { type AppDependencies, reportDeps } from '../lib/dependencies.ts';
import { reportsPart } from '../lib/dependency-parts.ts';
import { json, validate } from '../lib/http.ts';
import { type StaffRoute, staffRoutesFunction } from '../lib/http-handler.ts';
import { lambdaDependencies } from '../platform/aws.ts';
import { awsStaffTokens } from '../platform/aws-staff.ts';

// A day a calendar has: 2026-11-31 is refused, not read as 1 December.
const day = z.iso.date('invalid_value');
const rangeSchema = z.object({ from: z.optional(day), to: z.optional(day) });
const reportSchema = z.enum(CSV_REPORTS);

function rangeOf(event: APIGatewayProxyEventV2, deps: AppDependencies) {
  const { from, to } = validate(rangeSchema, event.queryStringParameters ?? {});
  return reportRange(reportDeps(deps), { from, to });
}

/** Manager reports; each use case checks the caller's role (per-agent figures: supervisors and managers only). */
const routes: Record<string, StaffRoute> = {
  'GET /api/reports/overview': async (event, deps, principal) =>
    json(200, await reportOverview(reportDeps(deps), principal, rangeOf(event, deps))),
  'GET /api/reports/agents': async (event, deps, principal) => {
    const figures = await agentReport(reportDeps(deps), principal, rangeOf(event, deps));
    const names = new Map((await deps.store.listStaffUsers()).map((user) => [user.id, user.name]));
    return json(200, { agents: figures.map((agent) => ({ ...agent, name: names.get(agent.agentId) })) });
  },
  'GET /api/reports/export/{report}': async (event, deps, principal) => {
    const report = validate(reportSchema, event.pathParameters?.report);
    const range = rangeOf(event, deps);
    const csv = await exportCsv(reportDeps(deps), principal, report, range);
    return {
      statusCode: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="sanad-${report}-${range.from}-${range.to}.csv"`,
      },
      body: csv,
    };
  },
};

export const createReportsApiHandler = (getDeps: () => AppDependencies) =>
  staffRoutesFunction(getDeps, routes);

export const handler = createReportsApiHandler(lambdaDependencies(awsStaffTokens, reportsPart));
