import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_DATABASE_URL, uniqueSchema } from "./support/engines.js";
import { spawnCli } from "./support/run-cli.js";

describe.skipIf(!TEST_DATABASE_URL)(
  "two processes migrating one PostgreSQL database at once",
  () => {
    const schema = uniqueSchema();
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    beforeAll(async () => {
      await client.connect();
      await client.query(`CREATE SCHEMA ${schema}`);
    });
    afterAll(async () => {
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.end();
    });

    it("both succeed and every migration is applied exactly once", async () => {
      const url = new URL(TEST_DATABASE_URL as string);
      url.searchParams.set("options", `-c search_path=${schema}`);
      const args = ["--database-url", url.toString(), "--json", "migrate"];
      const [a, b] = await Promise.all([spawnCli(args), spawnCli(args)]);
      expect(a.stderr).toBe("");
      expect(b.stderr).toBe("");
      expect([a.code, b.code]).toEqual([0, 0]);
      const outcomes = [JSON.parse(a.stdout), JSON.parse(b.stdout)];
      const appliedBoth = outcomes.flatMap((o) => o.applied as string[]);
      const { rows } = await client.query(
        `SELECT name FROM ${schema}.schema_migrations ORDER BY version`,
      );
      expect(rows.length).toBeGreaterThanOrEqual(2);
      expect(appliedBoth.sort()).toEqual(rows.map((r) => r.name).sort());
    });
  },
);
