/** Something SQL can be sent to: the database itself or an open transaction. */
export interface Queryable {
  /** One statement with `$1…` parameters; returns its rows. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export type Tx = Queryable;

/**
 * The Db port. Two drivers implement it with the same SQL: PGlite (embedded, data in a folder)
 * and PostgreSQL. Value conventions, identical on both:
 * `bigint` → safe integer number (asserted), `numeric` → decimal string, `date` → "YYYY-MM-DD",
 * `timestamptz` → ISO 8601 UTC string with milliseconds, `jsonb` → parsed value.
 */
export interface Db extends Queryable {
  readonly engine: "pglite" | "postgres";
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export const PG_TYPES = {
  int8: 20,
  date: 1082,
  timestamp: 1114,
  timestamptz: 1184,
  numeric: 1700,
} as const;

export function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n))
    throw new Error(`bigint value ${text} is outside the safe integer range`);
  return n;
}

/** "2026-11-30 13:50:11.76+00" (PostgreSQL text output) → "2026-11-30T13:50:11.760Z". */
export function parseTimestamptz(text: string): string {
  const iso = text.replace(" ", "T").replace(/([+-]\d\d)$/, "$1:00");
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`cannot read timestamp ${text}`);
  return new Date(ms).toISOString();
}

export const identity = (text: string): string => text;
