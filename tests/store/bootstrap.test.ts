import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client.ts';
import { ConfigRepository } from '../../functions/adapters/dynamodb/config-repository.ts';
import { TicketRepository } from '../../functions/adapters/dynamodb/ticket-repository.ts';
import { handler } from '../../functions/handlers/bootstrap.ts';
import { type LocalDynamoDB, startLocalDynamoDB } from '../../infra/local/local-dynamodb.ts';
import { STARTING_BRANCHES } from '../../shared/domain/branches.ts';
import { CANNED_ANSWERS } from '../../shared/domain/canned-answers.ts';
import { STARTING_MACROS } from '../../shared/domain/macro.ts';
import { STARTING_QUEUES } from '../../shared/domain/queue.ts';
import { STARTING_WHATSAPP_TEMPLATES } from '../../shared/domain/whatsapp-templates.ts';
import { DEFAULT_CALENDAR, DEFAULT_SLA_POLICIES } from '../../shared/sla/defaults.ts';
import { stubLambdaEnvironment } from '../support/lambda-environment.ts';

const TABLE = 'bootstrap';
const cognito = mockClient(CognitoIdentityProviderClient);
let dynamo: LocalDynamoDB;
let store: TicketRepository;
let config: ConfigRepository;

beforeAll(async () => {
  dynamo = await startLocalDynamoDB({ tableName: TABLE });
  stubLambdaEnvironment(TABLE, dynamo.endpoint, { USER_POOL_ID: 'me-south-1_Pool' });
  const db = createDocumentClient(dynamo.clientConfig);
  store = new TicketRepository(db, TABLE);
  config = new ConfigRepository(db, TABLE);
  cognito
    .on(AdminCreateUserCommand)
    .resolves({ User: { Attributes: [{ Name: 'sub', Value: 'sub-first-admin' }] } });
  cognito.on(AdminAddUserToGroupCommand).resolves({});
});
afterAll(async () => {
  vi.unstubAllEnvs();
  cognito.restore();
  await dynamo.close();
});

const event = (requestType: 'Create' | 'Update' | 'Delete') =>
  ({
    RequestType: requestType,
    ResourceType: 'Custom::SanadBootstrap',
    ResourceProperties: {
      ServiceToken: 'arn:aws:lambda:me-south-1:1:function:x',
      AdminEmail: 'Admin@Society.org.sa',
    },
  }) as unknown as CloudFormationCustomResourceEvent;

describe('Custom::SanadBootstrap on a fresh table', () => {
  it('writes the starting queues, rules, policies and calendar, and invites the first admin', async () => {
    const result = await handler(event('Create'));
    expect(result.PhysicalResourceId).toBe('sanad-bootstrap');
    expect(result.Data).toEqual({
      written: [
        ...STARTING_QUEUES.map((queue) => `queue:${queue.id}`),
        'rules',
        'sla-policies',
        'calendar',
        ...STARTING_BRANCHES.map((branch) => `branch:${branch.id}`),
        ...CANNED_ANSWERS.map((answer) => `canned-answer:${answer.id}`),
        'whatsapp-templates',
        'macros',
      ].join(' '),
      admin: 'invited',
    });
    expect((await store.listQueues()).map((queue) => queue.id).sort()).toEqual(
      STARTING_QUEUES.map((queue) => queue.id).sort(),
    );
    expect((await config.listSlaPolicies()).length).toBe(DEFAULT_SLA_POLICIES.length);
    expect(await config.getCalendar()).toEqual(DEFAULT_CALENDAR);
    expect(await config.listBranches()).toEqual(expect.arrayContaining(STARTING_BRANCHES));
    expect(await config.listWhatsAppTemplates()).toEqual(expect.arrayContaining(STARTING_WHATSAPP_TEMPLATES));
    expect(await config.listMacros()).toEqual(expect.arrayContaining(STARTING_MACROS));
    expect((await config.getRuleSet())?.version).toBe(1);
    expect(await store.getStaffUser('sub-first-admin')).toEqual({
      id: 'sub-first-admin',
      email: 'admin@society.org.sa',
      name: 'مدير النظام',
      roles: ['admin'],
      queueIds: [],
    });
    expect(cognito.commandCalls(AdminAddUserToGroupCommand)[0]?.args[0].input.GroupName).toBe('admin');
  });

  it('run again after admins edited the settings, changes nothing and invites nobody twice', async () => {
    const [first] = STARTING_QUEUES;
    await store.putQueue({ ...(first as NonNullable<typeof first>), nameAr: 'خدمة المستفيدين' });
    const edited = {
      ...DEFAULT_CALENDAR,
      holidays: [{ name: 'إجازة', from: '2026-12-01', to: '2026-12-02' }],
    };
    await config.putCalendar(edited);

    const result = await handler(event('Update'));
    expect(result.Data).toEqual({ written: '', admin: 'present' });
    expect(cognito.commandCalls(AdminCreateUserCommand)).toHaveLength(1);
    expect((await store.listQueues()).find((queue) => queue.id === first?.id)?.nameAr).toBe(
      'خدمة المستفيدين',
    );
    expect(await config.getCalendar()).toEqual(edited);
    expect((await config.getRuleSet())?.version).toBe(1);
  });

  it('sends the invitation again when run while the first admin has still not signed in', async () => {
    cognito.on(AdminGetUserCommand).resolves({ UserStatus: 'FORCE_CHANGE_PASSWORD' });
    const result = await handler(event('Update'));
    expect(result.Data).toEqual({ written: '', admin: 'reinvited' });
    expect(cognito.commandCalls(AdminGetUserCommand).at(-1)?.args[0].input.Username).toBe('sub-first-admin');
    expect(cognito.commandCalls(AdminCreateUserCommand).at(-1)?.args[0].input).toEqual({
      UserPoolId: 'me-south-1_Pool',
      Username: 'admin@society.org.sa',
      MessageAction: 'RESEND',
      DesiredDeliveryMediums: ['EMAIL'],
    });

    cognito.on(AdminGetUserCommand).resolves({ UserStatus: 'CONFIRMED' });
    expect((await handler(event('Update'))).Data.admin).toBe('present');
    expect(cognito.commandCalls(AdminCreateUserCommand)).toHaveLength(2);
  });

  it('leaves the data when the stack is deleted', async () => {
    expect(await handler(event('Delete'))).toEqual({ PhysicalResourceId: 'sanad-bootstrap', Data: {} });
    expect((await store.listQueues()).length).toBe(STARTING_QUEUES.length);
  });
});
