import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../../functions/adapters/aws/s3-object-store.ts';
import { SnsTicketEventPublisher } from '../../functions/adapters/aws/sns-ticket-events.ts';
import { SqsDeadLetters } from '../../functions/adapters/aws/sqs-dead-letters.ts';
import { SsmSecrets } from '../../functions/adapters/aws/ssm-secrets.ts';
import { FolderDeadLetters } from '../../infra/local/folder-dead-letters.ts';
import { FolderObjectStore } from '../../infra/local/folder-object-store.ts';
import { aTicket } from '../support/factories.ts';

describe('the local object store', () => {
  it('keeps an object and its content type across instances on the same folder', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'sanad-objects-'));
    await new FolderObjectStore(folder).put(
      'attachments/t1/هوية.pdf',
      new Uint8Array([1, 2, 3]),
      'application/pdf',
    );
    const read = await new FolderObjectStore(folder).get('attachments/t1/هوية.pdf');
    expect(read).toEqual({ body: Buffer.from([1, 2, 3]), contentType: 'application/pdf' });
    expect(await new FolderObjectStore(folder).get('missing')).toBeUndefined();
  });

  it('refuses a key that would escape its folder or land on another key’s file', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'sanad-objects-'));
    const store = new FolderObjectStore(folder);
    for (const key of ['../escape', 'a/../b/file', 'a/./file', 'a//file', '/abs/file']) {
      await expect(store.put(key, new Uint8Array(), 'text/plain')).rejects.toThrow(/as written/);
    }
  });
});

describe('the local dead-letter queue', () => {
  it('keeps every letter in order and writes each to a file', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'sanad-dead-'));
    const deadLetters = new FolderDeadLetters(folder);
    await deadLetters.send({
      source: 'email-inbound',
      reason: 'unparseable',
      payload: 'raw',
      at: new Date().toISOString(),
    });
    await deadLetters.send({
      source: 'webhook-telegram',
      reason: 'bad',
      payload: '{}',
      at: new Date().toISOString(),
    });
    expect(deadLetters.letters.map((letter) => letter.source)).toEqual(['email-inbound', 'webhook-telegram']);
    expect(await readdir(folder)).toHaveLength(2);
  });
});

describe('the S3 object store', () => {
  it('puts with the content type and reads back; a missing key is undefined', async () => {
    const s3 = mockClient(S3Client);
    s3.on(PutObjectCommand).resolves({});
    s3.on(GetObjectCommand, { Key: 'missing' }).rejects(new NoSuchKey({ message: 'no', $metadata: {} }));
    const store = new S3ObjectStore('bucket', new S3Client({}));
    const stored = await store.put('k', new Uint8Array([9]), 'image/png');
    expect(stored).toEqual({ key: 'k', contentType: 'image/png', size: 1 });
    expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input).toMatchObject({
      Bucket: 'bucket',
      Key: 'k',
      ContentType: 'image/png',
    });
    expect(await store.get('missing')).toBeUndefined();
  });
});

describe('the SQS dead-letter queue', () => {
  it('sends the letter whole, cutting only what SQS cannot carry, and says so', async () => {
    const sqs = mockClient(SQSClient);
    sqs.on(SendMessageCommand).resolves({});
    const deadLetters = new SqsDeadLetters('https://sqs/queue', new SQSClient({}));
    await deadLetters.send({
      source: 's',
      reason: 'r',
      payload: 'x'.repeat(300_000),
      at: '2026-01-01T00:00:00Z',
    });
    const body = JSON.parse(sqs.commandCalls(SendMessageCommand)[0]?.args[0].input.MessageBody as string);
    expect(body).toMatchObject({ source: 's', reason: 'r', truncated: true });
    expect(body.payload).toHaveLength(200_000);
  });
});

describe('provider secrets from SSM', () => {
  it('reads a SecureString under the prefix, decrypted, once per cache period; a missing one is undefined', async () => {
    const ssm = mockClient(SSMClient);
    ssm
      .on(GetParameterCommand, { Name: '/sanad/secrets/telegram-bot-token' })
      .resolves({ Parameter: { Value: '123:abc' } });
    ssm
      .on(GetParameterCommand, { Name: '/sanad/secrets/missing' })
      .rejects(new ParameterNotFound({ message: 'no', $metadata: {} }));
    const secrets = new SsmSecrets('/sanad/secrets/', 60_000, new SSMClient({}));
    expect(await secrets.get('telegram-bot-token')).toBe('123:abc');
    expect(await secrets.get('telegram-bot-token')).toBe('123:abc');
    expect(await secrets.get('missing')).toBeUndefined();
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(2);
    expect(ssm.commandCalls(GetParameterCommand)[0]?.args[0].input.WithDecryption).toBe(true);
  });
});

describe('the SNS publishers', () => {
  const ticket = aTicket();

  it('publishes a ticket change as JSON, with kind and queue as attributes subscribers filter on', async () => {
    const sns = mockClient(SNSClient);
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const change = {
      kind: 'message' as const,
      ticketId: ticket.id,
      reference: ticket.reference,
      queueId: ticket.queueId,
      at: '2026-11-25T06:00:00.000Z',
    };
    await new SnsTicketEventPublisher('arn:aws:sns:me-south-1:1:ticket-events', new SNSClient({})).publish(
      change,
    );
    const input = sns.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(input?.TopicArn).toBe('arn:aws:sns:me-south-1:1:ticket-events');
    expect(JSON.parse(input?.Message ?? '')).toEqual(change);
    expect(input?.MessageAttributes).toEqual({
      kind: { DataType: 'String', StringValue: 'message' },
      queueId: { DataType: 'String', StringValue: 'research-committee' },
    });
    sns.restore();
  });
});
