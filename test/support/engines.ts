import { randomBytes } from "node:crypto";
import type { Db } from "../../src/kernel/db.js";
import { openPglite } from "../../src/kernel/db-pglite.js";
import { openPostgres } from "../../src/kernel/db-postgres.js";

/** PostgreSQL for the storage suite, when set (CI sets it; see .ci/run). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

export type Engine = {
  name: "pglite" | "postgres";
  /** A fresh, empty database: in memory for PGlite, a new schema on PostgreSQL. */
  open(): Promise<Db & { schema?: string }>;
};

export function uniqueSchema(): string {
  return `t_${randomBytes(6).toString("hex")}`;
}

let sharedPglite: Promise<Db> | undefined;

/** One in-memory PGlite per test worker (it takes seconds to start); a new schema per open. */
const pglite: Engine = {
  name: "pglite",
  async open() {
    sharedPglite ??= openPglite();
    const base = await sharedPglite;
    const schema = uniqueSchema();
    await base.exec(`CREATE SCHEMA ${schema}; SET search_path = ${schema}`);
    return {
      ...base,
      schema,
      async close() {
        await base.exec(`DROP SCHEMA ${schema} CASCADE; SET search_path = public`);
      },
    };
  },
};

const postgres: Engine = {
  name: "postgres",
  async open() {
    const schema = uniqueSchema();
    const db = await openPostgres(TEST_DATABASE_URL as string, { schema });
    return {
      ...db,
      schema,
      async close() {
        await db.exec(`DROP SCHEMA ${schema} CASCADE`);
        await db.close();
      },
    };
  },
};

/** Every engine the storage suite runs on here: PGlite always, PostgreSQL when configured. */
export const ENGINES: Engine[] = TEST_DATABASE_URL ? [pglite, postgres] : [pglite];
