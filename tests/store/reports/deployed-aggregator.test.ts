import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDocumentClient } from '../../../functions/adapters/dynamodb/client.ts';
import { ConfigRepository } from '../../../functions/adapters/dynamodb/config-repository.ts';
import { ReportRepository } from '../../../functions/adapters/dynamodb/report-repository.ts';
import { handler } from '../../../functions/handlers/report-aggregator.ts';
import { type LocalDynamoDB, startLocalDynamoDB } from '../../../infra/local/local-dynamodb.ts';
import { bucketOf } from '../../../shared/reports/histogram.ts';
import { type BusinessCalendar, workingTimeBetween } from '../../../shared/sla/business-calendar.ts';
import { DEFAULT_CALENDAR } from '../../../shared/sla/defaults.ts';
import { stubLambdaEnvironment } from '../../support/lambda-environment.ts';
import { aReportedTicket, changed } from '../../support/reported-tickets.ts';
import { streamRecord } from '../../support/ticket-histories.ts';

const TABLE = 'reports-deployed';
const HOUR = 3_600_000;
let dynamo: LocalDynamoDB;

/** The society's calendar as an admin saved it: the default one, with Thursday 26 November a holiday. */
const SOCIETY_CALENDAR: BusinessCalendar = {
  ...DEFAULT_CALENDAR,
  holidays: [...DEFAULT_CALENDAR.holidays, { name: 'إجازة الجمعية', from: '2026-11-26', to: '2026-11-26' }],
};

beforeAll(async () => {
  dynamo = await startLocalDynamoDB({ tableName: TABLE });
  stubLambdaEnvironment(TABLE, dynamo.endpoint, {
    DEAD_LETTER_QUEUE_URL: 'https://sqs.me-south-1.amazonaws.com/000000000000/dead-letters',
  });
  await new ConfigRepository(createDocumentClient(dynamo.clientConfig), TABLE).putCalendar(SOCIETY_CALENDAR);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await dynamo.close();
});

describe('the deployed report aggregator (the handler Lambda runs)', () => {
  it("counts business time on the society's calendar, not calendar hours", async () => {
    // Created Thursday 15:00 Riyadh, answered Sunday 09:00 Riyadh: 66 calendar hours.
    const createdAt = '2026-11-26T12:00:00.000Z';
    const answeredAt = '2026-11-29T06:00:00.000Z';
    const ticket = { ...aReportedTicket({ queueId: 'q-deployed', createdAt }), version: 1 };
    const answered = {
      ...changed(ticket, answeredAt, {
        status: 'open',
        firstResponseAt: answeredAt,
        lastResponseAt: answeredAt,
      }),
      version: 2,
    };
    const from = new Date(createdAt);
    const to = new Date(answeredAt);
    const societyTime = workingTimeBetween(SOCIETY_CALENDAR, from, to);
    const calendarHours = to.getTime() - from.getTime();
    expect(calendarHours).toBe(66 * HOUR);
    // The saved calendar matters: its holiday takes Thursday's last hours out of the default calendar's count.
    expect(societyTime).toBeGreaterThan(0);
    expect(societyTime).toBeLessThan(workingTimeBetween(DEFAULT_CALENDAR, from, to));
    expect(bucketOf(societyTime)).not.toBe(bucketOf(calendarHours));

    const response = await handler(
      { Records: [streamRecord(undefined, ticket), streamRecord(ticket, answered)] },
      { functionName: 'report-aggregator', awsRequestId: 'test' } as Context,
    );

    expect(response.batchItemFailures).toEqual([]);
    const reports = new ReportRepository(createDocumentClient(dynamo.clientConfig), TABLE);
    const [cell] = (await reports.readCells({ from: '2026-11-26', to: '2026-11-29' })).filter(
      (each) => each.queueId === 'q-deployed' && each.counters.created === undefined,
    );
    expect(cell?.counters).toMatchObject({
      [`h_frtb_${bucketOf(societyTime)}`]: 1,
      [`h_frt_${bucketOf(calendarHours)}`]: 1,
    });
  });
});
