import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { threadableMessageId } from '../../../shared/domain/email-delivery-id.ts';
import type { Message } from '../../../shared/domain/message.ts';
import type { AcknowledgementLedger } from '../../../shared/ports/acknowledgements.ts';
import { keys } from './keys.ts';

/** DynamoDB keys are at most 2048 bytes; a Message-ID longer than this is not worth threading on. */
const MAX_MESSAGE_ID_LENGTH = 900;
/** References can list a long thread; the caller orders ids most relevant first. */
const MAX_IDS_LOOKED_UP = 50;

/** `<abc@host>` → `abc@host`; anything that is not a Message-ID gives undefined. */
export function bareMessageId(value: string): string | undefined {
  const bare = value.trim().replace(/^<|>$/g, '').trim();
  return bare.includes('@') && bare.length <= MAX_MESSAGE_ID_LENGTH && !/\s/.test(bare) ? bare : undefined;
}

/** The pointer item written beside an email message (inbound or outbound), so replies find its ticket. */
export function emailIdItems(message: Message): Record<string, unknown>[] {
  // A received mail's id is its Message-ID plus a sender digest (replies name only the Message-ID); an unverified
  // sender's mail gets no pointer at all.
  const messageId =
    message.channel === 'email' && message.providerMessageId
      ? threadableMessageId(message.providerMessageId)
      : undefined;
  const bare = messageId ? bareMessageId(messageId) : undefined;
  return bare
    ? [{ ...keys.emailId(bare), entity: 'emailId', ticketId: message.ticketId, messageId: message.id }]
    : [];
}

// Pattern: email threading, the ticket of the first Message-ID a reply names that we know.
export async function findTicketIdByEmailIds(
  db: DynamoDBDocumentClient,
  tableName: string,
  messageIds: string[],
): Promise<string | undefined> {
  const bare = [...new Set(messageIds.map(bareMessageId).filter((id): id is string => Boolean(id)))].slice(
    0,
    MAX_IDS_LOOKED_UP,
  );
  if (bare.length === 0) return undefined;
  const result = await db.send(
    new BatchGetCommand({ RequestItems: { [tableName]: { Keys: bare.map(keys.emailId) } } }),
  );
  const found = new Map(
    (result.Responses?.[tableName] ?? []).map((item) => [String(item.PK), String(item.ticketId)]),
  );
  // Unprocessed keys are only a lost hint: the reference token and the contact's ticket still thread the mail.
  return bare.map((id) => found.get(keys.emailId(id).PK)).find(Boolean);
}

/** The per-sender acknowledgement item: a conditional write, so one acknowledgement per interval. */
export class DynamoAcknowledgementLedger implements AcknowledgementLedger {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claim(address: string, at: Date, intervalMs: number, ticketId: string): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.acknowledgement(address.toLowerCase()),
            entity: 'acknowledgement',
            lastAckAt: at.toISOString(),
            ticketId,
          },
          ConditionExpression: 'attribute_not_exists(PK) OR lastAckAt <= :before OR ticketId = :ticketId',
          ExpressionAttributeValues: {
            ':before': new Date(at.getTime() - intervalMs).toISOString(),
            ':ticketId': ticketId,
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
