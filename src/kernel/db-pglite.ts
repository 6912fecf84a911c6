import { PGlite, type Transaction } from "@electric-sql/pglite";
import { lockDataDir } from "./data-dir-lock.js";
import { type Db, identity, PG_TYPES, parseInt8, parseTimestamptz, type Queryable } from "./db.js";

const parsers = {
  [PG_TYPES.int8]: parseInt8,
  [PG_TYPES.date]: identity,
  [PG_TYPES.timestamp]: parseTimestamptz,
  [PG_TYPES.timestamptz]: parseTimestamptz,
  [PG_TYPES.numeric]: identity,
};

function wrap(target: PGlite | Transaction): Queryable {
  return {
    async query<T>(sql: string, params: readonly unknown[] = []) {
      const result = await target.query<T>(sql, params as unknown[]);
      return result.rows;
    },
    async exec(sql: string) {
      await target.exec(sql);
    },
  };
}

/** The embedded engine: PostgreSQL in WebAssembly, data in `dataDir` (in memory when omitted). */
export async function openPglite(dataDir?: string): Promise<Db> {
  const unlock = dataDir ? lockDataDir(dataDir) : () => undefined;
  let pg: PGlite;
  try {
    pg = await PGlite.create(dataDir ? { dataDir, parsers } : { parsers });
    await pg.exec("SET TIME ZONE 'UTC'");
  } catch (error) {
    unlock();
    throw error;
  }
  const root = wrap(pg);
  return {
    engine: "pglite",
    query: root.query,
    exec: root.exec,
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    close: async () => {
      try {
        await pg.close();
      } finally {
        unlock();
      }
    },
  };
}
