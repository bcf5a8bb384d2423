import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { UnreadablePayloadError } from '../../functions/channels/delivery-contents.ts';
import type { AppDependencies } from '../../functions/lib/dependencies.ts';
import { type HttpWebhook, receiveHttpWebhook } from '../../functions/lib/webhook-function.ts';
import { FolderDeadLetters } from '../../infra/local/folder-dead-letters.ts';
import { ConflictError, ValidationError } from '../../shared/domain/errors.ts';
import { fieldError } from '../../shared/domain/field-messages.ts';

let stored: string[] = [];

/** A webhook whose entries are the body's words; each word says how acting on it goes. */
const words: HttpWebhook<string> = {
  source: () => 'webhook-test',
  verify: async (event) => event.headers?.signature === 'good',
  parse: (event) => {
    const body = JSON.parse(event.body ?? '') as unknown;
    if (!Array.isArray(body)) throw new UnreadablePayloadError('Not a list of words');
    return {
      entries: body.filter((word): word is string => typeof word === 'string'),
      unreadable: body
        .filter((word) => typeof word !== 'string')
        .map((word) => ({ reason: 'Not a word', raw: String(word) })),
    };
  },
  ingest: async (word) => {
    if (word === 'refused') throw new ValidationError([fieldError('text', 'invalid_value')]);
    if (word === 'contended') throw new ConflictError('The ticket kept changing');
    if (word === 'down') throw new Error('The table is unavailable');
    stored.push(word);
    return { outcome: `stored ${word}` };
  },
  answer: (results) => ({ outcomes: results.map((result) => result?.outcome) }),
};

async function deliver(body: string, signature = 'good') {
  stored = [];
  const deadLetters = new FolderDeadLetters();
  const deps = {
    deadLetters,
    clock: { now: () => new Date('2026-11-25T10:00:00Z') },
  } as unknown as AppDependencies;
  const event = { body, headers: { signature } } as unknown as APIGatewayProxyEventV2;
  const response = await receiveHttpWebhook(words, event, deps);
  return {
    status: response.statusCode,
    body: JSON.parse(response.body ?? '{}'),
    letters: deadLetters.letters,
  };
}

describe('the webhook skeleton', () => {
  it('refuses a delivery without the signature before reading it', async () => {
    expect(await deliver('not json', 'bad')).toMatchObject({ status: 401, letters: [] });
  });

  it('keeps a delivery it can never read and acknowledges it, without quoting it in the reason', async () => {
    const notJson = await deliver('{"السلام');
    expect(notJson).toMatchObject({ status: 200, body: { outcome: 'dead-lettered' } });
    expect(notJson.letters).toEqual([
      expect.objectContaining({ reason: 'The body is not JSON', payload: '{"السلام' }),
    ]);
    expect((await deliver('{}')).letters).toEqual([
      expect.objectContaining({ reason: 'Not a list of words' }),
    ]);
  });

  it('sets aside an unreadable part, or an entry refused for good, and stores the others', async () => {
    const result = await deliver(JSON.stringify([7, 'one', 'refused', 'two']));
    expect(result).toMatchObject({
      status: 200,
      body: { outcomes: ['dead-lettered', 'stored one', 'dead-lettered', 'stored two'] },
    });
    expect(result.letters.map((letter) => letter.payload)).toEqual(['7', '"refused"']);
  });

  it.each(['down', 'contended'])(
    'asks for the delivery again when an entry is %s, after storing the others',
    async (word) => {
      const result = await deliver(JSON.stringify(['one', word, 'two']));
      expect(result).toMatchObject({ status: 503, body: { error: 'unavailable' }, letters: [] });
      expect(stored).toEqual(['one', 'two']);
    },
  );
});
