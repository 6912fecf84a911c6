/**
 * The yardstick for `bill` + `issue`: a bare multi-row insert (`insertRows`, one transaction) of
 * the same invoice and line rows — same columns, the values the issued invoices ended up with —
 * into copies of the two tables on the same engine.
 */
import { INVOICE_COLUMNS, LINE_COLUMNS } from "../src/billing/store.js";
import { type Column, insertRows } from "../src/kernel/bulk.js";
import type { Db } from "../src/kernel/db.js";
import { type PhaseResult, type SqlMeter, timePhase } from "./measure.js";

/** The columns `issueInvoices` fills in, on top of those `bill` writes. */
const ISSUE_COLUMNS: Column[] = [
  { name: "number", type: "text" },
  { name: "number_seq", type: "bigint" },
  { name: "issue_on", type: "date" },
  { name: "due_on", type: "date" },
  { name: "customer_snapshot", type: "jsonb" },
  { name: "seller_snapshot", type: "jsonb" },
  { name: "issued_at", type: "timestamptz" },
];
const BASELINE_INVOICE_COLUMNS = [...INVOICE_COLUMNS, ...ISSUE_COLUMNS];

type Rows = { invoices: Record<string, unknown>[]; lines: Record<string, unknown>[] };

/** The issued invoices and their lines, read back as `insertRows` takes them (not timed). */
async function readBack(db: Db, orgId: string): Promise<Rows> {
  const names = (columns: readonly Column[]) => columns.map((c) => c.name).join(", ");
  const invoices = await db.query<Record<string, unknown>>(
    `SELECT ${names(BASELINE_INVOICE_COLUMNS)} FROM invoices WHERE org_id = $1 ORDER BY number_seq`,
    [orgId],
  );
  const lines = await db.query<Record<string, unknown>>(
    `SELECT ${names(LINE_COLUMNS)} FROM invoice_lines WHERE org_id = $1 ORDER BY invoice_id, position`,
    [orgId],
  );
  return { invoices, lines };
}

export async function runBaseline(
  db: Db,
  orgId: string,
  meter: SqlMeter,
): Promise<{ phase: PhaseResult; invoices: number; lines: number }> {
  const rows = await readBack(db, orgId);
  await db.exec(`
    CREATE TABLE bench_invoices (LIKE invoices INCLUDING ALL);
    CREATE TABLE bench_invoice_lines (LIKE invoice_lines INCLUDING ALL);
  `);
  const { phase } = await timePhase("baseline insert", meter, () =>
    db.transaction(async (tx) => {
      await insertRows(tx, "bench_invoices", BASELINE_INVOICE_COLUMNS, rows.invoices);
      await insertRows(tx, "bench_invoice_lines", LINE_COLUMNS, rows.lines);
    }),
  );
  const [count] = await db.query<{ invoices: number; lines: number }>(
    `SELECT (SELECT count(*)::int FROM bench_invoices) AS invoices,
            (SELECT count(*)::int FROM bench_invoice_lines) AS lines`,
  );
  if (count?.invoices !== rows.invoices.length || count.lines !== rows.lines.length) {
    throw new Error(`baseline wrote ${JSON.stringify(count)}, expected ${rows.invoices.length}`);
  }
  return { phase, invoices: count.invoices, lines: count.lines };
}
