/**
 * The demo business: an IT services and digital agency billing about 37,000 a month with 40
 * customers. Pure and deterministic: every draw comes from `seededRandom(options.seed)`, so the
 * same options give deeply-equal data. Linear in `customers`.
 */
import { addMonths, type CalendarDate, parseCalendarDate } from "../kernel/dates.js";
import { CashloopError } from "../kernel/errors.js";
import { asCurrencyCode, type CurrencyCode } from "../kernel/money.js";
import { seededRandom } from "../kernel/random.js";
import type {
  ContactInput,
  ContractInput,
  CustomerInput,
  EventInput,
  ProductInput,
  TaxRateInput,
} from "../sources/model.js";
import { DEMO_TAX_RATES, demoProducts } from "./demo-catalogue.js";
import { generateContracts } from "./demo-contracts.js";
import { generateCustomers } from "./demo-customers.js";
import { generateEvents } from "./demo-events.js";

export { DEMO_ORG_TIME_ZONE } from "./demo-events.js";

export type DemoOptions = {
  seed: number;
  customers: number;
  months: number;
  asOf: CalendarDate;
  currency: CurrencyCode;
};

export const DEMO_DEFAULTS = { seed: 1, customers: 40, months: 3 };

/** Limits: a demo past these is a mistake, not a bigger demo. */
export const demoCustomersMax = 1_000_000;
export const demoMonthsMax = 36;

export type DemoData = {
  taxRates: TaxRateInput[];
  products: ProductInput[];
  customers: CustomerInput[];
  contacts: ContactInput[];
  contracts: ContractInput[];
  events: EventInput[];
};

function checkOptions(options: DemoOptions): void {
  const bad = (field: string, value: unknown, reason: string) =>
    new CashloopError("demo_options_invalid", `demo ${field} ${String(value)}: ${reason}`, {
      field,
      value: String(value),
    });
  const { seed, customers, months } = options;
  if (!Number.isSafeInteger(seed)) throw bad("seed", seed, "must be a whole number");
  if (!Number.isSafeInteger(customers) || customers < 1 || customers > demoCustomersMax) {
    throw bad("customers", customers, `must be a whole number in 1..${demoCustomersMax}`);
  }
  if (!Number.isSafeInteger(months) || months < 1 || months > demoMonthsMax) {
    throw bad("months", months, `must be a whole number in 1..${demoMonthsMax}`);
  }
  parseCalendarDate(options.asOf);
  asCurrencyCode(options.currency);
  addMonths(options.asOf, -months);
}

export function generateDemo(options: DemoOptions): DemoData {
  checkOptions(options);
  const random = seededRandom(options.seed);
  const { currency, asOf, months } = options;
  const products = demoProducts(currency);
  const { customers, contacts } = generateCustomers(random, options.customers, currency);
  const { contracts, usagePlans } = generateContracts(
    { random, products, currency, asOf },
    customers,
  );
  const events = generateEvents({ random, currency, asOf, months, customers, usagePlans });
  return {
    taxRates: DEMO_TAX_RATES.map((t) => ({ ...t })),
    products,
    customers: customers.map((c) => c.input),
    contacts,
    contracts,
    events,
  };
}
