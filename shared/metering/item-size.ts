import type { AttributeValue } from '@aws-sdk/client-dynamodb';

// Item sizes as DynamoDB counts them for capacity and storage (developer guide, "Item sizes and
// formats"): attribute names and values in UTF-8, numbers by their significant digits.

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

/** About one byte per two significant digits, plus one. */
function numberBytes(n: string): number {
  const digits = n.replace(/^-/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.ceil(digits.length / 2) + 1;
}

export function valueBytes(value: AttributeValue): number {
  if (value.S !== undefined) return utf8(value.S);
  if (value.N !== undefined) return numberBytes(value.N);
  if (value.B !== undefined) return value.B.length;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS) return value.SS.reduce((a, s) => a + utf8(s), 0);
  if (value.NS) return value.NS.reduce((a, s) => a + numberBytes(s), 0);
  if (value.BS) return value.BS.reduce((a, b) => a + b.length, 0);
  // Lists and maps: 3 bytes, and 1 more per element besides the element itself.
  if (value.L) return 3 + value.L.reduce((a, v) => a + 1 + valueBytes(v), 0);
  if (value.M) return 3 + Object.entries(value.M).reduce((a, [k, v]) => a + 1 + utf8(k) + valueBytes(v), 0);
  return 0;
}

export const itemBytes = (item: Record<string, AttributeValue>) => Object.entries(item).reduce((a, [name, v]) => a + utf8(name) + valueBytes(v), 0);
