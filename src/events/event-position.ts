/**
 * A place in the event log: (transaction id, event id). Readers only see events of transactions
 * older than every running one, so positions only ever grow behind a reader, in this order.
 */
export interface EventPosition {
  xid: bigint;
  id: bigint;
}

/** Larger than any event id: "everything of this transaction and before". */
const END_OF_TRANSACTION = 9223372036854775807n;

const CURSOR = /^(\d{1,20})-(\d{1,20})$/;

export function comparePositions(a: EventPosition, b: EventPosition): number {
  if (a.xid !== b.xid) return a.xid < b.xid ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return 0;
}

export function laterOf(a: EventPosition, b: EventPosition): EventPosition {
  return comparePositions(a, b) >= 0 ? a : b;
}

/** Every event of a transaction older than `xmin` lies at or before this position. */
export function headBefore(xmin: bigint): EventPosition {
  return { xid: xmin - 1n, id: END_OF_TRANSACTION };
}

export function encodeCursor(position: EventPosition): string {
  return `${position.xid}-${position.id}`;
}

/** Null when the text is not a cursor Party could have issued. */
export function decodeCursor(cursor: string): EventPosition | null {
  const match = CURSOR.exec(cursor);
  if (!match) return null;
  const position = { xid: BigInt(match[1]), id: BigInt(match[2]) };
  if (position.xid > END_OF_TRANSACTION || position.id > END_OF_TRANSACTION) return null;
  return position;
}
