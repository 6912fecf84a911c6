/**
 * What a contract period or a group of billable events bills, as draft lines. Pure: prices come
 * from the contract (override) or the product (list price); proration by calendar days.
 */

import { CashloopError } from "../kernel/errors.js";
import { type CurrencyCode, money, multiplyByQuantity } from "../kernel/money.js";
import type { LineInput } from "../sources/model.js";
import type { BillingPeriod } from "./billing-periods.js";
import type { DraftLine } from "./model.js";
import { daysInPeriod, prorate } from "./proration.js";

export type BillingProduct = {
  code: string;
  name: string;
  unit: string;
  unitPriceMinor: number;
  currency: string;
  taxCode: string;
};

const UNIT_CODES: Record<string, string> = {
  month: "MON",
  hour: "HUR",
  day: "DAY",
  week: "WEE",
  year: "ANN",
};

/** UN/ECE Recommendation 20 code for a product unit: month → MON, hour → HUR, else C62 (one). */
export function unitCode(unit: string): string {
  return UNIT_CODES[unit.toLowerCase().replace(/s$/, "")] ?? "C62";
}

function productFor(products: ReadonlyMap<string, BillingProduct>, code: string): BillingProduct {
  const product = products.get(code);
  if (!product)
    throw new CashloopError("product_not_found", `unknown product ${code}`, { value: code });
  return product;
}

/** The net price of a contract for one full period: Σ quantity × (override or list price). */
export function contractPeriodPrice(
  lines: readonly LineInput[],
  currency: CurrencyCode,
  products: ReadonlyMap<string, BillingProduct>,
): number {
  return lines.reduce((total, line) => {
    const price = line.unitPriceMinor ?? productFor(products, line.productCode).unitPriceMinor;
    return total + multiplyByQuantity(money(price, currency), line.quantity).amountMinor;
  }, 0);
}

/**
 * Lines for one contract period. A full period bills each contract line as is; a period the
 * contract starts or ends inside bills the days it covers (a `proration` line whose amount is the
 * line's period price × covered days ÷ days in the period).
 */
export function contractPeriodLines(
  contract: { id: string; currency: CurrencyCode; lines: readonly LineInput[] },
  period: BillingPeriod,
  products: ReadonlyMap<string, BillingProduct>,
): DraftLine[] {
  return contract.lines.map((line) => {
    const product = productFor(products, line.productCode);
    const price = line.unitPriceMinor ?? product.unitPriceMinor;
    const name = line.description ?? product.name;
    const base = {
      productCode: product.code,
      discountMinor: 0,
      taxCode: product.taxCode,
      taxOverridden: false,
      contractId: contract.id,
      periodStart: period.start,
      periodEnd: period.end,
      eventId: null,
    };
    if (period.full) {
      return {
        ...base,
        kind: "charge" as const,
        description: `${name}, ${period.start} to ${period.end}`,
        quantity: line.quantity,
        unitCode: unitCode(product.unit),
        unitPriceMinor: price,
        listPriceMinor: product.unitPriceMinor,
      };
    }
    const whole = { start: period.fullStart, end: period.fullEnd };
    const part = { start: period.start, end: period.end };
    const atPrice = (p: number) =>
      prorate(multiplyByQuantity(money(p, contract.currency), line.quantity), whole, part)
        .amountMinor;
    return {
      ...base,
      kind: "proration" as const,
      description: `${name}, ${period.start} to ${period.end} (${daysInPeriod(part)} of ${daysInPeriod(whole)} days)`,
      quantity: "1",
      unitCode: "C62",
      unitPriceMinor: atPrice(price),
      listPriceMinor: atPrice(product.unitPriceMinor),
    };
  });
}

/** Lines for billable events: each event line at its override or the product's list price. */
export function eventLines(
  events: readonly { id: string; kind: string; lines: readonly LineInput[] }[],
  products: ReadonlyMap<string, BillingProduct>,
): DraftLine[] {
  return events.flatMap((event) =>
    event.lines.map((line) => {
      const product = productFor(products, line.productCode);
      return {
        kind: event.kind === "usage_reported" ? ("usage" as const) : ("charge" as const),
        description: line.description ?? product.name,
        productCode: product.code,
        quantity: line.quantity,
        unitCode: unitCode(product.unit),
        unitPriceMinor: line.unitPriceMinor ?? product.unitPriceMinor,
        listPriceMinor: product.unitPriceMinor,
        discountMinor: 0,
        taxCode: product.taxCode,
        taxOverridden: false,
        contractId: null,
        periodStart: null,
        periodEnd: null,
        eventId: event.id,
      };
    }),
  );
}
