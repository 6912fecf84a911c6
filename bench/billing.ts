import { loadavg } from "node:os";
import { issueInvoices } from "../src/billing/issue-invoices.js";
import { runBilling } from "../src/billing/run-billing.js";
import { listInvoices } from "../src/billing/store.js";
import type { Actor } from "../src/kernel/audit.js";
import { fixedClock } from "../src/kernel/clock.js";
import { parseInstant } from "../src/kernel/dates.js";
import type { Db } from "../src/kernel/db.js";
import { idGenerator } from "../src/kernel/ids.js";
import { migrate } from "../src/kernel/migrate.js";
import { seededRandom } from "../src/kernel/random.js";
import { createOrganisation } from "../src/sources/create-organisation.js";
import { runBaseline } from "./baseline.js";
import { benchRecords, loadRecords } from "./billing-data.js";
import { type EngineName, eachEngine, openEngine, runChild, schemaSizeMb } from "./engines.js";
import { meteredDb, type PhaseResult, rssSampler, SqlMeter, timePhase } from "./measure.js";
import { setProfileLabel } from "./profile.js";
import { type BillingResult, printBillingReport, readResult, resultPath } from "./report.js";

export const BILLING_AS_OF = parseInstant("2026-12-01T17:00:00Z");
const ACTOR: Actor = { kind: "user", id: "bench" };
const ID_SEED = 2026;

/** Counts after issuing, in one query: drafts, issued, and whether numbers run 1..N. */
async function verify(db: Db, orgId: string, count: number) {
  const [row] = await db.query<{
    drafts: number;
    issued: number;
    first: number | null;
    last: number | null;
    distinct: number;
    lines: number;
  }>(
    `SELECT count(*)::int AS drafts, count(*) FILTER (WHERE status = 'issued')::int AS issued,
            min(number_seq) AS first, max(number_seq) AS last,
            count(DISTINCT number_seq)::int AS distinct,
            (SELECT count(*)::int FROM invoice_lines WHERE org_id = $1) AS lines
       FROM invoices WHERE org_id = $1`,
    [orgId],
  );
  if (!row) throw new Error("verification query returned nothing");
  const gapless = row.first === 1 && row.last === count && row.distinct === count;
  const ok = row.drafts === count && row.issued === count && row.lines === count && gapless;
  console.log(
    `  verify: ${row.drafts} drafts, ${row.issued} issued, ${row.lines} lines, numbers ${row.first}..${row.last} (${row.distinct} distinct) → ${ok ? "ok" : "WRONG"}`,
  );
  if (!ok) throw new Error(`verification failed: ${JSON.stringify(row)}`);
  return { ...row, gapless };
}

/** Steps 1–4 on one engine; the result is also what the JSON file holds. */
export async function benchBilling(
  engine: EngineName,
  contracts: number,
  url: string,
): Promise<BillingResult> {
  setProfileLabel(engine);
  const rss = rssSampler();
  const meter = new SqlMeter();
  const started = new Date().toISOString();
  const bench = await openEngine(engine, url);
  console.log(
    `\nbilling on ${engine} (${bench.where}), ${contracts.toLocaleString("en-US")} contracts`,
  );
  try {
    const db = meteredDb(bench.db, meter);
    const clock = fixedClock(BILLING_AS_OF);
    const deps = {
      db,
      clock,
      ids: idGenerator(clock, seededRandom(ID_SEED)),
      random: seededRandom(ID_SEED + 1),
    };
    await migrate(db, clock);
    const org = await createOrganisation(deps, {
      name: "Bench Services",
      currency: "USD",
      timeZone: "America/New_York",
      locale: "en-US",
      actor: ACTOR,
    });
    const records = benchRecords(contracts);
    const loadPhases = await loadRecords(deps, { orgId: org.id, records, actor: ACTOR, meter });
    const load = sumPhases("load", loadPhases);
    const bill = await timePhase("bill", meter, () => runBilling(deps, { org, actor: ACTOR }));
    const tray = await timePhase("review tray (list)", meter, () =>
      listInvoices(db, org.id, { statuses: ["review"] }),
    );
    const ids = tray.value.map((i) => i.id);
    const issue = await timePhase("issue", meter, () =>
      issueInvoices(deps, { org, invoiceIds: ids, actor: ACTOR }),
    );
    const check = await verify(db, org.id, contracts);
    const baseline = await runBaseline(db, org.id, meter);
    const sizeMb = await schemaSizeMb(db);
    const billIssueSeconds = bill.phase.seconds + issue.phase.seconds;
    return {
      engine,
      where: bench.where,
      contracts,
      drafts: bill.value.drafted,
      inReview: bill.value.review,
      issued: issue.value.length,
      verify: check,
      phases: [load, bill.phase, tray.phase, issue.phase, baseline.phase],
      loadPhases,
      billIssueSeconds,
      invoicesPerSecond: contracts / billIssueSeconds,
      baselineInvoicesPerSecond: contracts / baseline.phase.seconds,
      ratio: billIssueSeconds / baseline.phase.seconds,
      peakRssMb: rss.peakMb(),
      databaseMb: sizeMb,
      loadAverage: loadavg(),
      node: process.version,
      startedAt: started,
    };
  } finally {
    rss.stop();
    await bench.dispose();
  }
}

function sumPhases(name: string, phases: PhaseResult[]): PhaseResult {
  return {
    name,
    seconds: phases.reduce((s, p) => s + p.seconds, 0),
    dbSeconds: phases.reduce((s, p) => s + p.dbSeconds, 0),
    queries: phases.reduce((s, p) => s + p.queries, 0),
    top: [],
  };
}

const CHILD = new URL("./billing-child.ts", import.meta.url);

/** The `billing` scenario: each engine in turn (never in parallel), then one table. */
export async function billingScenario(options: {
  contracts: number;
  engines: readonly EngineName[];
  url: string;
}): Promise<boolean> {
  const runs = await eachEngine(options, (engine) =>
    runChild(CHILD, [engine, String(options.contracts), options.url]),
  );
  const results: BillingResult[] = [];
  for (const { engine, code } of runs) {
    if (code === 0) results.push(await readResult(resultPath(engine)));
  }
  if (results.length > 0) printBillingReport(results);
  return runs.every((r) => r.code === 0);
}
