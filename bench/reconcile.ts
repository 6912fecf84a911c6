/**
 * N bank lines reconciled against M open invoices, on PGlite and on PostgreSQL: the `reconcile`
 * scenario. Each engine runs in its own child process (bench/reconcile-child.ts), in turn, so
 * peak memory is that engine's alone; then one table of all of them. A wrong automatic match is
 * the correctness check (the run exits non-zero); timings are printed, never asserted.
 */
import { spawn } from "node:child_process";
import { rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { type EngineName, postgresProblem } from "./engines.js";
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

const CHILD = fileURLToPath(new URL("./reconcile-child.ts", import.meta.url));

function runChild(engine: EngineName, sizes: ReconcileSizes, url: string): Promise<number> {
  const args = [
    ...process.execArgv,
    CHILD,
    engine,
    String(sizes.lines),
    String(sizes.invoices),
    url,
  ];
  const child = spawn(process.execPath, args, { stdio: "inherit" });
  return new Promise((resolve) => child.on("close", (code) => resolve(code ?? 1)));
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
