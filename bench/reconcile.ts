/**
 * N bank lines reconciled against M open invoices, on PGlite and on PostgreSQL: demo customers
 * and open invoices written in bulk, the invoices read back with `openInvoices`, N lines made
 * from them with ground truth (`generateBankLines`, seeded), imported with `storeStatements`
 * ("import"), then `reconcileLines` ("match"), scored against the truth. A wrong automatic
 * match is the correctness check (the run exits non-zero); timings are printed, never asserted.
 * Each engine runs in its own child process (this file, run directly), so peak memory is that
 * engine's alone:
 * `node --import tsx bench/reconcile.ts <engine> <lines> <invoices> <url>`.
 */
import { spawn } from "node:child_process";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import type { Actor } from "../src/kernel/audit.js";
import { fixedClock } from "../src/kernel/clock.js";
import { parseInstant } from "../src/kernel/dates.js";
import type { Db } from "../src/kernel/db.js";
import { idGenerator } from "../src/kernel/ids.js";
import { migrate } from "../src/kernel/migrate.js";
import { seededRandom } from "../src/kernel/random.js";
import {
  generateBankLines,
  LINE_KINDS,
  type TruthLine,
} from "../src/reconcile/generate-bank-lines.js";
import { storeStatements } from "../src/reconcile/import-statement.js";
import { openInvoices } from "../src/reconcile/match-store.js";
import { reconcileLines } from "../src/reconcile/reconcile-lines.js";
import { createOrganisation } from "../src/sources/create-organisation.js";
import {
  type EngineName,
  isEngineName,
  openEngine,
  postgresProblem,
  schemaSizeMb,
} from "./engines.js";
import {
  describePhase,
  meteredDb,
  type PhaseResult,
  rssSampler,
  SqlMeter,
  timePhase,
} from "./measure.js";
import { setProfileLabel } from "./profile.js";
import {
  CURRENCY,
  customersFor,
  insertOpenInvoices,
  loadCustomers,
  STATEMENT_START_ON,
  statementFiles,
} from "./reconcile-data.js";

/** After the statement window (lines are booked 2026-12-01 … 2026-12-28). */
const RECONCILE_AS_OF = parseInstant("2026-12-29T17:00:00Z");
const ACTOR: Actor = { kind: "user", id: "bench" };
const ID_SEED = 2027;
const CUSTOMER_SEED = 7;
const INVOICE_SEED = 11;
const LINES_SEED = 42;

export type ReconcileSizes = { lines: number; invoices: number };

/** Each engine its own size unless --lines / --invoices say otherwise (then for all). */
export function reconcileSizes(engine: EngineName, flags: Partial<ReconcileSizes>): ReconcileSizes {
  const defaults =
    engine === "postgres"
      ? { lines: 100_000, invoices: 1_000_000 }
      : { lines: 10_000, invoices: 100_000 };
  return { lines: flags.lines ?? defaults.lines, invoices: flags.invoices ?? defaults.invoices };
}

export type Score = {
  /** Lines scored: every stored line (the repeats the import skipped are not lines). */
  lines: number;
  /** Lines whose truth pays at least one invoice. */
  shouldPay: number;
  appliedRight: number;
  wrong: number;
  suggestedRight: number;
  /** Examples of wrong automatic matches, at most ten. */
  wrongExamples: string[];
  /** Per kind of generated line: how many got each status. */
  byKind: Record<string, Record<string, number>>;
  /** Lines without a decision (should be none). */
  undecided: number;
};

export type ReconcileResult = {
  engine: EngineName;
  where: string;
  lines: number;
  invoices: number;
  customers: number;
  generated: number;
  stored: number;
  repeatsSkipped: number;
  repeatsDropped: number;
  report: { lines: number; applied: number; suggested: number; review: number; unmatched: number };
  score: Score;
  balancesBroken: number;
  /** customers, invoices, open invoices, generate lines, import, match, score. */
  phases: PhaseResult[];
  buildSeconds: number;
  importLinesPerSecond: number;
  matchLinesPerSecond: number;
  peakRssMb: number;
  databaseMb: number;
  problems: string[];
  loadAverage: number[];
  node: string;
  startedAt: string;
};

