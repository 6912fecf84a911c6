/**
 * The databases a bench runs on, each fresh: PGlite in memory, PGlite in a temporary folder, and a
 * new schema on a PostgreSQL server (dropped afterwards); and running a bench on each in turn,
 * each in its own process.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
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

/** Runs a bench script in its own Node process (so peak memory is its own); its exit code. */
export function runChild(script: URL, args: readonly string[]): Promise<number> {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(script), ...args], {
    stdio: "inherit",
  });
  return new Promise((resolve) => child.on("close", (code) => resolve(code ?? 1)));
}

/**
 * Each engine in turn (never in parallel): PostgreSQL skipped, with a message, when it cannot be
 * reached; a failed run named. Returns each run's exit code.
 */
export async function eachEngine(
  options: { engines: readonly EngineName[]; url: string },
  run: (engine: EngineName) => Promise<number>,
): Promise<{ engine: EngineName; code: number }[]> {
  const runs: { engine: EngineName; code: number }[] = [];
  for (const engine of options.engines) {
    if (engine === "postgres") {
      const problem = await postgresProblem(options.url);
      if (problem) {
        console.log(`\npostgres: skipped — not reachable at ${options.url} (${problem})`);
        continue;
      }
    }
    const code = await run(engine);
    if (code !== 0) console.log(`${engine}: the run failed (exit code ${code}); see above`);
    runs.push({ engine, code });
  }
  return runs;
}
