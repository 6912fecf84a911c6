/**
 * Invoice arithmetic: lines → rounded line amounts → totals and a tax breakdown. Each line is
 * rounded once per step (half-up), and every total is the sum of rounded line amounts, so the
 * printed lines always add up to the printed totals. Pure: no I/O, no clock.
 */
import { assert, CashloopError } from "../kernel/errors.js";
import {
  applyRate,
  type CurrencyCode,
  type Money,
  money,
  multiplyByFraction,
  multiplyByQuantity,
  negate,
  subtract,
  sum,
} from "../kernel/money.js";

/** The most lines one invoice may have. */
export const invoiceLinesMax = 10_000;
/** The highest tax rate accepted, in basis points (1000 %), as the tax-rates import allows. */
export const taxRateBpsMax = 100_000;

export type TaxRule = {
  code: string;
  rateBps: number;
  inclusive: boolean;
  exempt: boolean;
  zeroRated: boolean;
};

/** EN 16931 / UNCL 5305 categories this math produces: S standard, Z zero-rated, E exempt. */
export type LineTaxCategory = "S" | "Z" | "E";

/** A line to price. quantity is a decimal string ("1", "7.5", "0.125"). At most one discount. */
export type MathLineInput = {
  description: string;
  quantity: string;
  unitPriceMinor: number;
  /** A discount as a rate of the gross, 0 to 10000 bps. */
  discountBps?: number;
  /** A fixed discount in minor units, ≥ 0; capped at the gross. */
  discountMinor?: number;
  taxCode: string;
};

export type ComputedLine = MathLineInput & {
  /** quantity × unit price, rounded half-up. For an inclusive rate this includes tax. */
  grossMinor: number;
  discountAppliedMinor: number;
  /** The line's amount excluding tax, after the discount. */
  netMinor: number;
  taxMinor: number;
  /** netMinor + taxMinor. */
  totalMinor: number;
  /** 0 for exempt and zero-rated lines (EN 16931 BR-E-5, BR-Z-5). */
  taxRateBps: number;
  taxCategory: LineTaxCategory;
};

export type TaxBreakdownRow = {
  taxCode: string;
  taxCategory: LineTaxCategory;
  taxRateBps: number;
  taxableMinor: number;
  taxMinor: number;
};

export type InvoiceTotals = {
  lines: ComputedLine[];
  /** Σ line nets. */
  subtotalMinor: number;
  /** Σ line taxes. */
  taxMinor: number;
  /** subtotalMinor + taxMinor. */
  totalMinor: number;
  /** One row per (tax code, rate): S first, then Z, then E; higher rates first; then by code. */
  taxBreakdown: TaxBreakdownRow[];
};

type LineField = "quantity" | "unitPriceMinor" | "discountBps" | "discountMinor" | "taxCode";

/** An error that names the line: its 1-based position, description, field and value. */
function lineError(
  code: string,
  index: number,
  line: MathLineInput,
  field: LineField,
  reason: string,
): CashloopError {
  const where = `line ${index + 1} (${JSON.stringify(line.description)})`;
  return new CashloopError(code, `${where}: ${reason}`, {
    line: index + 1,
    field,
    value: String(line[field]),
  });
}

function categoryOf(rule: TaxRule): LineTaxCategory {
  if (rule.exempt) return "E";
  return rule.zeroRated ? "Z" : "S";
}

function checkRule(rule: TaxRule, index: number, line: MathLineInput): void {
  const rateOk =
    Number.isSafeInteger(rule.rateBps) && rule.rateBps >= 0 && rule.rateBps <= taxRateBpsMax;
  let reason: string | undefined;
  if (!rateOk) reason = `rate ${String(rule.rateBps)} bps is not 0 to ${taxRateBpsMax}`;
  else if (rule.exempt && rule.zeroRated) reason = "is both exempt and zero-rated";
  else if ((rule.exempt || rule.zeroRated) && rule.rateBps !== 0) {
    reason = `is ${rule.exempt ? "exempt" : "zero-rated"} but has rate ${rule.rateBps} bps`;
  }
  if (reason !== undefined) {
    throw lineError("tax_rule_invalid", index, line, "taxCode", `tax code ${rule.code} ${reason}`);
  }
}

/** The discount to subtract from gross, with gross's sign and never larger than gross. */
function discountOf(gross: Money, line: MathLineInput, index: number): Money {
  const { discountBps, discountMinor } = line;
  if (discountBps !== undefined && discountMinor !== undefined) {
    throw lineError(
      "discount_invalid",
      index,
      line,
      "discountMinor",
      "has both a discount rate and an amount",
    );
  }
  if (discountBps !== undefined) {
    if (!Number.isSafeInteger(discountBps) || discountBps < 0 || discountBps > 10_000) {
      throw lineError(
        "discount_invalid",
        index,
        line,
        "discountBps",
        `discount ${discountBps} bps not 0–10000`,
      );
    }
    return applyRate(gross, discountBps);
  }
  if (discountMinor === undefined) return money(0, gross.currency);
  if (!Number.isSafeInteger(discountMinor) || discountMinor < 0) {
    throw lineError(
      "discount_invalid",
      index,
      line,
      "discountMinor",
      `discount ${discountMinor} is not ≥ 0`,
    );
  }
  const capped = Math.min(discountMinor, Math.abs(gross.amountMinor));
  const discount = money(capped, gross.currency);
  return gross.amountMinor < 0 ? negate(discount) : discount;
}