/**
 * Every stored line's decision against the truth, by the rule of
 * test/reconcile-generated.test.ts: a line's allocations (for a match with a payment, its live
 * allocation rows; else its proposal) as sorted `number=amount` pairs, compared with the truth's
 * `pays` the same way. Applied and equal: right; applied and different: WRONG (this includes
 * money applied from a line that pays nothing). The automatic match rate is right / lines whose
 * truth pays something. One flat query per side rather than `listMatches`, whose per-row
 * subquery finds allocations by payment without an index.
 */
async function score(
  db: Db,
  orgId: string,
  truth: readonly TruthLine[],
  numbers: ReadonlyMap<string, string>,
): Promise<Score> {
  const matches = await db.query<{ id: string; bankRef: string; status: string }>(
    `SELECT m.id, l.bank_ref AS "bankRef", m.status
       FROM matches m JOIN statement_lines l ON l.org_id = m.org_id AND l.id = m.line_id
      WHERE m.org_id = $1`,
    [orgId],
  );
  const pairs = await db.query<{ matchId: string; number: string; amount: number }>(
    `SELECT m.id AS "matchId", i.number, a.amount_minor AS amount
       FROM matches m
       JOIN allocations a ON a.org_id = m.org_id AND a.payment_id = m.payment_id AND a.undone_at IS NULL
       JOIN invoices i ON i.org_id = a.org_id AND i.id = a.invoice_id
      WHERE m.org_id = $1 AND m.payment_id IS NOT NULL
     UNION ALL
     SELECT m.id, i.number, (p.value->>'amount')::bigint
       FROM matches m CROSS JOIN LATERAL jsonb_array_elements(m.proposal) p
       JOIN invoices i ON i.org_id = m.org_id AND i.id = p.value->>'invoiceId'
      WHERE m.org_id = $1 AND m.payment_id IS NULL`,
    [orgId],
  );
  const allocations = new Map<string, string[]>();
  for (const p of pairs) {
    const list = allocations.get(p.matchId) ?? [];
    list.push(`${p.number}=${p.amount}`);
    allocations.set(p.matchId, list);
  }
  const byRef = new Map(matches.map((m) => [m.bankRef, m]));
  const out: Score = {
    lines: 0,
    shouldPay: 0,
    appliedRight: 0,
    wrong: 0,
    suggestedRight: 0,
    wrongExamples: [],
    byKind: {},
    undecided: 0,
  };
  for (const line of truth) {
    out.lines++;
    const m = line.bankRef ? byRef.get(line.bankRef) : undefined;
    const kind = out.byKind[line.kind] ?? {};
    out.byKind[line.kind] = kind;
    const status = m?.status ?? "undecided";
    kind[status] = (kind[status] ?? 0) + 1;
    if (!m) {
      out.undecided++;
      continue;
    }
    const expected = line.pays
      .map((p) => `${numbers.get(p.invoiceId)}=${p.amount}`)
      .sort()
      .join(" ");
    const got = [...(allocations.get(m.id) ?? [])].sort().join(" ");
    if (line.pays.length > 0) out.shouldPay++;
    if (m.status === "applied") {
      if (got === expected) out.appliedRight++;
      else {
        out.wrong++;
        if (out.wrongExamples.length < 10) {
          out.wrongExamples.push(
            `WRONG ${line.kind} ${line.reference} ${line.amount}: expected ${expected || "nothing"}, applied ${got}`,
          );
        }
      }
    }
    if (m.status === "suggested" && got === expected) out.suggestedRight++;
  }
  return out;
}

/** Invoices whose balance is not total minus live allocations, or below zero: none. */
async function brokenBalances(db: Db, orgId: string): Promise<number> {
  const [row] = await db.query<{ broken: number }>(
    `SELECT count(*)::int AS broken
       FROM invoices i
       LEFT JOIN (SELECT invoice_id, sum(amount_minor) AS allocated FROM allocations
                   WHERE org_id = $1 AND undone_at IS NULL GROUP BY invoice_id) a ON a.invoice_id = i.id
      WHERE i.org_id = $1 AND i.kind = 'invoice' AND i.status = 'issued'
        AND (i.balance_minor <> i.total_minor - COALESCE(a.allocated, 0) OR i.balance_minor < 0)`,
    [orgId],
  );
  return row?.broken ?? -1;
}

