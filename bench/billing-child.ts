/**
 * One engine of the billing bench, in a process of its own (so its peak memory is its own):
 * `node --import tsx bench/billing-child.ts <engine> <contracts> <url>`. Prints phases as they
 * finish and writes the result to .tmp/bench-billing-<engine>.json.
 */
import { benchBilling } from "./billing.js";
import { isEngineName } from "./engines.js";
import { writeResult } from "./report.js";

const [engine = "", contractsText = "", url = ""] = process.argv.slice(2);
if (!isEngineName(engine)) throw new Error(`unknown engine "${engine}"`);
const contracts = Number(contractsText);
if (!Number.isSafeInteger(contracts) || contracts < 1) {
  throw new Error(`contracts must be a whole number ≥ 1: "${contractsText}"`);
}
const result = await benchBilling(engine, contracts, url);
const path = await writeResult(result);
console.log(`  wrote ${path}`);
