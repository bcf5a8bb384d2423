import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Channel } from '../../../shared/domain/channel.ts';
import type { Survey, SurveyAnswer } from '../../../shared/domain/survey.ts';
import type { SurveyShortLink } from '../../../shared/domain/survey-slip.ts';
import type { SurveyStore } from '../../../shared/ports/survey-store.ts';
import { keys } from './keys.ts';
import { epochSeconds, TABLE_EXPIRY_ATTRIBUTE } from './table.ts';

type Item = Record<string, unknown>;

/** DynamoDB adapter for surveys: one method per access pattern; survey items expire with their link. */
export class SurveyRepository implements SurveyStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  // Pattern: the survey by its token's hash, plus the reply pointer of its address, written together.
  async putSurvey(survey: Survey, acceptsReplies: boolean): Promise<void> {
    const expiresAt = epochSeconds(survey.validUntil);
    const items: Item[] = [
      { ...keys.survey(survey.tokenHash), entity: 'survey', ...survey, [TABLE_EXPIRY_ATTRIBUTE]: expiresAt },
    ];
    if (acceptsReplies) {
      items.push({
        ...keys.surveySentTo(survey.channel, survey.to),
        entity: 'survey-reply-pointer',
        tokenHash: survey.tokenHash,
        ticketId: survey.ticketId,
        [TABLE_EXPIRY_ATTRIBUTE]: expiresAt,
      });
    }
    // Two plain puts: a batch may hand items back unprocessed under throttling, and this one must not be lost.
    await Promise.all(items.map((Item) => this.db.send(new PutCommand({ TableName: this.tableName, Item }))));
  }

  // Pattern: survey by the hash of its link's token (consistent: an answer just recorded must be seen).
  async getSurvey(tokenHash: string): Promise<Survey | undefined> {
    const result = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.survey(tokenHash), ConsistentRead: true }),
    );
    return result.Item ? toSurvey(result.Item) : undefined;
  }

  // Pattern: the latest survey sent to an address on a channel; an expired pointer is no pointer.
  async findSurveySentTo(channel: Channel, to: string, now: Date): Promise<Survey | undefined> {
    const result = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.surveySentTo(channel, to),
        ConsistentRead: true,
      }),
    );
    const pointer = result.Item;
    if (!pointer || Number(pointer[TABLE_EXPIRY_ATTRIBUTE]) <= epochSeconds(now)) return undefined;
    return this.getSurvey(String(pointer.tokenHash));
  }

  // Pattern: single use, a conditional update that only an unanswered, unexpired survey accepts.
  async recordAnswer(tokenHash: string, answer: SurveyAnswer, now: Date): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.survey(tokenHash),
          UpdateExpression: 'SET answer = :answer',
          ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(answer) AND #expiresAt > :now',
          ExpressionAttributeNames: { '#expiresAt': TABLE_EXPIRY_ATTRIBUTE },
          ExpressionAttributeValues: {
            ':answer': answer,
            ':now': epochSeconds(now),
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  // Pattern: a slip's short link by its code's hash, kept as long as its survey.
  async putShortLink(link: SurveyShortLink): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.surveyShortLink(link.codeHash),
          entity: 'survey-short-link',
          ...link,
          [TABLE_EXPIRY_ATTRIBUTE]: epochSeconds(link.validUntil),
        },
      }),
    );
  }

  // Pattern: short link by its code's hash; the table deletes expired items late, so expiry is checked here.
  async getShortLink(codeHash: string, now: Date): Promise<SurveyShortLink | undefined> {
    const result = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.surveyShortLink(codeHash) }),
    );
    const item = result.Item;
    if (!item || Number(item[TABLE_EXPIRY_ATTRIBUTE]) <= epochSeconds(now)) return undefined;
    return { codeHash, sealedToken: String(item.sealedToken), validUntil: String(item.validUntil) };
  }
}

function toSurvey(item: Item): Survey {
  const { PK: _pk, SK: _sk, entity: _entity, [TABLE_EXPIRY_ATTRIBUTE]: _expires, ...survey } = item;
  return survey as unknown as Survey;
}
