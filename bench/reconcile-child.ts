/**
 * One engine of the reconcile bench, in a process of its own (so its peak memory is its own):
 * `node --import tsx bench/reconcile-child.ts <engine> <lines> <invoices> <url>`. Prints phases as
 * they finish and writes the result to .tmp/bench-reconcile-<engine>.json; exits non-zero when a
 * correctness check failed.
 */
import { isEngineName } from "./engines.js";
import { benchReconcile } from "./reconcile-engine.js";
import { writeResult } from "./reconcile-report.js";

const [engine = "", linesText = "", invoicesText = "", url = ""] = process.argv.slice(2);
if (!isEngineName(engine)) throw new Error(`unknown engine "${engine}"`);
const lines = Number(linesText);
const invoices = Number(invoicesText);
if (!Number.isSafeInteger(lines) || lines < 1 || !Number.isSafeInteger(invoices) || invoices < 1) {
  throw new Error(`lines and invoices must be whole numbers ≥ 1: "${linesText}" "${invoicesText}"`);
}
const result = await benchReconcile(engine, { lines, invoices }, url);
const path = await writeResult(result);
console.log(`  wrote ${path}`);
for (const p of result.problems) console.log(`  PROBLEM: ${p}`);
if (result.problems.length > 0) process.exitCode = 1;
