import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Clock } from "./clock.js";
import type { Db } from "./db.js";
import { CashloopError } from "./errors.js";

/** The project's migrations: numbered `.sql` files, applied in order. */
export const MIGRATIONS_DIR = fileURLToPath(new URL("../../migrations/", import.meta.url));

/** One key for the whole database: two processes migrating at once take turns. */
const MIGRATION_LOCK_KEY = 4_242_017_001;

export type Migration = { version: number; name: string; sql: string; checksum: string };
export type MigrateOutcome = { applied: string[]; alreadyApplied: number };

const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;

export async function readMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith(".sql")).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const match = FILE_PATTERN.exec(file);
    if (!match) {
      throw new CashloopError(
        "migration_name_invalid",
        `${dir}${file}: migration files are named NNNN_name.sql`,
      );
    }
    const sql = await readFile(`${dir}/${file}`, "utf8");
    const version = Number(match[1]);
    if (migrations.some((m) => m.version === version)) {
      throw new CashloopError(
        "migration_version_repeated",
        `${file}: version ${version} is used twice`,
      );
    }
    migrations.push({ version, name: file, sql, checksum: sha256(sql) });
  }
  return migrations;
}

/**
 * Applies pending migrations in one transaction under an advisory lock. An applied migration whose
 * file changed since is refused: the database and the code no longer agree.
 */
export async function migrate(db: Db, clock: Clock, dir?: string): Promise<MigrateOutcome> {
  const migrations = await readMigrations(dir);
  return db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL
    )`);
    const rows = await tx.query<{ version: number; name: string; checksum: string }>(
      "SELECT version, name, checksum FROM schema_migrations ORDER BY version",
    );
    const applied = new Map(rows.map((r) => [r.version, r]));
    for (const row of rows) {
      const file = migrations.find((m) => m.version === row.version);
      if (!file) {
        throw new CashloopError(
          "migration_unknown",
          `the database has migration ${row.name}, which this version of cashloop does not know; use a newer cashloop`,
        );
      }
      if (file.checksum !== row.checksum) {
        throw new CashloopError(
          "migration_changed",
          `migration ${file.name} was changed after it was applied (checksum ${row.checksum.slice(0, 12)} in the database, ${file.checksum.slice(0, 12)} on disk); add a new migration instead`,
        );
      }
    }
    const done: string[] = [];
    for (const m of migrations) {
      if (applied.has(m.version)) continue;
      await tx.exec(m.sql);
      await tx.query(
        "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)",
        [m.version, m.name, m.checksum, clock.now()],
      );
      done.push(m.name);
    }
    return { applied: done, alreadyApplied: rows.length };
  });
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