/** The steps on one engine; the result is also what the JSON file holds. */
export async function benchReconcile(
  engine: EngineName,
  sizes: ReconcileSizes,
  url: string,
): Promise<ReconcileResult> {
  setProfileLabel(engine);
  const rss = rssSampler();
  const meter = new SqlMeter();
  const startedAt = new Date().toISOString();
  const bench = await openEngine(engine, url);
  const customerCount = customersFor(sizes.invoices);
  const n = (x: number) => x.toLocaleString("en-US");
  console.log(
    `\nreconcile on ${engine} (${bench.where}): ${n(sizes.lines)} lines against ${n(sizes.invoices)} open invoices of ${n(customerCount)} customers`,
  );
  try {
    const db = meteredDb(bench.db, meter);
    const clock = fixedClock(RECONCILE_AS_OF);
    const deps = { db, clock, ids: idGenerator(clock, seededRandom(ID_SEED)) };
    await migrate(db, clock);
    const org = await createOrganisation(deps, {
      name: "Bench Reconcile",
      currency: CURRENCY,
      timeZone: "America/New_York",
      locale: "en-US",
      actor: ACTOR,
    });
    const customers = await timePhase("customers", meter, () =>
      loadCustomers(deps, {
        orgId: org.id,
        count: customerCount,
        seed: CUSTOMER_SEED,
        actor: ACTOR,
      }),
    );
    const invoices = await timePhase("invoices", meter, () =>
      insertOpenInvoices(db, deps.ids, {
        orgId: org.id,
        customers: customers.value,
        count: sizes.invoices,
        seed: INVOICE_SEED,
        now: clock.now(),
      }),
    );
    const open = await timePhase("open invoices", meter, () => openInvoices(db, org.id));
    if (open.value.length !== sizes.invoices) {
      throw new Error(`openInvoices read ${open.value.length} of ${sizes.invoices} invoices`);
    }
    const generated = await timePhase("generate lines", meter, async () =>
      generateBankLines(open.value, seededRandom(LINES_SEED), {
        count: sizes.lines,
        currency: CURRENCY,
        startOn: STATEMENT_START_ON,
      }),
    );
    // Only the numbers of invoices the lines pay are kept; the million open invoices are let go
    // before matching (reconcileLines reads its own).
    const numbers = new Map<string, string>();
    const byId = new Map(open.value.map((i) => [i.id, i.number]));
    for (const line of generated.value.lines) {
      for (const p of line.pays) numbers.set(p.invoiceId, byId.get(p.invoiceId) ?? "?");
    }
    byId.clear();
    open.value.length = 0;
    const { files, originals, repeatsDropped } = statementFiles(generated.value.lines);
    const problems: string[] = [];

    const imported = await timePhase("import", meter, async () => {
      const outcomes = [];
      for (const f of files) {
        const outcome = await db.transaction((tx) =>
          storeStatements(tx, deps, {
            orgId: org.id,
            file: f.file,
            sha256: f.file,
            format: "camt.053",
            statements: [f.statement],
            actor: ACTOR,
          }),
        );
        if (outcome.linesKnown !== f.expectKnown) {
          problems.push(
            `${f.file}: ${outcome.linesKnown} lines skipped as known, expected ${f.expectKnown}`,
          );
        }
        outcomes.push(outcome);
      }
      return outcomes;
    });
    const stored = imported.value.reduce((s, o) => s + o.linesAdded, 0);
    const repeatsSkipped = imported.value.reduce((s, o) => s + o.linesKnown, 0);
    if (stored !== originals.length) {
      problems.push(`stored ${stored} lines, expected ${originals.length}`);
    }

    const match = await timePhase("match", meter, () =>
      reconcileLines(deps, { orgId: org.id, actor: ACTOR }),
    );
    if (match.value.lines !== stored) {
      problems.push(`reconcile decided ${match.value.lines} lines of ${stored} stored`);
    }
    // Scoring is the bench's own reading, not the app's: fresh statistics for its joins.
    await db.exec("ANALYZE matches; ANALYZE allocations; ANALYZE statement_lines");
    const scored = await timePhase("score", meter, async () => ({
      score: await score(db, org.id, originals, numbers),
      broken: await brokenBalances(db, org.id),
    }));
    const s = scored.value.score;
    if (s.wrong > 0) problems.push(`${s.wrong} wrong automatic matches`);
    if (s.undecided > 0) problems.push(`${s.undecided} lines have no decision`);
    if (scored.value.broken !== 0) {
      problems.push(`${scored.value.broken} invoices' balances are not total minus allocations`);
    }
    for (const example of s.wrongExamples) console.log(`  ${example}`);
    const phases = [
      customers.phase,
      invoices.phase,
      open.phase,
      generated.phase,
      imported.phase,
      match.phase,
      scored.phase,
    ];
    return {
      engine,
      where: bench.where,
      lines: sizes.lines,
      invoices: sizes.invoices,
      customers: customerCount,
      generated: generated.value.lines.length,
      stored,
      repeatsSkipped,
      repeatsDropped,
      report: match.value,
      score: s,
      balancesBroken: scored.value.broken,
      phases,
      buildSeconds: phases.slice(0, 4).reduce((sum, p) => sum + p.seconds, 0),
      importLinesPerSecond: (stored + repeatsSkipped) / imported.phase.seconds,
      matchLinesPerSecond: match.value.lines / match.phase.seconds,
      peakRssMb: rss.peakMb(),
      databaseMb: await schemaSizeMb(db),
      problems,
      loadAverage: loadavg(),
      node: process.version,
      startedAt,
    };
  } finally {
    rss.stop();
    await bench.dispose();
  }
}

