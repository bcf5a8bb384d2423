import { ForbiddenError, ValidationError } from '../domain/errors.ts';
import { fieldError } from '../domain/field-messages.ts';
import { hasRole, type Principal, type Role } from '../domain/staff.ts';
import type { Clock } from '../ports/clock.ts';
import type { ReportStore } from '../ports/report-store.ts';
import { type CsvValue, toCsv } from '../reports/csv.ts';
import {
  type AgentFigures,
  agentFigures,
  BACKLOG_AGES,
  type DateRange,
  type Overview,
  summarize,
} from '../reports/overview.ts';
import { branchOf, riyadhDay } from '../reports/reported-ticket.ts';

export interface ReportDeps {
  reports: ReportStore;
  clock: Clock;
}

/** Reports are for those who run the service. */
const REPORT_READERS: Role[] = ['manager', 'supervisor', 'admin'];
/** Per-agent figures serve coaching, so only the people who coach see them (policy: improvement, not punishment). */
const COACHES: Role[] = ['supervisor', 'manager'];
const MAX_RANGE_DAYS = 366;

function requireRole(principal: Principal, roles: Role[]): void {
  if (!hasRole(principal, ...roles)) throw new ForbiddenError('Reports are not available to this role');
}

/** Checks a requested range; without one, today in Riyadh. */
export function reportRange(deps: ReportDeps, requested: Partial<DateRange>): DateRange {
  const today = riyadhDay(deps.clock.now());
  const range = {
    from: requested.from ?? requested.to ?? today,
    to: requested.to ?? requested.from ?? today,
  };
  if (range.from > range.to)
    throw new ValidationError([fieldError('from', 'invalid_value')], '`from` is after `to`');
  if ((Date.parse(range.to) - Date.parse(range.from)) / 86_400_000 >= MAX_RANGE_DAYS) {
    throw new ValidationError(
      [fieldError('to', 'invalid_value')],
      `A report covers at most ${MAX_RANGE_DAYS} days`,
    );
  }
  return range;
}

export async function reportOverview(
  deps: ReportDeps,
  principal: Principal,
  range: DateRange,
): Promise<Overview> {
  requireRole(principal, REPORT_READERS);
  const [cells, backlog] = await Promise.all([deps.reports.readCells(range), deps.reports.readBacklog()]);
  return summarize(range, cells, backlog, riyadhDay(deps.clock.now()));
}

export async function agentReport(
  deps: ReportDeps,
  principal: Principal,
  range: DateRange,
): Promise<AgentFigures[]> {
  requireRole(principal, COACHES);
  return agentFigures(range, await deps.reports.readAgentCells(range));
}

export const CSV_REPORTS = ['tickets', 'overview', 'volumes', 'backlog', 'agents'] as const;
export type CsvReport = (typeof CSV_REPORTS)[number];

const minutes = (ms: number | undefined) => (ms === undefined ? undefined : Math.round(ms / 60_000));

/** A report of the range as CSV (UTF-8 with BOM, so Excel shows the Arabic). */
export async function exportCsv(
  deps: ReportDeps,
  principal: Principal,
  report: CsvReport,
  range: DateRange,
): Promise<string> {
  switch (report) {
    case 'tickets':
      return ticketsCsv(deps, principal, range);
    case 'agents': {
      const agents = await agentReport(deps, principal, range);
      return toCsv(
        [
          'agent_id',
          'first_response_count',
          'first_response_median_min',
          'first_response_p90_min',
          'resolved',
          'resolution_median_min',
          'resolution_p90_min',
        ],
        agents.map((agent) => [
          agent.agentId,
          agent.firstResponse.count,
          minutes(agent.firstResponse.medianMs),
          minutes(agent.firstResponse.p90Ms),
          agent.resolved,
          minutes(agent.resolution.medianMs),
          minutes(agent.resolution.p90Ms),
        ]),
      );
    }
    default: {
      const overview = await reportOverview(deps, principal, range);
      if (report === 'volumes') {
        return toCsv(
          ['day', 'channel', 'created'],
          overview.volumes.map((v) => [v.day, v.channel, v.created]),
        );
      }
      if (report === 'backlog') {
        return toCsv(
          ['queue_id', 'open', ...BACKLOG_AGES],
          overview.backlog.map((q) => [q.queueId, q.total, ...BACKLOG_AGES.map((age) => q.byAge[age])]),
        );
      }
      return toCsv(['metric', 'value'], overviewRows(overview));
    }
  }
}

function overviewRows(overview: Overview): CsvValue[][] {
  return [
    ['from', overview.range.from],
    ['to', overview.range.to],
    ['created', overview.created],
    ['resolved', overview.resolved],
    ['reopened', overview.reopened],
    ['first_response_median_min', minutes(overview.firstResponse.medianMs)],
    ['first_response_p90_min', minutes(overview.firstResponse.p90Ms)],
    ['first_response_business_median_min', minutes(overview.firstResponseBusiness.medianMs)],
    ['next_response_median_min', minutes(overview.nextResponse.medianMs)],
    ['resolution_median_min', minutes(overview.resolution.medianMs)],
    ['resolution_p90_min', minutes(overview.resolution.p90Ms)],
    ['resolution_business_median_min', minutes(overview.resolutionBusiness.medianMs)],
    ['sla_compliance_pct', overview.sla.compliancePct?.toFixed(1)],
    ['sla_breaches', overview.sla.breaches],
    ['escalations', overview.sla.escalations],
    ['sla_warnings', overview.sla.warnings],
    ['satisfaction_count', overview.satisfaction.count],
    ['satisfaction_average', overview.satisfaction.average?.toFixed(2)],
    ['committee_decided', overview.committee.decided],
    ['committee_within_window_pct', overview.committee.withinWindowPct?.toFixed(1)],
    ['percentile_relative_error', overview.percentileRelativeError.toFixed(3)],
  ];
}

/**
 * One row per ticket with who handled it, so never its satisfaction: paired, they would rank staff by it, against
 * the policy's "improvement, not punishment". Satisfaction is exported only aggregated (the overview).
 */
async function ticketsCsv(deps: ReportDeps, principal: Principal, range: DateRange): Promise<string> {
  requireRole(principal, REPORT_READERS);
  const rows: CsvValue[][] = [];
  for await (const page of deps.reports.ticketsCreatedIn(range)) {
    for (const ticket of page) {
      rows.push([
        ticket.reference,
        ticket.createdAt,
        ticket.channel,
        ticket.queueId,
        branchOf(ticket),
        ticket.type,
        ticket.priority,
        ticket.status,
        ticket.assigneeId,
        ticket.contactName,
        ticket.subject,
        ticket.firstResponseAt,
        ticket.resolvedAt,
        ticket.sla?.breachedAt,
      ]);
    }
  }
  return toCsv(
    [
      'reference',
      'created_at',
      'channel',
      'queue_id',
      'branch',
      'type',
      'priority',
      'status',
      'assignee_id',
      'contact_name',
      'subject',
      'first_response_at',
      'resolved_at',
      'sla_breached_at',
    ],
    rows,
  );
}
