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

/** The items a transaction puts, by their keys' lock names: a transaction that succeeded wrote each as given. */
export function transactionPuts(
  commandName: string | undefined,
  input: Record<string, unknown>,
  table: string,
  nameOf: (key: Key) => string,
): Map<string, Image> {
  const puts = new Map<string, Image>();
  if (commandName !== 'TransactWriteItemsCommand') return puts;
  for (const item of (input.TransactItems ?? []) as { Put?: { TableName?: string; Item: Image } }[]) {
    if (item.Put?.TableName !== table) continue;
    const { PK, SK } = item.Put.Item;
    puts.set(nameOf({ PK, SK } as Key), item.Put.Item);
  }
  return puts;
}