// ---------------------------------------------------------------------------------------------
// Results: one JSON file per engine in .tmp/, and the table.

const TMP = fileURLToPath(new URL("../.tmp/", import.meta.url));
const resultPath = (engine: EngineName): string => `${TMP}bench-reconcile-${engine}.json`;

const whole = (x: number): string => Math.round(x).toLocaleString("en-US");
const pct = (x: number, of: number): string => `${((100 * x) / Math.max(1, of)).toFixed(1)}%`;
const phaseSeconds = (r: ReconcileResult, name: string): string =>
  (r.phases.find((p) => p.name === name)?.seconds ?? Number.NaN).toFixed(1);

const COLUMNS: [string, (r: ReconcileResult) => string][] = [
  ["engine", (r) => r.engine],
  ["lines", (r) => whole(r.stored)],
  ["invoices", (r) => whole(r.invoices)],
  ["build s", (r) => r.buildSeconds.toFixed(1)],
  ["import s", (r) => phaseSeconds(r, "import")],
  ["import l/s", (r) => whole(r.importLinesPerSecond)],
  ["match s", (r) => phaseSeconds(r, "match")],
  ["match l/s", (r) => whole(r.matchLinesPerSecond)],
  ["applied", (r) => whole(r.report.applied)],
  ["suggested", (r) => whole(r.report.suggested)],
  ["review", (r) => whole(r.report.review)],
  ["unmatched", (r) => whole(r.report.unmatched)],
  ["auto rate", (r) => pct(r.score.appliedRight, r.score.shouldPay)],
  ["WRONG", (r) => whole(r.score.wrong)],
  ["review rate", (r) => pct(r.report.review + r.report.suggested, r.score.lines)],
  ["peak RSS MB", (r) => whole(r.peakRssMb)],
  ["db MB", (r) => whole(r.databaseMb)],
];

function table(results: readonly ReconcileResult[]): string[] {
  const cells = results.map((r) => COLUMNS.map(([, cell]) => cell(r)));
  const widths = COLUMNS.map(([head], i) =>
    Math.max(head.length, ...cells.map((row) => (row[i] ?? "").length)),
  );
  const line = (row: string[]) =>
    row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [
    line(COLUMNS.map(([head]) => head)),
    line(widths.map((w) => "-".repeat(w))),
    ...cells.map(line),
  ];
}

