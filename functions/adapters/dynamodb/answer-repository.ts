import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AnswerChoice, AnswerUse, KnowledgeAnswer } from '../../../shared/domain/knowledge-base.ts';
import type { AnswerStore, AnswerUseCounter } from '../../../shared/ports/answers.ts';
import { keys } from './keys.ts';
import { TableAccess } from './table-access.ts';

const USE_ATTRIBUTE = { offered: 'offered', answered: 'answered', wants_person: 'wantsPerson' } as const;

/** The knowledge base (one small configuration partition) and the counts of each answer's use. */
export class AnswerRepository extends TableAccess implements AnswerStore, AnswerUseCounter {
  // Pattern: every answer, one Query on the answers partition (tens of items).
  async listAnswers(): Promise<KnowledgeAnswer[]> {
    const items = await this.partition(keys.knowledgeAnswer('').PK);
    return items.map((item) => item.answer as KnowledgeAnswer);
  }

  async getAnswer(answerId: string): Promise<KnowledgeAnswer | undefined> {
    return (await this.get(keys.knowledgeAnswer(answerId)))?.answer as KnowledgeAnswer | undefined;
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
    const items = await this.partition(keys.answerUse('').PK);
    return Object.fromEntries(
      items.map((item) => [
        item.answerId as string,
        {
          offered: Number(item.offered ?? 0),
          answered: Number(item.answered ?? 0),
          wantsPerson: Number(item.wantsPerson ?? 0),
        },
      ]),
    );
  }

  /** Every item of one small partition. */
  private partition(pk: string) {
    return this.queryAll({ KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': pk } });
  }
}
