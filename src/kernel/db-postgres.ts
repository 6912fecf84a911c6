import pg from "pg";
import { type Db, identity, PG_TYPES, parseInt8, parseTimestamptz, type Queryable } from "./db.js";

const parsers: Record<number, (text: string) => unknown> = {
  [PG_TYPES.int8]: parseInt8,
  [PG_TYPES.date]: identity,
  [PG_TYPES.timestamp]: parseTimestamptz,
  [PG_TYPES.timestamptz]: parseTimestamptz,
  [PG_TYPES.numeric]: identity,
};

const types = {
  getTypeParser: ((oid: number, format?: string) =>
    parsers[oid] ?? pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
};

function wrap(target: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<T>(sql: string, params: readonly unknown[] = []) {
      const result = await target.query({ text: sql, values: params as unknown[], types });
      return result.rows as T[];
    },
    async exec(sql: string) {
      await target.query(sql);
    },
  };
}

export type PostgresOptions = {
  /** Tables live in this schema (tests give each run its own); created when missing. */
  schema?: string;
  poolSize?: number;
};

/** A PostgreSQL server at `url`, with the same SQL as the embedded engine. */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<Db> {
  const schema = options.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw new Error(`schema name ${schema} must be lower-case letters, digits and underscores`);
  }
  const urlOptions = new URL(url).searchParams.get("options");
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 4,
    options: [urlOptions, "-c TimeZone=UTC", schema ? `-c search_path=${schema}` : null]
      .filter(Boolean)
      .join(" "),
  });
  if (schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  const root = wrap(pool);
  return {
    engine: "postgres",
    query: root.query,
    exec: root.exec,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const value = await fn(wrap(client));
        await client.query("COMMIT");
        return value;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
