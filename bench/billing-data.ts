/**
 * The business the billing bench bills: one tax rate, one product, and N customers, each with a
 * billing contact and one monthly contract billed in advance from 2026-12-01 — so `bill` on that
 * day drafts exactly N invoices, all in review as first invoices.
 */
import type { Actor } from "../src/kernel/audit.js";
import type { CalendarDate } from "../src/kernel/dates.js";
import type { CurrencyCode } from "../src/kernel/money.js";
import { type ApplyDeps, applySourceRows } from "../src/sources/apply-source-rows.js";
import type { SourceInputs, SourceKind, SourceRow } from "../src/sources/model.js";
import { type PhaseResult, type SqlMeter, timePhase } from "./measure.js";

const USD = "USD" as CurrencyCode;
export const CONTRACT_START_ON = "2026-12-01" as CalendarDate;
const PRODUCT_CODE = "SUPPORT";
const TAX_CODE = "STD";

type Records = { [K in SourceKind]: SourceInputs[K][] };

const key = (prefix: string, i: number): string => `${prefix}${String(i).padStart(7, "0")}`;

function customer(i: number): SourceInputs["customers"] {
  return {
    externalId: key("C", i),
    legalName: `Customer ${i} LLC`,
    taxId: null,
    billingAddress: {
      line1: `${i} Main Street`,
      line2: null,
      city: "Springfield",
      region: "IL",
      postalCode: "62701",
      country: "US",
    },
    currency: USD,
    language: "en",
    timeZone: "America/New_York",
    paymentTerms: { kind: "net", days: 30 },
    segment: "small_business",
    preferredChannels: ["email"],
    payerProfile: null,
  };
}

function contact(i: number): SourceInputs["contacts"] {
  return {
    externalId: key("K", i),
    customerExternalId: key("C", i),
    name: `Billing ${i}`,
    role: "billing",
    email: `billing${i}@example.com`,
    phone: null,
    whatsappOptIn: false,
  };
}

function contract(i: number): SourceInputs["contracts"] {
  return {
    externalId: key("T", i),
    customerExternalId: key("C", i),
    schedule: "monthly",
    startOn: CONTRACT_START_ON,
    endOn: null,
    timing: "advance",
    currency: USD,
    lines: [{ productCode: PRODUCT_CODE, quantity: "1", unitPriceMinor: null, description: null }],
    usage: null,
  };
}

/** Every source record for `count` contracts, in the order they must be imported. */
export function benchRecords(count: number): Records {
  const numbers = Array.from({ length: count }, (_, k) => k + 1);
  return {
    "tax-rates": [
      {
        code: TAX_CODE,
        name: "Sales tax",
        rateBps: 800,
        inclusive: false,
        exempt: false,
        zeroRated: false,
      },
    ],
    products: [
      {
        code: PRODUCT_CODE,
        name: "Support plan",
        unit: "month",
        unitPriceMinor: 4_900,
        currency: USD,
        taxCode: TAX_CODE,
      },
    ],
    customers: numbers.map(customer),
    contacts: numbers.map(contact),
    contracts: numbers.map(contract),
    events: [],
  };
}

const LOAD_ORDER: SourceKind[] = ["tax-rates", "products", "customers", "contacts", "contracts"];

/** Imports every record through `applySourceRows`, one call (one transaction) per kind, timed. */
export async function loadRecords(
  deps: ApplyDeps,
  input: { orgId: string; records: Records; actor: Actor; meter: SqlMeter },
): Promise<PhaseResult[]> {
  const phases: PhaseResult[] = [];
  for (const kind of LOAD_ORDER) {
    const list = input.records[kind] as SourceInputs[typeof kind][];
    const rows = list.map((record, i) => ({ line: i + 2, record })) as SourceRow<typeof kind>[];
    const { value, phase } = await timePhase(`load ${kind}`, input.meter, () =>
      applySourceRows(deps, {
        orgId: input.orgId,
        kind,
        file: `${kind}.csv`,
        rows,
        actor: input.actor,
      }),
    );
    if (value.created !== list.length) {
      throw new Error(`${kind}: created ${value.created} of ${list.length} rows`);
    }
    phases.push(phase);
  }
  return phases;
}
