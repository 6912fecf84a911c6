import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INVOICE_COLUMNS } from "../src/billing/store.js";
import { insertRows } from "../src/kernel/bulk.js";
import type { Db } from "../src/kernel/db.js";
import { openPostgres } from "../src/kernel/db-postgres.js";
import { applySourceRows } from "../src/sources/apply-source-rows.js";
import { TEST_DATABASE_URL, uniqueSchema } from "./support/engines.js";
import { orgFixture, TEST_ACTOR } from "./support/fixtures.js";

const ROOT = join(import.meta.dirname, "..");

function worker(
  schema: string,
  orgId: string,
  perTx: number,
): { child: ChildProcess; done: Promise<string> } {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "test/support/issue-worker.ts",
      TEST_DATABASE_URL as string,
      schema,
      orgId,
      String(perTx),
    ],
    { cwd: ROOT },
  );
  let out = "";
  child.stdout?.on("data", (d) => {
    out += d;
  });
  let err = "";
  child.stderr?.on("data", (d) => {
    err += d;
  });
  const done = new Promise<string>((resolve) =>
    child.on("close", (code, signal) => resolve(`${code ?? signal}|${out}|${err}`)),
  );
  return { child, done };
}

async function seedDrafts(db: Db, count: number) {
  const fx = await orgFixture(db);
  await applySourceRows(fx.deps, {
    orgId: fx.org.id,
    kind: "customers",
    file: "test",
    actor: TEST_ACTOR,
    rows: [
      {
        line: 1,
        record: {
          externalId: "C1",
          legalName: "Numbered Ltd",
          taxId: null,
          billingAddress: null,
          currency: "USD" as never,
          language: "en",
          timeZone: "America/New_York",
          paymentTerms: { kind: "net", days: 30 },
          segment: "corporate",
          preferredChannels: ["email"],
          payerProfile: null,
        },
      },
    ],
  });
  const [customer] = await db.query<{ id: string }>("SELECT id FROM customers");
  const rows = Array.from({ length: count }, (_, i) => ({
    org_id: fx.org.id,
    id: `inv_test${String(i).padStart(6, "0")}`,
    kind: "invoice",
    status: "draft",
    series: "invoice",
    customer_id: customer?.id,
    currency: "USD",
    period_start: null,
    period_end: null,
    subtotal_minor: 1000 + i,
    tax_minor: 0,
    total_minor: 1000 + i,
    balance_minor: 0,
    review_reasons: [],
    source: "manual",
    credited_invoice_id: null,
    status_reason: null,
    notes: null,
    created_at: "2026-11-30T12:00:00.000Z",
    updated_at: "2026-11-30T12:00:00.000Z",
  }));
  await insertRows(db, "invoices", INVOICE_COLUMNS, rows);
  return fx.org.id;
}

async function numbering(db: Db) {
  const issued = await db.query<{ seq: number; number: string; id: string }>(
    "SELECT number_seq AS seq, number, id FROM invoices WHERE status = 'issued' ORDER BY number_seq",
  );
  const audits = await db.query<{ subjectId: string }>(
    `SELECT subject_id AS "subjectId" FROM audit_log WHERE action = 'invoice.issued'`,
  );
  const left = await db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM invoices WHERE status = 'draft'",
  );
  return { issued, audits, drafts: left[0]?.n ?? -1 };
}

describe.skipIf(!TEST_DATABASE_URL)("gapless numbering on PostgreSQL", () => {
  const schemas: string[] = [];
  const dbs: Db[] = [];
  async function fresh(): Promise<{ db: Db; schema: string }> {
    const schema = uniqueSchema();
    const db = await openPostgres(TEST_DATABASE_URL as string, { schema });
    schemas.push(schema);
    dbs.push(db);
    return { db, schema };
  }
  beforeAll(() => undefined);
  afterAll(async () => {
    for (const [i, db] of dbs.entries()) {
      await db.exec(`DROP SCHEMA ${schemas[i]} CASCADE`);
      await db.close();
    }
  });

  it("eight processes issuing 1,000 drafts give numbers 1..1000, no gap, no repeat", async () => {
    const { db, schema } = await fresh();
    const orgId = await seedDrafts(db, 1000);
    const workers = Array.from({ length: 8 }, () => worker(schema, orgId, 7));
    const results = await Promise.all(workers.map((w) => w.done));
    expect(results.every((r) => r.startsWith("0|"))).toBe(true);
    const perWorker = results.map((r) => Number(r.split("|")[1]?.trim().split("\n").pop()));
    expect(perWorker.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(perWorker.filter((n) => n > 0).length).toBeGreaterThan(1);
    const { issued, audits, drafts } = await numbering(db);
    expect(drafts).toBe(0);
    expect(issued.map((r) => r.seq)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(new Set(issued.map((r) => r.number)).size).toBe(1000);
    expect(audits.length).toBe(1000);
  }, 180_000);

  it("a process killed (SIGKILL) while issuing leaves no gap, no duplicate and no half-issued invoice", async () => {
    const { db, schema } = await fresh();
    const orgId = await seedDrafts(db, 400);
    for (const delayMs of [0, 15, 40, 80, 130, 200]) {
      const w = worker(schema, orgId, 3);
      await new Promise<void>((resolve) => w.child.stdout?.once("data", () => resolve()));
      await new Promise((r) => setTimeout(r, delayMs));
      w.child.kill("SIGKILL");
      await w.done;
      const { issued, audits } = await numbering(db);
      expect(issued.map((r) => r.seq)).toEqual(
        Array.from({ length: issued.length }, (_, i) => i + 1),
      );
      expect(audits.map((a) => a.subjectId).sort()).toEqual(issued.map((r) => r.id).sort());
    }
    const before = await numbering(db);
    // The kills landed mid-run: some drafts were issued, some were left for the last worker.
    expect(before.issued.length).toBeGreaterThan(0);
    expect(before.drafts).toBeGreaterThan(0);
    const last = await worker(schema, orgId, 3).done;
    expect(last.startsWith("0|")).toBe(true);
    const { issued, drafts } = await numbering(db);
    expect(drafts).toBe(0);
    expect(issued.map((r) => r.seq)).toEqual(Array.from({ length: 400 }, (_, i) => i + 1));
  }, 180_000);
});
