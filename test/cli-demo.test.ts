import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { TEST_DATABASE_URL, uniqueSchema } from "./support/engines.js";
import { runCli } from "./support/run-cli.js";

const AS_OF = ["--as-of", "2026-12-01"];
const INIT = [
  "init",
  "--name",
  "Demo Co",
  "--currency",
  "USD",
  "--time-zone",
  "America/New_York",
  "--locale",
  "en-US",
];

async function demoCustomersJson(target: string[]): Promise<string> {
  for (const args of [INIT, ["demo", "--seed", "1"]]) {
    const r = await runCli([...target, ...AS_OF, ...args]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  }
  const list = await runCli([...target, ...AS_OF, "--json", "customers", "list"]);
  expect(list.code).toBe(0);
  return list.stdout;
}

const newDir = () => mkdtempSync(join(tmpdir(), "cashloop-demo-"));

describe("the demo business through the CLI", () => {
  it("init + demo --seed 1 lists about 40 customers; the same commands on a new folder give byte-identical JSON", async () => {
    const first = await demoCustomersJson(["--data", newDir()]);
    const customers = JSON.parse(first) as { id: string; externalId: string }[];
    expect(customers.length).toBeGreaterThanOrEqual(35);
    expect(customers.length).toBeLessThanOrEqual(45);
    expect(customers.every((c) => c.id.startsWith("cus_"))).toBe(true);
    const second = await demoCustomersJson(["--data", newDir()]);
    expect(second).toBe(first);
  });

  it("a different seed gives a different business", async () => {
    const data = newDir();
    await runCli(["--data", data, ...AS_OF, ...INIT]);
    await runCli(["--data", data, ...AS_OF, "demo", "--seed", "2"]);
    const other = await runCli(["--data", data, ...AS_OF, "--json", "customers", "list"]);
    const seed1 = await demoCustomersJson(["--data", newDir()]);
    expect(other.stdout).not.toBe(seed1);
  });

  describe.skipIf(!TEST_DATABASE_URL)("on PostgreSQL", () => {
    const schema = uniqueSchema();
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    afterAll(async () => {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    });

    it("lists byte-identical customers JSON to the demo built on PGlite", async () => {
      await client.connect();
      await client.query(`CREATE SCHEMA ${schema}`);
      const url = new URL(TEST_DATABASE_URL as string);
      url.searchParams.set("options", `-c search_path=${schema}`);
      const onPostgres = await demoCustomersJson(["--database-url", url.toString()]);
      const onPglite = await demoCustomersJson(["--data", newDir()]);
      expect(onPostgres).toBe(onPglite);
    });
  });
});
