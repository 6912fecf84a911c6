/** The reconcile bench's results: one JSON file per engine in .tmp/, and the printed table. */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { LINE_KINDS } from "../src/reconcile/generate-bank-lines.js";
import type { EngineName } from "./engines.js";
import { describePhase, type PhaseResult } from "./measure.js";
import type { Score } from "./reconcile-score.js";
import { table } from "./report.js";

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

const TMP = fileURLToPath(new URL("../.tmp/", import.meta.url));
export const resultPath = (engine: EngineName): string => `${TMP}bench-reconcile-${engine}.json`;

export async function writeResult(result: ReconcileResult): Promise<string> {
  await mkdir(TMP, { recursive: true });
  const path = resultPath(result.engine);
  await writeFile(path, `${JSON.stringify(result, null, 2)}\n`);
  return path;
}

/** Null when the run wrote none (it failed before the end). */
export async function readResult(engine: EngineName): Promise<ReconcileResult | null> {
  try {
    return JSON.parse(await readFile(resultPath(engine), "utf8")) as ReconcileResult;
  } catch {
    return null;
  }
}

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
  for (const line of table(COLUMNS, results)) console.log(line);
  console.log("\nwhere the time goes (database = awaiting the driver, result parsing included):");
  for (const r of results) for (const line of details(r)) console.log(line);
}