function details(r: ReconcileResult): string[] {
  const s = r.score;
  const load = r.loadAverage.map((l) => l.toFixed(1)).join(" ");
  const out = [
    `${r.engine} (${r.where}; load average ${load} at the end):`,
    `  ${whole(r.generated)} lines generated for ${whole(r.lines)} asked; ${whole(r.stored)} stored, ${whole(r.repeatsSkipped)} repeats skipped by the import (${whole(r.repeatsDropped)} repeats of repeats left out); ${whole(r.customers)} customers`,
    `  automatic match rate ${pct(s.appliedRight, s.shouldPay)} of the ${whole(s.shouldPay)} lines that pay invoices; wrong automatic matches: ${s.wrong}`,
    `  review rate ${pct(r.report.review + r.report.suggested, s.lines)} (review + suggested; suggestions right: ${pct(s.suggestedRight, r.report.suggested)}); invoices with a broken balance: ${r.balancesBroken}`,
  ];
  for (const kind of LINE_KINDS) {
    const counts = s.byKind[kind];
    if (counts) out.push(`    ${kind.padEnd(18)} ${JSON.stringify(counts)}`);
  }
  for (const p of r.phases) {
    out.push(`  ${describePhase(p)}`);
    for (const t of p.top.slice(0, 3)) {
      const perCall = `${(t.ms / t.calls).toFixed(2)} ms each`;
      out.push(
        `      ${(t.ms / 1000).toFixed(2).padStart(7)} s  ${String(t.calls).padStart(7)}× ${perCall.padStart(15)}  ${t.statement.slice(0, 70)}`,
      );
    }
  }
  for (const p of r.problems) out.push(`  PROBLEM: ${p}`);
  return out;
}

export function printReconcileReport(results: readonly ReconcileResult[]): void {
  console.log(
    "\nreconcile: import (storeStatements) and match (reconcileLines) of generated lines",
  );
  console.log(
    "auto rate = applied as the truth pays / lines that pay something; WRONG = applied otherwise;",
  );
  console.log(
    "review rate = (review + suggested) / lines; build = customers + invoices + read + generate\n",
  );
  for (const line of table(results)) console.log(line);
  console.log("\nwhere the time goes (database = awaiting the driver, result parsing included):");
  for (const r of results) for (const line of details(r)) console.log(line);
}

// ---------------------------------------------------------------------------------------------
// The scenario: each engine in a child process of its own, in turn (never in parallel).

const SELF = fileURLToPath(import.meta.url);

function runChild(engine: EngineName, sizes: ReconcileSizes, url: string): Promise<number> {
  const args = [
    ...process.execArgv,
    SELF,
    engine,
    String(sizes.lines),
    String(sizes.invoices),
    url,
  ];
  const child = spawn(process.execPath, args, { stdio: "inherit" });
  return new Promise((resolve) => child.on("close", (code) => resolve(code ?? 1)));
}

async function readResult(engine: EngineName): Promise<ReconcileResult | null> {
  try {
    return JSON.parse(await readFile(resultPath(engine), "utf8")) as ReconcileResult;
  } catch {
    return null;
  }
}

/** The `reconcile` scenario; false when a run failed or a correctness check did. */
export async function reconcileScenario(options: {
  lines?: number;
  invoices?: number;
  engines: readonly EngineName[];
  url: string;
}): Promise<boolean> {
  const results: ReconcileResult[] = [];
  let ok = true;
  for (const engine of options.engines) {
    if (engine === "postgres") {
      const problem = await postgresProblem(options.url);
      if (problem) {
        console.log(`\npostgres: skipped — not reachable at ${options.url} (${problem})`);
        continue;
      }
    }
    await rm(resultPath(engine), { force: true });
    const code = await runChild(engine, reconcileSizes(engine, options), options.url);
    const result = await readResult(engine);
    if (code !== 0) {
      console.log(`${engine}: the run failed (exit code ${code}); see above`);
      ok = false;
    }
    if (result) results.push(result);
  }
  if (results.length > 0) printReconcileReport(results);
  return ok;
}

/** Run directly: one engine, its result written to .tmp/bench-reconcile-<engine>.json. */
async function child(argv: readonly string[]): Promise<void> {
  const [engine = "", linesText = "", invoicesText = "", url = ""] = argv;
  if (!isEngineName(engine)) throw new Error(`unknown engine "${engine}"`);
  const lines = Number(linesText);
  const invoices = Number(invoicesText);
  if (
    !Number.isSafeInteger(lines) ||
    lines < 1 ||
    !Number.isSafeInteger(invoices) ||
    invoices < 1
  ) {
    throw new Error(
      `lines and invoices must be whole numbers ≥ 1: "${linesText}" "${invoicesText}"`,
    );
  }
  const result = await benchReconcile(engine, { lines, invoices }, url);
  await mkdir(TMP, { recursive: true });
  await writeFile(resultPath(engine), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`  wrote ${resultPath(engine)}`);
  for (const p of result.problems) console.log(`  PROBLEM: ${p}`);
  if (result.problems.length > 0) process.exitCode = 1;
}

if (process.argv[1] === SELF) await child(process.argv.slice(2));
