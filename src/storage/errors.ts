/**
 * Engine-neutral reading of database errors, so domain code can tell "this row already exists" or "the
 * database itself is failing" without knowing which engine threw.
 */

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/** A unique or primary-key constraint refused the row. */
export function isUniqueViolation(error: unknown): boolean {
  const code = codeOf(error);
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

// SQLite result codes that concern the whole database, not one statement (extended codes share the prefix).
const SQLITE_DATABASE_WIDE = /^SQLITE_(?:BUSY|LOCKED|FULL|IOERR|NOMEM|READONLY|CORRUPT|NOTADB|CANTOPEN|PROTOCOL)(?:_|$)/;
// PostgreSQL SQLSTATE classes of the same kind: connection (08), resources (53), operator intervention (57),
// system (58), internal (XX); and a serialization failure that outlived its retries (40001, 40P01).
const POSTGRES_DATABASE_WIDE = /^(?:08|53|57|58|XX)|^40001$|^40P01$/;
// Errors of the driver's socket before the server could answer.
const NETWORK = /^(?:ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH)$/;

/** The database as a whole failed (busy, full, unreachable); retrying row by row would only fail again. */
export function isDatabaseWide(error: unknown): boolean {
  const code = codeOf(error);
  if (code.startsWith('SQLITE_')) return SQLITE_DATABASE_WIDE.test(code);
  if (NETWORK.test(code)) return true;
  if (/^[0-9A-Z]{5}$/.test(code)) return POSTGRES_DATABASE_WIDE.test(code);
  // pg's own errors when the pool or client is gone ("Client was closed", "Connection terminated").
  return error instanceof Error && /Connection terminated|Client was closed|pool.*(?:ended|closed)/i.test(error.message);
}
