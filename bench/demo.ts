/**
 * How the demo generator scales: counts of each kind and generation time per customer for
 * 40, 10,000 and 100,000 customers. Prints only; no assertions.
 * Run: npm run bench -- demo (or node --import tsx bench/demo-size.ts)
 */
import { performance } from "node:perf_hooks";
import { demoCounts, demoMonthlyBilling } from "../src/demo/demo-summary.js";
import { DEMO_DEFAULTS, generateDemo } from "../src/demo/generate-demo.js";
import { parseCalendarDate } from "../src/kernel/dates.js";
import { asCurrencyCode } from "../src/kernel/money.js";

export const DEMO_SIZES = [40, 10_000, 100_000];

export function demoScenario(sizes: readonly number[] = DEMO_SIZES): void {
  const asOf = parseCalendarDate("2026-03-15");
  const currency = asCurrencyCode("USD");
  generateDemo({ ...DEMO_DEFAULTS, asOf, currency }); // warm-up: JIT and time-zone formatters
  let previous: { customers: number; msPerCustomer: number } | undefined;
  for (const customers of sizes) {
    const started = performance.now();
    const data = generateDemo({ ...DEMO_DEFAULTS, customers, asOf, currency });
    const elapsedMs = performance.now() - started;
    const msPerCustomer = elapsedMs / customers;
    const billing = demoMonthlyBilling(data, { asOf, months: DEMO_DEFAULTS.months, currency });
    console.log(`\n${customers.toLocaleString("en-US")} customers`);
    console.log(
      `  generated in ${elapsedMs.toFixed(1)} ms, ${(msPerCustomer * 1000).toFixed(1)} µs per customer`,
    );
    if (previous) {
      const ratio = msPerCustomer / previous.msPerCustomer;
      const label = previous.customers.toLocaleString("en-US");
      console.log(
        `  time per customer vs ${label} customers: ×${ratio.toFixed(2)} (≤ 1: no worse than linear)`,
      );
    }
    previous = { customers, msPerCustomer };
    console.log(`  monthly billing: ${(billing.monthlyMinor / 100).toFixed(2)} USD`);
    for (const [kind, count] of Object.entries(demoCounts(data))) {
      console.log(`  ${kind.padEnd(28)} ${count.toLocaleString("en-US")}`);
    }
  }
}
