/**
 * Settling a mid-cycle plan change on a contract billed in advance: for the days from the change
 * to the end of the period already billed, a credit for the old lines' unused part and a charge
 * for the new lines over the same days. Pure.
 */
import type { CalendarDate } from "../kernel/dates.js";
import { addDays } from "../kernel/dates.js";
import { type CurrencyCode, money, multiplyByQuantity, negate } from "../kernel/money.js";
import type { LineInput } from "../sources/model.js";
import { type BillingProduct, unitCode } from "./draft-lines.js";
import type { DraftLine } from "./model.js";
import { planChangeLines, splitPeriodPrice } from "./proration.js";

export type ContractChange = {
  id: string;
  effectiveOn: CalendarDate;
  oldLines: LineInput[];
  newLines: LineInput[];
};

function linePrice(
  line: LineInput | undefined,
  currency: CurrencyCode,
  products: ReadonlyMap<string, BillingProduct>,
) {
  if (!line) return money(0, currency);
  const product = products.get(line.productCode);
  const price = line.unitPriceMinor ?? product?.unitPriceMinor ?? 0;
  return multiplyByQuantity(money(price, currency), line.quantity);
}

/** Adjustment lines for a change inside an already billed period (start < effectiveOn ≤ end). */
export function planChangeAdjustment(input: {
  contractId: string;
  currency: CurrencyCode;
  period: { start: CalendarDate; end: CalendarDate };
  change: ContractChange;
  products: ReadonlyMap<string, BillingProduct>;
}): DraftLine[] {
  const { change, period, currency, products } = input;
  const count = Math.max(change.oldLines.length, change.newLines.length);
  const out: DraftLine[] = [];
  for (let i = 0; i < count; i++) {
    const oldLine = change.oldLines[i];
    const newLine = change.newLines[i];
    const { creditUnusedOld, chargeNew } = planChangeLines({
      period,
      changeOn: change.effectiveOn,
      oldPrice: linePrice(oldLine, currency, products),
      newPrice: linePrice(newLine, currency, products),
    });
    for (const [line, amount, label] of [
      [oldLine, creditUnusedOld, "Credit for the unused part of the previous plan"],
      [newLine, chargeNew, "New plan"],
    ] as const) {
      if (!line || amount.amountMinor === 0) continue;
      out.push(
        adjustmentLine(
          line,
          amount.amountMinor,
          label,
          { start: change.effectiveOn, end: period.end },
          input,
        ),
      );
    }
  }
  return out;
}

/**
 * A change inside a period billed now (not before), with the new lines for the whole period: the
 * days before the change are corrected to the old plan (charge the old lines' share, credit the
 * new lines' share of start..effectiveOn − 1).
 */
export function planChangeCatchUp(input: {
  contractId: string;
  currency: CurrencyCode;
  period: { start: CalendarDate; end: CalendarDate };
  change: ContractChange;
  products: ReadonlyMap<string, BillingProduct>;
}): DraftLine[] {
  const { change, period, currency, products } = input;
  const before = { start: period.start, end: addDays(change.effectiveOn, -1) };
  const share = (line: LineInput | undefined) =>
    splitPeriodPrice(linePrice(line, currency, products), period, [change.effectiveOn])[0]!.amount;
  const out: DraftLine[] = [];
  const count = Math.max(change.oldLines.length, change.newLines.length);
  for (let i = 0; i < count; i++) {
    for (const [line, amount, label] of [
      [change.oldLines[i], share(change.oldLines[i]), "Previous plan"],
      [
        change.newLines[i],
        negate(share(change.newLines[i])),
        "Credit for the new plan before it started",
      ],
    ] as const) {
      if (!line || amount.amountMinor === 0) continue;
      out.push(adjustmentLine(line, amount.amountMinor, label, before, input));
    }
  }
  return out;
}

/** One proration line of a plan change: a signed amount for some days of one contract line. */
function adjustmentLine(
  line: LineInput,
  amountMinor: number,
  label: string,
  days: { start: CalendarDate; end: CalendarDate },
  context: { contractId: string; products: ReadonlyMap<string, BillingProduct> },
): DraftLine {
  const product = context.products.get(line.productCode);
  return {
    kind: "proration",
    description: `${label}: ${line.description ?? product?.name ?? line.productCode}, ${days.start} to ${days.end}`,
    productCode: line.productCode,
    quantity: "1",
    unitCode: unitCode(product?.unit ?? "unit"),
    unitPriceMinor: amountMinor,
    listPriceMinor: null,
    discountMinor: 0,
    taxCode: product?.taxCode ?? "",
    taxOverridden: false,
    contractId: context.contractId,
    periodStart: days.start,
    periodEnd: days.end,
    eventId: null,
  };
}
