import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ENGINES } from "../../test/support/engines.js";
import { fixedClock } from "./clock.js";
import type { Instant } from "./dates.js";
import type { Db } from "./db.js";
import { migrate, readMigrations } from "./migrate.js";

const clock = fixedClock("2026-11-30T12:00:00.000Z" as Instant);

function migrationsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "cashloop-migrations-"));
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, name), sql);
  return `${dir}/`;
}

describe.each(ENGINES)("migrations on $name", (engine) => {
  let db: Db;
  beforeEach(async () => {
    db = await engine.open();
  });
  afterEach(async () => {
    await db.close();
  });

  it("applies the project's migrations in order, once", async () => {
    const first = await migrate(db, clock);
    expect(first.applied).toEqual((await readMigrations()).map((m) => m.name));
    const second = await migrate(db, clock);
    expect(second).toEqual({ applied: [], alreadyApplied: first.applied.length });
    const rows = await db.query<{ version: number }>(
      "SELECT version FROM schema_migrations ORDER BY version",
    );
    expect(rows.map((r) => r.version)).toEqual((await readMigrations()).map((m) => m.version));
    expect(rows.length).toBeGreaterThanOrEqual(3);
  });

  it("refuses a migration that changed after it was applied", async () => {
    const dir = migrationsDir({ "0001_a.sql": "CREATE TABLE a (id int);" });
    await migrate(db, clock, dir);
    writeFileSync(join(dir, "0001_a.sql"), "CREATE TABLE a (id bigint);");
    await expect(migrate(db, clock, dir)).rejects.toMatchObject({
      code: "migration_changed",
      message: expect.stringContaining("0001_a.sql was changed after it was applied"),
    });
  });

  it("refuses a database that has a migration this code does not know", async () => {
    const dir = migrationsDir({ "0001_a.sql": "CREATE TABLE a (id int);" });
    await migrate(db, clock, dir);
    const older = migrationsDir({});
    await expect(migrate(db, clock, older)).rejects.toMatchObject({ code: "migration_unknown" });
  });

  it("applies nothing of a migration that fails", async () => {
    const dir = migrationsDir({
      "0001_a.sql": "CREATE TABLE a (id int);",
      "0002_b.sql": "CREATE TABLE b (id int); SELECT no_such_function();",
    });
    await expect(migrate(db, clock, dir)).rejects.toThrow(/no_such_function/);
    const tables = await db.query(
      "SELECT table_name FROM information_schema.tables WHERE table_name IN ('a', 'b', 'schema_migrations') AND table_schema = current_schema()",
    );
    expect(tables).toEqual([]);
  });

  it("rejects a badly named migration file", async () => {
    const dir = migrationsDir({ "1_a.sql": "SELECT 1;" });
    await expect(migrate(db, clock, dir)).rejects.toMatchObject({ code: "migration_name_invalid" });
  });
});
