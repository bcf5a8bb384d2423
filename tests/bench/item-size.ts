import type { AttributeValue } from '@aws-sdk/client-dynamodb';

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

/** A number's stored size as DynamoDB documents it: one byte per two significant digits, plus one. */
function numberSize(text: string): number {
  const digits = text
    .replace(/^[-+]/, '')
    .replace(/[eE].*$/, '')
    .replace('.', '')
    .replace(/^0+/, '');
  return Math.ceil(digits.replace(/0+$/, '').length / 2) + 1;
}

function valueSize(value: AttributeValue): number {
  if (value.S !== undefined) return utf8(value.S);
  if (value.N !== undefined) return numberSize(value.N);
  if (value.B !== undefined) return value.B.length;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS) return value.SS.reduce((sum, each) => sum + utf8(each), 0);
  if (value.NS) return value.NS.reduce((sum, each) => sum + numberSize(each), 0);
  if (value.BS) return value.BS.reduce((sum, each) => sum + each.length, 0);
  // Lists and maps: 3 bytes, and 1 byte per element besides its own size.
  if (value.L) return 3 + value.L.reduce((sum, each) => sum + 1 + valueSize(each), 0);
  if (value.M) return 3 + Object.keys(value.M).length + itemSize(value.M);
  return 0;
}

/** An item's size in bytes as DynamoDB counts it for capacity units and its 400 KB limit. */
export function itemSize(item: Record<string, AttributeValue>): number {
  return Object.entries(item).reduce((sum, [name, value]) => sum + utf8(name) + valueSize(value), 0);
}
