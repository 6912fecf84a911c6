import type { Queryable } from "./db.js";

/** A column of a bulk write: its name and SQL type, as `jsonb_to_recordset` needs them. */
export type Column = { name: string; type: string };

/** Rows per statement; one JSON parameter carries them, so there is no parameter limit. */
export const bulkRowsPerStatement = 5_000;

const IDENT = /^[a-z_][a-z0-9_]*$/;

function recordType(columns: readonly Column[]): string {
  for (const c of columns) {
    if (!IDENT.test(c.name)) throw new Error(`bad column name ${c.name}`);
  }
  return columns.map((c) => `${c.name} ${c.type}`).join(", ");
}

function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += bulkRowsPerStatement) {
    out.push(rows.slice(i, i + bulkRowsPerStatement));
  }
  return out;
}

/** Inserts rows (objects keyed by column name) in few statements, identically on both engines. */
export async function insertRows(
  tx: Queryable,
  table: string,
  columns: readonly Column[],
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  if (!IDENT.test(table)) throw new Error(`bad table name ${table}`);
  const names = columns.map((c) => c.name).join(", ");
  for (const chunk of chunks(rows)) {
    await tx.query(
      `INSERT INTO ${table} (${names}) SELECT ${names} FROM jsonb_to_recordset($1::text::jsonb) AS x(${recordType(columns)})`,
      [JSON.stringify(chunk)],
    );
  }
}

/**
 * Inserts the rows that do not conflict with a row already there on the `unique` columns (a
 * unique constraint); returns how many were added.
 */
export async function insertNewRows(
  tx: Queryable,
  table: string,
  columns: readonly Column[],
  rows: readonly Record<string, unknown>[],
  unique: readonly string[],
): Promise<number> {
  if (!IDENT.test(table)) throw new Error(`bad table name ${table}`);
  for (const u of unique) if (!IDENT.test(u)) throw new Error(`bad column name ${u}`);
  const names = columns.map((c) => c.name).join(", ");
  let added = 0;
  for (const chunk of chunks(rows)) {
    const inserted = await tx.query(
      `INSERT INTO ${table} (${names}) SELECT ${names} FROM jsonb_to_recordset($1::text::jsonb) AS x(${recordType(columns)})
       ON CONFLICT (${unique.join(", ")}) DO NOTHING RETURNING 1`,
      [JSON.stringify(chunk)],
    );
    added += inserted.length;
  }
  return added;
}

/** Updates the given columns of rows found by their key columns. */
export async function updateRows(
  tx: Queryable,
  table: string,
  keys: readonly Column[],
  columns: readonly Column[],
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  if (!IDENT.test(table)) throw new Error(`bad table name ${table}`);
  const set = columns.map((c) => `${c.name} = x.${c.name}`).join(", ");
  const where = keys.map((k) => `t.${k.name} = x.${k.name}`).join(" AND ");
  for (const chunk of chunks(rows)) {
    await tx.query(
      `UPDATE ${table} AS t SET ${set} FROM jsonb_to_recordset($1::text::jsonb) AS x(${recordType([...keys, ...columns])}) WHERE ${where}`,
      [JSON.stringify(chunk)],
    );
  }
}

/** JSON with sorted keys: two values that mean the same give the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}
