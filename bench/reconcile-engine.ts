/**
 * The reconcile bench on one engine: demo customers and open invoices written in bulk, the
 * invoices read back with `openInvoices`, N lines made from them with ground truth
 * (`generateBankLines`, seeded), imported with `storeStatements` ("import"), then
 * `reconcileLines` ("match"), scored against the truth. Each phase timed and metered.
 */
import { loadavg } from "node:os";
import type { Actor } from "../src/kernel/audit.js";
import { fixedClock } from "../src/kernel/clock.js";
import { parseInstant } from "../src/kernel/dates.js";
import { idGenerator } from "../src/kernel/ids.js";
import { migrate } from "../src/kernel/migrate.js";
import { seededRandom } from "../src/kernel/random.js";
import { generateBankLines } from "../src/reconcile/generate-bank-lines.js";
import { storeStatements } from "../src/reconcile/import-statement.js";
import { openInvoices } from "../src/reconcile/match-store.js";
import { reconcileLines } from "../src/reconcile/reconcile-lines.js";
import { createOrganisation } from "../src/sources/create-organisation.js";
import { type EngineName, openEngine, schemaSizeMb } from "./engines.js";
import { meteredDb, rssSampler, SqlMeter, timePhase } from "./measure.js";
import { setProfileLabel } from "./profile.js";
import {
  CURRENCY,
  customersFor,
  insertOpenInvoices,
  loadCustomers,
  STATEMENT_START_ON,
  statementFiles,
} from "./reconcile-data.js";
import type { ReconcileResult } from "./reconcile-report.js";
import { brokenBalances, score } from "./reconcile-score.js";

/** After the statement window (lines are booked 2026-12-01 … 2026-12-28). */
const RECONCILE_AS_OF = parseInstant("2026-12-29T17:00:00Z");
const ACTOR: Actor = { kind: "user", id: "bench" };
const ID_SEED = 2027;
const CUSTOMER_SEED = 7;
const INVOICE_SEED = 11;
const LINES_SEED = 42;

export type ReconcileSizes = { lines: number; invoices: number };

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
