/**
 * The business the reconcile bench matches bank lines against: demo customers (names from the
 * demo generator, so payer names are as alike as real ones are) and M open invoices written
 * straight into `invoices` as issued, plus the bank statement files the generated lines are
 * imported as.
 */
import { formatNumber } from "../src/billing/policy.js";
import { generateCustomers } from "../src/demo/demo-customers.js";
import type { Actor } from "../src/kernel/audit.js";
import { type Column, insertRows } from "../src/kernel/bulk.js";
import { addDays, type CalendarDate, type Instant } from "../src/kernel/dates.js";
import type { Db } from "../src/kernel/db.js";
import type { Ids } from "../src/kernel/ids.js";
import type { CurrencyCode } from "../src/kernel/money.js";
import { type Random, seededRandom } from "../src/kernel/random.js";
import type { TruthLine } from "../src/reconcile/generate-bank-lines.js";
import type { Statement } from "../src/reconcile/statement-model.js";
import { type ApplyDeps, applySourceRows } from "../src/sources/apply-source-rows.js";

export const CURRENCY = "USD" as CurrencyCode;
export const ISSUE_YEAR = 2026;
/** Invoices are issued through 2026 up to this day; the bank lines are booked after it. */
const FIRST_ISSUE_ON = "2026-01-05" as CalendarDate;
const ISSUE_DAYS = 325;
export const STATEMENT_START_ON = "2026-12-01";
export const STATEMENT_ACCOUNT = "US00CASHLOOPBENCH0001";

/** 20,000 customers, fewer for small runs so that each still has about five open invoices. */
export const customersMax = 20_000;
export const customersFor = (invoices: number): number =>
  Math.min(customersMax, Math.max(1, Math.ceil(invoices / 5)));

export type BenchCustomer = { id: string; legalName: string };

/** Demo customers (seeded), imported through `applySourceRows` in one transaction. */
export async function loadCustomers(
  deps: ApplyDeps,
  input: { orgId: string; count: number; seed: number; actor: Actor },
): Promise<BenchCustomer[]> {
  const { customers } = generateCustomers(seededRandom(input.seed), input.count, CURRENCY);
  const rows = customers.map((c, i) => ({ line: i + 2, record: c.input }));
  const outcome = await applySourceRows(deps, {
    orgId: input.orgId,
    kind: "customers",
    file: "customers.csv",
    rows,
    actor: input.actor,
  });
  if (outcome.created !== customers.length) {
    throw new Error(`customers: created ${outcome.created} of ${customers.length}`);
  }
  return deps.db.query<BenchCustomer>(
    `SELECT id, legal_name AS "legalName" FROM customers WHERE org_id = $1 ORDER BY external_id`,
    [input.orgId],
  );
}

/**
 * What a customer is billed, in cents before tax: the monthly plans of the demo catalogue
 * (maintenance 250.00, platform 350.00, maintenance pro 600.00, retainer 1,100.00; a third of
 * customers have none), plus technical work at 125.00 an hour and on-site visits at 95.00.
 */
const PLANS: readonly (readonly [number, number])[] = [
  [0, 35],
  [25_000, 25],
  [35_000, 10],
  [60_000, 15],
  [110_000, 15],
];
const HOURLY = 12_500;
const ONSITE = 9_500;
const TAX_BPS = 825;

function weighted(random: Random, items: readonly (readonly [number, number])[]): number {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let roll = random.int(total);
  for (const [value, weight] of items) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return items[0]?.[0] ?? 0;
}

/**
 * One invoice's subtotal: 55% are the customer's plan with the month's extra hours and visits
 * (so many invoices share an amount, as a subscription business's do: the plan alone, or the
 * plan and a few hours), 45% are one-off amounts anywhere from 20.00 to 5,000.00.
 */
function subtotalFor(random: Random, plan: number): number {
  if (random.float() < 0.45) return 2_000 + random.int(498_001);
  const hours = plan === 0 ? 1 + random.int(40) : random.int(2) === 0 ? 0 : 1 + random.int(16);
  const onsite = random.float() < 0.15 ? ONSITE : 0;
  return plan + hours * HOURLY + onsite;
}

const INVOICE_COLUMNS: Column[] = [
  { name: "org_id", type: "text" },
  { name: "id", type: "text" },
  { name: "kind", type: "text" },
  { name: "status", type: "text" },
  { name: "series", type: "text" },
  { name: "number", type: "text" },
  { name: "number_seq", type: "bigint" },
  { name: "customer_id", type: "text" },
  { name: "currency", type: "char(3)" },
  { name: "issue_on", type: "date" },
  { name: "due_on", type: "date" },
  { name: "subtotal_minor", type: "bigint" },
  { name: "tax_minor", type: "bigint" },
  { name: "total_minor", type: "bigint" },
  { name: "balance_minor", type: "bigint" },
  { name: "review_reasons", type: "jsonb" },
  { name: "source", type: "text" },
  { name: "created_at", type: "timestamptz" },
  { name: "updated_at", type: "timestamptz" },
  { name: "issued_at", type: "timestamptz" },
];