/** quantity × unit price, half-up; a bad quantity or price names the line. */
function grossOf(currency: CurrencyCode, line: MathLineInput, index: number): Money {
  try {
    return multiplyByQuantity(money(line.unitPriceMinor, currency), line.quantity, "half_up");
  } catch (error) {
    if (!(error instanceof CashloopError)) throw error;
    const field = error.code === "quantity_invalid" ? "quantity" : "unitPriceMinor";
    throw lineError(error.code, index, line, field, error.message);
  }
}

function computeLine(
  currency: CurrencyCode,
  line: MathLineInput,
  index: number,
  taxRates: ReadonlyMap<string, TaxRule>,
): ComputedLine {
  const rule = taxRates.get(line.taxCode);
  if (!rule) {
    throw lineError("tax_code_unknown", index, line, "taxCode", `unknown tax code ${line.taxCode}`);
  }
  checkRule(rule, index, line);
  const gross = grossOf(currency, line, index);
  const discount = discountOf(gross, line, index);
  assert(Math.abs(discount.amountMinor) <= Math.abs(gross.amountMinor), "discount ≤ gross");
  const amount = subtract(gross, discount);
  const taxCategory = categoryOf(rule);
  const rateBps = taxCategory === "S" ? rule.rateBps : 0;
  let net: Money;
  let tax: Money;
  if (rule.inclusive) {
    // The amount includes tax: net = amount × 10000 / (10000 + rate), half-up; tax is the rest.
    net = multiplyByFraction(amount, 10_000, 10_000 + rateBps, "half_up");
    tax = subtract(amount, net);
  } else {
    net = amount;
    tax = applyRate(net, rateBps, "half_up");
  }
  const total = sum(currency, [net, tax]);
  assert(
    !rule.inclusive || total.amountMinor === amount.amountMinor,
    "inclusive: net + tax = amount",
  );
  assert(taxCategory === "S" || tax.amountMinor === 0, "exempt and zero-rated lines carry no tax");
  return {
    ...line,
    grossMinor: gross.amountMinor,
    discountAppliedMinor: discount.amountMinor,
    netMinor: net.amountMinor,
    taxMinor: tax.amountMinor,
    totalMinor: total.amountMinor,
    taxRateBps: rateBps,
    taxCategory,
  };
}

const categoryOrder: Record<LineTaxCategory, number> = { S: 0, Z: 1, E: 2 };

function compareRows(a: TaxBreakdownRow, b: TaxBreakdownRow): number {
  return (
    categoryOrder[a.taxCategory] - categoryOrder[b.taxCategory] ||
    b.taxRateBps - a.taxRateBps ||
    (a.taxCode < b.taxCode ? -1 : a.taxCode > b.taxCode ? 1 : 0)
  );
}

/**
 * Groups lines by (tax code, rate) and sums their rounded nets and taxes. EN 16931 BR-CO-14 wants
 * the breakdown's tax (Σ BT-117) to equal the invoice's total tax (BT-110); summing the already
 * rounded line taxes, instead of re-applying each rate to its taxable base, guarantees that.
 */
function breakdownOf(currency: CurrencyCode, lines: readonly ComputedLine[]): TaxBreakdownRow[] {
  const groups = new Map<string, ComputedLine[]>();
  for (const line of lines) {
    const key = JSON.stringify([line.taxCode, line.taxRateBps]);
    const group = groups.get(key);
    if (group) group.push(line);
    else groups.set(key, [line]);
  }
  const rows = [...groups.values()].map((group): TaxBreakdownRow => {
    const first = group[0];
    assert(first !== undefined, "a breakdown group has a line");
    return {
      taxCode: first.taxCode,
      taxCategory: first.taxCategory,
      taxRateBps: first.taxRateBps,
      taxableMinor: sum(
        currency,
        group.map((l) => money(l.netMinor, currency)),
      ).amountMinor,
      taxMinor: sum(
        currency,
        group.map((l) => money(l.taxMinor, currency)),
      ).amountMinor,
    };
  });
  return rows.sort(compareRows);
}

/** Prices every line and derives the totals from the rounded lines. */
export function computeInvoice(input: {
  currency: CurrencyCode;
  lines: MathLineInput[];
  taxRates: ReadonlyMap<string, TaxRule>;
}): InvoiceTotals {
  const { currency, taxRates } = input;
  if (input.lines.length > invoiceLinesMax) {
    throw new CashloopError(
      "invoice_lines_too_many",
      `an invoice may have at most ${invoiceLinesMax} lines, got ${input.lines.length}`,
    );
  }
  const lines = input.lines.map((line, index) => computeLine(currency, line, index, taxRates));
  const subtotal = sum(
    currency,
    lines.map((l) => money(l.netMinor, currency)),
  );
  const tax = sum(
    currency,
    lines.map((l) => money(l.taxMinor, currency)),
  );
  const total = sum(currency, [subtotal, tax]);
  const taxBreakdown = breakdownOf(currency, lines);
  const breakdownTaxable = sum(
    currency,
    taxBreakdown.map((r) => money(r.taxableMinor, currency)),
  );
  const breakdownTax = sum(
    currency,
    taxBreakdown.map((r) => money(r.taxMinor, currency)),
  );
  assert(breakdownTaxable.amountMinor === subtotal.amountMinor, "Σ breakdown taxable = subtotal");
  assert(breakdownTax.amountMinor === tax.amountMinor, "Σ breakdown tax = total tax (BR-CO-14)");
  return {
    lines,
    subtotalMinor: subtotal.amountMinor,
    taxMinor: tax.amountMinor,
    totalMinor: total.amountMinor,
    taxBreakdown,
  };
}
