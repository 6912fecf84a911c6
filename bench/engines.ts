/**
 * The databases a bench runs on, each fresh: PGlite in memory, PGlite in a temporary folder, and a
 * new schema on a PostgreSQL server (dropped afterwards).
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { Db } from "../src/kernel/db.js";
import { openPglite } from "../src/kernel/db-pglite.js";
import { openPostgres } from "../src/kernel/db-postgres.js";

export const ENGINE_NAMES = ["pglite", "pglite-dir", "postgres"] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

export const DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/test";
const connectTimeoutMs = 3_000;

export type BenchDb = {
  db: Db;
  /** Where the data lives, in words: "in memory", a folder, a schema. */
  where: string;
  dispose(): Promise<void>;
};

export function isEngineName(name: string): name is EngineName {
  return (ENGINE_NAMES as readonly string[]).includes(name);
}

/** Null when a server answers at `url`, else why not. */
export async function postgresProblem(url: string): Promise<string | null> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: connectTimeoutMs,
  });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function openEngine(name: EngineName, url: string): Promise<BenchDb> {
  if (name === "pglite") {
    const db = await openPglite();
    return { db, where: "in memory", dispose: () => db.close() };
  }
  if (name === "pglite-dir") {
    const dir = await mkdtemp(join(tmpdir(), "cashloop-bench-"));
    const db = await openPglite(dir);
    return {
      db,
      where: `folder ${dir} (removed afterwards)`,
      async dispose() {
        await db.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `bench_${randomBytes(5).toString("hex")}`;
  const db = await openPostgres(url, { schema });
  return {
    db,
    where: `schema ${schema} at ${new URL(url).host} (dropped afterwards)`,
    async dispose() {
      try {
        await db.exec(`DROP SCHEMA ${schema} CASCADE`);
      } finally {
        await db.close();
      }
    },
  };
}

/** Tables, indexes and TOAST of the current schema, in MB (cheap: catalogue sizes, no scan). */
export async function schemaSizeMb(db: Db): Promise<number> {
  const [row] = await db.query<{ bytes: string | null }>(
    `SELECT sum(pg_total_relation_size(c.oid))::text AS bytes
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'm')`,
  );
  return Number(row?.bytes ?? 0) / 2 ** 20;
}
