import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Image, Key } from './stream-journal.ts';

/**
 * The items a command writes to the table, each making its own record (a transaction's and a batch's too, as in
 * DynamoDB), of those `watch` names.
 */
export function writtenKeys(
  commandName: string | undefined,
  input: Record<string, unknown>,
  table: string,
  watch: (key: { PK?: string; SK?: string }) => boolean = () => true,
): Key[] {
  const keyOf = (item: Image): Key => ({ PK: item.PK as AttributeValue, SK: item.SK as AttributeValue });
  let keys: Key[] = [];
  if (input.TableName === table && commandName === 'PutItemCommand') keys = [keyOf(input.Item as Image)];
  else if (
    input.TableName === table &&
    (commandName === 'UpdateItemCommand' || commandName === 'DeleteItemCommand')
  )
    keys = [input.Key as Key];
  else if (commandName === 'TransactWriteItemsCommand') {
    // Each written item of the transaction makes its own record, as in DynamoDB.
    const items = (input.TransactItems ?? []) as {
      Put?: { TableName?: string; Item: Image };
      Update?: { TableName?: string; Key: Key };
      Delete?: { TableName?: string; Key: Key };
    }[];
    keys = items.flatMap((item) => {
      if (item.Put?.TableName === table) return [keyOf(item.Put.Item)];
      const written = item.Update ?? item.Delete;
      return written?.TableName === table ? [written.Key] : [];
    });
  } else if (commandName === 'BatchWriteItemCommand') {
    const requests = ((input.RequestItems as Record<string, unknown[]> | undefined)?.[table] ?? []) as {
      PutRequest?: { Item: Image };
      DeleteRequest?: { Key: Key };
    }[];
    keys = requests.map((request) =>
      request.PutRequest ? keyOf(request.PutRequest.Item) : (request.DeleteRequest?.Key as Key),
    );
  }
  return keys.filter((key) => watch({ PK: key.PK?.S, SK: key.SK?.S }));
}

/** A Put of a transaction: its item, and whether it only creates (`attribute_not_exists(PK)`). */
export interface TransactionPut {
  item: Image;
  creates: boolean;
}

/** The items a transaction puts, by their keys' lock names: a transaction that succeeded wrote each as given. */
export function transactionPuts(
  commandName: string | undefined,
  input: Record<string, unknown>,
  table: string,
  nameOf: (key: Key) => string,
): Map<string, TransactionPut> {
  const puts = new Map<string, TransactionPut>();
  if (commandName !== 'TransactWriteItemsCommand') return puts;
  for (const { Put } of (input.TransactItems ?? []) as {
    Put?: { TableName?: string; Item: Image; ConditionExpression?: string };
  }[]) {
    if (Put?.TableName !== table) continue;
    const { PK, SK } = Put.Item;
    puts.set(nameOf({ PK, SK } as Key), {
      item: Put.Item,
      creates: Put.ConditionExpression === 'attribute_not_exists(PK)',
    });
  }
  return puts;
}
