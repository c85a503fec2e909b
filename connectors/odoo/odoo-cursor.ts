/**
 * The poll cursor: (write_date, id) of the last record handled, as "YYYY-MM-DD HH:MM:SS|id".
 * The next poll asks for the records after that pair (odoo-reader.ts pollMoves).
 */
export interface OdooCursor {
  writeDate: string;
  id: number;
}

export const START_OF_TIME = '2000-01-01 00:00:00';

export function parseCursor(text: string | null): OdooCursor {
  const [writeDate, id] = (text ?? '').split('|');
  return writeDate ? { writeDate, id: Number(id) || 0 } : { writeDate: START_OF_TIME, id: 0 };
}

export function formatCursor(cursor: OdooCursor): string {
  return `${cursor.writeDate}|${cursor.id}`;
}

export function afterCursor(cursor: OdooCursor, writeDate: string, id: number): boolean {
  return writeDate > cursor.writeDate || (writeDate === cursor.writeDate && id > cursor.id);
}
