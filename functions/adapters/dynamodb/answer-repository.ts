import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { AnswerChoice, AnswerUse, KnowledgeAnswer } from '../../../shared/domain/knowledge-base.ts';
import type { AnswerStore, AnswerUseCounter } from '../../../shared/ports/answers.ts';
import { keys } from './keys.ts';

const USE_ATTRIBUTE = { offered: 'offered', answered: 'answered', wants_person: 'wantsPerson' } as const;

/** The knowledge base (one small configuration partition) and the counts of each answer's use. */
export class AnswerRepository implements AnswerStore, AnswerUseCounter {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  // Pattern: every answer, one Query on the answers partition (tens of items).
  async listAnswers(): Promise<KnowledgeAnswer[]> {
    const result = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.knowledgeAnswer('').PK },
      }),
    );
    return (result.Items ?? []).map((item) => item.answer as KnowledgeAnswer);
  }

  async getAnswer(answerId: string): Promise<KnowledgeAnswer | undefined> {
    const result = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.knowledgeAnswer(answerId) }),
    );
    return result.Item?.answer as KnowledgeAnswer | undefined;
  }

  async putAnswer(answer: KnowledgeAnswer): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.knowledgeAnswer(answer.id), entity: 'knowledge-answer', answer },
      }),
    );
  }

  async deleteAnswer(answerId: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: keys.knowledgeAnswer(answerId) }));
  }

  async countUse(answerId: string, use: 'offered' | AnswerChoice): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.answerUse(answerId),
        UpdateExpression: 'ADD #use :one SET entity = :entity, answerId = :id',
        ExpressionAttributeNames: { '#use': USE_ATTRIBUTE[use] },
        ExpressionAttributeValues: { ':one': 1, ':entity': 'answer-use', ':id': answerId },
      }),
    );
  }

  // Pattern: every answer's counts, one Query on their partition.
  async listUses(): Promise<Record<string, AnswerUse>> {
    const result = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.answerUse('').PK },
      }),
    );
    return Object.fromEntries(
      (result.Items ?? []).map((item) => [
        item.answerId as string,
        {
          offered: Number(item.offered ?? 0),
          answered: Number(item.answered ?? 0),
          wantsPerson: Number(item.wantsPerson ?? 0),
        },
      ]),
    );
  }
}
