/** A UNIQUE or PRIMARY KEY constraint refused an insert (MariaDB/MySQL or SQLite). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string } } | null;
  const code = e?.driverError?.code ?? e?.code ?? '';
  return (
    code === 'ER_DUP_ENTRY' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

/** Which constraint, when the message names it (both back ends quote the key or columns). */
export function violatedConstraint(err: unknown): string {
  return String((err as { message?: string })?.message ?? '');
}
