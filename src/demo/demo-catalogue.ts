/** The demo business's tax rates and product list, priced in the demo currency. */
import { assert } from "../kernel/errors.js";
import type { CurrencyCode } from "../kernel/money.js";
import type { ProductInput, TaxRateInput } from "../sources/model.js";
import { priceMinor } from "./demo-util.js";

export const DEMO_TAX_RATES: readonly TaxRateInput[] = [
  {
    code: "STD",
    name: "Sales tax 8.25%",
    rateBps: 825,
    inclusive: false,
    exempt: false,
    zeroRated: false,
  },
  {
    code: "IVA16",
    name: "IVA 16%",
    rateBps: 1600,
    inclusive: false,
    exempt: false,
    zeroRated: false,
  },
  { code: "EXEMPT", name: "Exempt", rateBps: 0, inclusive: false, exempt: true, zeroRated: false },
  {
    code: "ZERO",
    name: "Zero-rated (export of services)",
    rateBps: 0,
    inclusive: false,
    exempt: false,
    zeroRated: true,
  },
];

/** Product codes the generator refers to. */
export const P = {
  retainer: "RETAINER",
  maintenance: "MAINT",
  maintenancePro: "MAINT-PRO",
  maintenanceMx: "MAINT-MX",
  hourly: "HOURLY",
  project: "PROJECT",
  platform: "PLATFORM",
  apiCalls: "API-1K",
  supportHours: "SUPPORT-HRS",
  onsite: "ONSITE",
  training: "TRAINING",
} as const;

/** List prices in hundredths of the major unit; scaled to the currency's exponent. */
const catalogue: readonly [string, string, string, number, string][] = [
  [P.retainer, "Monthly IT & digital retainer", "month", 110_000, "STD"],
  [P.maintenance, "Maintenance plan — essentials", "month", 25_000, "STD"],
  [P.maintenancePro, "Maintenance plan — pro", "month", 60_000, "STD"],
  [P.maintenanceMx, "Plan de mantenimiento (México)", "month", 45_000, "IVA16"],
  [P.hourly, "Technical work", "hour", 12_500, "STD"],
  [P.project, "Project work (per milestone or quote)", "milestone", 100_000, "STD"],
  [P.platform, "Platform fee", "month", 35_000, "STD"],
  [P.apiCalls, "API calls (per 1,000)", "1000_calls", 120, "STD"],
  [P.supportHours, "Remote support hours (export of services)", "hour", 9_000, "ZERO"],
  [P.onsite, "On-site visit", "visit", 9_500, "STD"],
  [P.training, "Staff training workshop (education)", "session", 40_000, "EXEMPT"],
];

export function demoProducts(currency: CurrencyCode): ProductInput[] {
  return catalogue.map(([code, name, unit, cents, taxCode]) => ({
    code,
    name,
    unit,
    unitPriceMinor: priceMinor(cents, currency),
    currency,
    taxCode,
  }));
}

/** List price by product code, in minor units; throws on an unknown code (a generator bug). */
export function listPrice(products: readonly ProductInput[], code: string): number {
  const product = products.find((p) => p.code === code);
  assert(product, `demo product ${code} is in the catalogue`);
  return product.unitPriceMinor;
}