/** Rows per transaction: bounds the rows and their JSON held in memory at once. */
const invoicesPerTransaction = 50_000;

/**
 * `count` open invoices, written directly as issued (status 'issued', balance = total, never
 * paid). This skips the billing path (run-billing, review, issue-invoices) on purpose: billing
 * has its own bench, and this one measures reconciliation, so it only needs the rows that
 * billing would leave behind. Numbers run INV-2026-000001 onwards in issue order, the number
 * format billing uses (`INV-{YYYY}-{SEQ:6}`), widened to fit `count`: six digits hold only
 * 999,999 invoices, so a million or more are numbered with seven digits (INV-2026-0000001) —
 * the same width for all, so every number has the same shape. The series counter is set past
 * the last number, as issuing would leave it.
 */
export async function insertOpenInvoices(
  db: Db,
  ids: Ids,
  input: {
    orgId: string;
    customers: readonly BenchCustomer[];
    count: number;
    seed: number;
    now: Instant;
  },
): Promise<void> {
  const random = seededRandom(input.seed);
  const plans = input.customers.map(() => weighted(random, PLANS));
  const width = Math.max(6, String(input.count).length);
  const format = `INV-{YYYY}-{SEQ:${width}}`;
  for (let start = 0; start < input.count; start += invoicesPerTransaction) {
    const end = Math.min(input.count, start + invoicesPerTransaction);
    const rows: Record<string, unknown>[] = [];
    for (let k = start; k < end; k++) {
      const seq = k + 1;
      const at = random.int(input.customers.length);
      const customer = input.customers[at] as BenchCustomer;
      const subtotal = subtotalFor(random, plans[at] ?? 0);
      const tax = Math.round((subtotal * TAX_BPS) / 10_000);
      const issueOn = addDays(FIRST_ISSUE_ON, Math.floor((k * ISSUE_DAYS) / input.count));
      rows.push({
        org_id: input.orgId,
        id: ids.next("inv"),
        kind: "invoice",
        status: "issued",
        series: "invoice",
        number: formatNumber(format, ISSUE_YEAR, seq),
        number_seq: seq,
        customer_id: customer.id,
        currency: CURRENCY,
        issue_on: issueOn,
        due_on: addDays(issueOn, 30),
        subtotal_minor: subtotal,
        tax_minor: tax,
        total_minor: subtotal + tax,
        balance_minor: subtotal + tax,
        review_reasons: [],
        source: "manual",
        created_at: input.now,
        updated_at: input.now,
        issued_at: input.now,
      });
    }
    await db.transaction((tx) => insertRows(tx, "invoices", INVOICE_COLUMNS, rows));
  }
  await db.query(
    `INSERT INTO number_series (org_id, series, period, next_seq) VALUES ($1, 'invoice', $2, $3)`,
    [input.orgId, String(ISSUE_YEAR), input.count + 1],
  );
  // What billing does after a large batch (run-billing, apply-source-rows): without statistics
  // the planner finds one invoice by (org_id, status) and filters every open invoice, and
  // neither PGlite nor a server with autovacuum off would ever gather them.
  await db.exec("ANALYZE invoices");
}

/** Lines per statement file (each file is one `storeStatements` call, one transaction). */
export const linesPerFile = 25_000;

export type StatementFile = {
  file: string;
  statement: Statement & { account: string };
  /** Lines of the file the import must skip as already imported. */
  expectKnown: number;
};

const statementOf = (lines: TruthLine[]): Statement & { account: string } => ({
  account: STATEMENT_ACCOUNT,
  currency: CURRENCY,
  openingBalance: null,
  closingBalance: null,
  lines,
});

/**
 * The generated lines as the files a bank would hand over: the lines in files of
 * `linesPerFile`, then one overlapping export that repeats earlier lines — the generator's
 * `duplicate` lines, each original once (a repeat of a repeat in one file would be a second,
 * identical transaction of that day, not a repeat). The import must skip every line of it.
 */
export function statementFiles(lines: readonly TruthLine[]): {
  files: StatementFile[];
  /** Lines that pay or may pay something: every line but the repeats. */
  originals: TruthLine[];
  /** Repeats left out because their original was repeated already. */
  repeatsDropped: number;
} {
  const originals = lines.filter((l) => l.duplicateOf === null);
  const repeated = new Set<number>();
  const repeats: TruthLine[] = [];
  for (const line of lines) {
    if (line.duplicateOf === null) continue;
    if (repeated.has(line.duplicateOf)) continue;
    repeated.add(line.duplicateOf);
    repeats.push(line);
  }
  const files: StatementFile[] = [];
  for (let start = 0; start < originals.length; start += linesPerFile) {
    const part = originals.slice(start, start + linesPerFile);
    files.push({
      file: `statement-${files.length + 1}.xml`,
      statement: statementOf(part),
      expectKnown: 0,
    });
  }
  if (repeats.length > 0) {
    files.push({
      file: "overlap.xml",
      statement: statementOf(repeats),
      expectKnown: repeats.length,
    });
  }
  return { files, originals, repeatsDropped: lines.length - originals.length - repeats.length };
}
