/**
 * The benches: `npm run bench -- [billing] [demo] [reconcile] [--contracts N] [--lines N]
 * [--invoices M] [--engines pglite,postgres]`. No scenario named runs all. `--lines` and
 * `--invoices` size the reconcile bench for every engine (without them each engine gets its own
 * size: PostgreSQL 100,000 lines against 1,000,000 invoices, PGlite 10,000 against 100,000).
 * Prints results; never asserts timings (a correctness check that fails still exits non-zero).
 */
import { parseArgs } from "node:util";
import { billingScenario } from "./billing.js";
import { demoScenario } from "./demo.js";
import { DEFAULT_DATABASE_URL, type EngineName, isEngineName } from "./engines.js";
import { reconcileScenario } from "./reconcile.js";

const SCENARIOS = ["billing", "demo", "reconcile"] as const;
type Scenario = (typeof SCENARIOS)[number];
const isScenario = (s: string): s is Scenario => (SCENARIOS as readonly string[]).includes(s);

/** More contracts than this is a typo, not a bench (and would not fit in memory). */
const contractsMax = 10_000_000;
/** The same for bank lines and open invoices. */
const linesMax = 10_000_000;
const invoicesMax = 10_000_000;

/** "100_000" or "100,000" → 100000; undefined when the flag is absent. */
function count(flag: string, text: string | undefined, max: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text.replaceAll("_", "").replaceAll(",", ""));
  if (!Number.isSafeInteger(n) || n < 1 || n > max) {
    throw new Error(`--${flag} must be a whole number from 1 to ${max}`);
  }
  return n;
}

function options() {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    options: {
      contracts: { type: "string", default: "100000" },
      lines: { type: "string" },
      invoices: { type: "string" },
      engines: { type: "string", default: "pglite,postgres" },
    },
    allowPositionals: true,
  });
  const unknown = positionals.filter((p) => !isScenario(p));
  if (unknown.length > 0) {
    throw new Error(`unknown scenario ${unknown.join(", ")}; known: ${SCENARIOS.join(", ")}`);
  }
  const contracts = Number(values.contracts.replaceAll("_", "").replaceAll(",", ""));
  if (!Number.isSafeInteger(contracts) || contracts < 1 || contracts > contractsMax) {
    throw new Error(`--contracts must be a whole number from 1 to ${contractsMax}`);
  }
  const engines = values.engines.split(",").map((e) => e.trim());
  const bad = engines.filter((e) => !isEngineName(e));
  if (bad.length > 0) {
    throw new Error(`unknown engine ${bad.join(", ")}; known: pglite, pglite-dir, postgres`);
  }
  return {
    scenarios: positionals.length > 0 ? positionals.filter(isScenario) : [...SCENARIOS],
    contracts,
    lines: count("lines", values.lines, linesMax),
    invoices: count("invoices", values.invoices, invoicesMax),
    engines: engines as EngineName[],
    url: process.env.BENCH_DATABASE_URL ?? DEFAULT_DATABASE_URL,
  };
}

function optionsOrExit(): ReturnType<typeof options> {
  try {
    return options();
  } catch (error) {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  }
}

const opts = optionsOrExit();
let ok = true;
for (const scenario of opts.scenarios) {
  console.log(`\n=== ${scenario} ===`);
  if (scenario === "demo") demoScenario();
  else if (scenario === "reconcile") ok = (await reconcileScenario(opts)) && ok;
  else ok = (await billingScenario(opts)) && ok;
}
if (!ok) process.exitCode = 1;
