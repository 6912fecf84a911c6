/** The billing bench's results: the JSON files in .tmp/ and the printed table. */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { EngineName } from "./engines.js";
import { describePhase, type PhaseResult } from "./measure.js";

export type BillingResult = {
  engine: EngineName;
  where: string;
  contracts: number;
  drafts: number;
  inReview: number;
  issued: number;
  verify: Record<string, unknown>;
  /** load, bill, review tray, issue, baseline insert — in that order. */
  phases: PhaseResult[];
  /** load, one per source kind. */
  loadPhases: PhaseResult[];
  billIssueSeconds: number;
  invoicesPerSecond: number;
  baselineInvoicesPerSecond: number;
  /** (bill + issue seconds) / baseline seconds. */
  ratio: number;
  peakRssMb: number;
  databaseMb: number;
  loadAverage: number[];
  node: string;
  startedAt: string;
};

const TMP = fileURLToPath(new URL("../.tmp/", import.meta.url));

export const resultPath = (engine: EngineName): string => `${TMP}bench-billing-${engine}.json`;

export async function writeResult(result: BillingResult): Promise<string> {
  await mkdir(TMP, { recursive: true });
  const path = resultPath(result.engine);
  await writeFile(path, `${JSON.stringify(result, null, 2)}\n`);
  return path;
}

export async function readResult(path: string): Promise<BillingResult> {
  return JSON.parse(await readFile(path, "utf8")) as BillingResult;
}

const seconds = (r: BillingResult, name: string): string =>
  (r.phases.find((p) => p.name === name)?.seconds ?? Number.NaN).toFixed(2);
const whole = (n: number): string => Math.round(n).toLocaleString("en-US");

const COLUMNS: [string, (r: BillingResult) => string][] = [
  ["engine", (r) => r.engine],
  ["contracts", (r) => whole(r.contracts)],
  ["drafts", (r) => whole(r.drafts)],
  ["issued", (r) => whole(r.issued)],
  ["load s", (r) => seconds(r, "load")],
  ["bill s", (r) => seconds(r, "bill")],
  ["tray s", (r) => seconds(r, "review tray (list)")],
  ["issue s", (r) => seconds(r, "issue")],
  ["baseline s", (r) => seconds(r, "baseline insert")],
  ["inv/s bill+issue", (r) => whole(r.invoicesPerSecond)],
  ["inv/s baseline", (r) => whole(r.baselineInvoicesPerSecond)],
  ["ratio", (r) => `${r.ratio.toFixed(1)}×`],
  ["peak RSS MB", (r) => whole(r.peakRssMb)],
  ["db MB", (r) => whole(r.databaseMb)],
];

/** A table of results: one column per [heading, cell], the first column left-aligned. */
export function table<R>(
  columns: readonly [string, (r: R) => string][],
  results: readonly R[],
): string[] {
  const cells = results.map((r) => columns.map(([, cell]) => cell(r)));
  const widths = columns.map(([head], i) =>
    Math.max(head.length, ...cells.map((row) => (row[i] ?? "").length)),
  );
  const line = (row: string[]) =>
    row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [
    line(columns.map(([head]) => head)),
    line(widths.map((w) => "-".repeat(w))),
    ...cells.map(line),
  ];
}

function breakdown(r: BillingResult): string[] {
  const load = r.loadAverage.map((l) => l.toFixed(1)).join(" ");
  const out = [`${r.engine} (${r.where}; load average ${load} at the end):`];
  for (const p of [...r.loadPhases, ...r.phases.filter((p) => p.name !== "load")]) {
    out.push(`  ${describePhase(p)}`);
    for (const s of p.top.slice(0, 3)) {
      const perCall = `${(s.ms / s.calls).toFixed(1)} ms each`;
      out.push(
        `      ${(s.ms / 1000).toFixed(2).padStart(7)} s  ${String(s.calls).padStart(5)}× ${perCall.padStart(15)}  ${s.statement.slice(0, 70)}`,
      );
    }
  }
  return out;
}

export function printBillingReport(results: readonly BillingResult[]): void {
  console.log("\nbilling: bill + issue vs a bare multi-row insert of the same rows");
  console.log(
    "ratio = (bill s + issue s) / baseline s; tray = listInvoices(review), not in the ratio\n",
  );
  for (const line of table(COLUMNS, results)) console.log(line);
  console.log("\nwhere the time goes (database = awaiting the driver, result parsing included):");
  for (const r of results) for (const line of breakdown(r)) console.log(line);
}
