/**
 * N bank lines reconciled against M open invoices, on PGlite and on PostgreSQL: the `reconcile`
 * scenario. Each engine runs in its own child process (bench/reconcile-child.ts), in turn, so
 * peak memory is that engine's alone; then one table of all of them. A wrong automatic match is
 * the correctness check (the run exits non-zero); timings are printed, never asserted.
 */
import { rm } from "node:fs/promises";
import { type EngineName, eachEngine, runChild } from "./engines.js";
import type { ReconcileSizes } from "./reconcile-engine.js";
import {
  printReconcileReport,
  type ReconcileResult,
  readResult,
  resultPath,
} from "./reconcile-report.js";

/** Each engine its own size unless --lines / --invoices say otherwise (then for all). */
export function reconcileSizes(engine: EngineName, flags: Partial<ReconcileSizes>): ReconcileSizes {
  const defaults =
    engine === "postgres"
      ? { lines: 100_000, invoices: 1_000_000 }
      : { lines: 10_000, invoices: 100_000 };
  return { lines: flags.lines ?? defaults.lines, invoices: flags.invoices ?? defaults.invoices };
}

const CHILD = new URL("./reconcile-child.ts", import.meta.url);

/** The `reconcile` scenario; false when a run failed or a correctness check did. */
export async function reconcileScenario(options: {
  lines?: number;
  invoices?: number;
  engines: readonly EngineName[];
  url: string;
}): Promise<boolean> {
  const runs = await eachEngine(options, async (engine) => {
    await rm(resultPath(engine), { force: true });
    const sizes = reconcileSizes(engine, options);
    return runChild(CHILD, [engine, String(sizes.lines), String(sizes.invoices), options.url]);
  });
  // A run that found wrong matches still wrote its numbers: they are printed too.
  const results: ReconcileResult[] = [];
  for (const { engine } of runs) {
    const result = await readResult(engine);
    if (result) results.push(result);
  }
  if (results.length > 0) printReconcileReport(results);
  return runs.every((r) => r.code === 0);
}
