/**
 * Money as an integer count of minor units in one ISO 4217 currency. Every operation checks the
 * currency, keeps amounts safe integers, and rounds at most once, by a named mode, through
 * `divideRounded`. No floats, no I/O.
 */
import { CURRENCY_EXPONENTS } from "./currencies.js";
import {
  amountInvalid,
  type Decimal,
  decimalFromNumber,
  delocalizeDecimal,
  divideRounded,
  parseDecimal,
  parseDecimalToMinor,
  pow10,
  type RoundingMode,
  toCommonScale,
} from "./decimal.js";
import { CashloopError } from "./errors.js";

export { divideRounded, parseDecimalToMinor, type RoundingMode } from "./decimal.js";

export type CurrencyCode = string & { readonly __brand: "CurrencyCode" };
export type Money = { readonly amountMinor: number; readonly currency: CurrencyCode };

/** The most parts one allocation may produce. */
export const allocationPartsMax = 100_000;

const safeMax = BigInt(Number.MAX_SAFE_INTEGER);

export function isCurrencyCode(s: string): s is CurrencyCode {
  return typeof s === "string" && Object.hasOwn(CURRENCY_EXPONENTS, s);
}

export function asCurrencyCode(s: string): CurrencyCode {
  if (!isCurrencyCode(s)) {
    throw new CashloopError("currency_unknown", `unknown currency code ${JSON.stringify(s)}`, {
      value: String(s),
    });
  }
  return s;
}

export function currencyExponent(c: CurrencyCode): number {
  const exponent = CURRENCY_EXPONENTS[asCurrencyCode(c)];
  if (exponent === undefined) throw new CashloopError("currency_unknown", `unknown currency ${c}`);
  return exponent;
}

export function money(amountMinor: number, currency: CurrencyCode | string): Money {
  if (!Number.isSafeInteger(amountMinor)) {
    throw new CashloopError(
      "amount_not_safe_integer",
      `amount ${String(amountMinor)} is not a safe integer count of minor units`,
      { value: String(amountMinor) },
    );
  }
  return { amountMinor: amountMinor + 0, currency: asCurrencyCode(currency) }; // + 0 turns -0 into 0
}

/** A computed amount back to Money; amounts past ±(2^53 − 1) throw `amount_overflow`. */
function fromBig(amountMinor: bigint, currency: CurrencyCode): Money {
  if (amountMinor > safeMax || amountMinor < -safeMax) {
    throw new CashloopError(
      "amount_overflow",
      `amount ${amountMinor} ${currency} is beyond the safe integer range`,
      { value: amountMinor.toString() },
    );
  }
  return money(Number(amountMinor), currency);
}

function assertSameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    throw new CashloopError(
      "currency_mismatch",
      `cannot combine ${a.currency} with ${b.currency}`,
      { left: a.currency, right: b.currency },
    );
  }
}

export function zero(currency: CurrencyCode | string): Money {
  return money(0, currency);
}

export function add(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return fromBig(BigInt(a.amountMinor) + BigInt(b.amountMinor), a.currency);
}

export function subtract(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return fromBig(BigInt(a.amountMinor) - BigInt(b.amountMinor), a.currency);
}

export function negate(m: Money): Money {
  return money(-m.amountMinor, m.currency);
}

/** Sum of items, all in `currency`; an empty list is zero. */
export function sum(currency: CurrencyCode | string, items: readonly Money[]): Money {
  const total = zero(currency);
  let amountMinor = 0n;
  for (const item of items) {
    assertSameCurrency(total, item);
    amountMinor += BigInt(item.amountMinor);
  }
  return fromBig(amountMinor, total.currency);
}

export function isZero(m: Money): boolean {
  return m.amountMinor === 0;
}

export function compare(a: Money, b: Money): -1 | 0 | 1 {
  assertSameCurrency(a, b);
  if (a.amountMinor === b.amountMinor) return 0;
  return a.amountMinor < b.amountMinor ? -1 : 1;
}

export function equals(a: Money, b: Money): boolean {
  return compare(a, b) === 0;
}

function assertSafeIntegerArgument(n: number, what: string, code: string): void {
  if (!Number.isSafeInteger(n)) {
    throw new CashloopError(code, `${what} must be a safe integer, got ${String(n)}`, {
      value: String(n),
    });
  }
}

function parseQuantity(quantity: string | number): Decimal {
  if (typeof quantity === "number") {
    assertSafeIntegerArgument(quantity, "a numeric quantity", "quantity_invalid");
    return { units: BigInt(quantity), scale: 0 };
  }
  const parsed = typeof quantity === "string" ? parseDecimal(quantity) : undefined;
  if (!parsed) {
    throw new CashloopError(
      "quantity_invalid",
      `quantity ${JSON.stringify(quantity)} is not a decimal`,
      {
        value: String(quantity),
      },
    );
  }
  return parsed;
}

/** m × quantity, computed exactly, rounded once. Quantity: "1.5", "-2", "0.333" or a safe integer. */
export function multiplyByQuantity(
  m: Money,
  quantity: string | number,
  mode: RoundingMode = "half_up",
): Money {
  const q = parseQuantity(quantity);
  return fromBig(divideRounded(BigInt(m.amountMinor) * q.units, pow10(q.scale), mode), m.currency);
}

/** m × rateBps / 10000, rounded once; 1600 bps is 16 %. */
export function applyRate(m: Money, rateBps: number, mode: RoundingMode = "half_up"): Money {
  assertSafeIntegerArgument(rateBps, "rateBps", "rate_invalid");
  return fromBig(divideRounded(BigInt(m.amountMinor) * BigInt(rateBps), 10_000n, mode), m.currency);
}

/** m × numerator / denominator, rounded once (proration: price × days / daysInPeriod). */
export function multiplyByFraction(
  m: Money,
  numerator: number,
  denominator: number,
  mode: RoundingMode = "half_up",
): Money {
  assertSafeIntegerArgument(numerator, "numerator", "fraction_invalid");
  assertSafeIntegerArgument(denominator, "denominator", "fraction_invalid");
  if (denominator <= 0) {
    throw new CashloopError("fraction_invalid", `denominator must be > 0, got ${denominator}`);
  }
  const product = BigInt(m.amountMinor) * BigInt(numerator);
  return fromBig(divideRounded(product, BigInt(denominator), mode), m.currency);
}

function weightsInvalid(reason: string): CashloopError {
  return new CashloopError("allocation_weights_invalid", `allocation weights invalid: ${reason}`);
}

function exactWeights(weights: readonly number[]): bigint[] {
  if (!Array.isArray(weights) || weights.length === 0) throw weightsInvalid("no weights");
  if (weights.length > allocationPartsMax) {
    throw weightsInvalid(`${weights.length} parts, more than ${allocationPartsMax}`);
  }
  const decimals = weights.map((w) => {
    const d = typeof w === "number" && w >= 0 ? decimalFromNumber(w) : undefined;
    if (!d) throw weightsInvalid(`${String(w)} is not a finite number >= 0`);
    return d;
  });
  const { units } = toCommonScale(decimals);
  if (!units.some((u) => u > 0n)) throw weightsInvalid("every weight is zero");
  return units;
}

/**
 * Splits total in proportion to weights by largest remainder: each part is the floor of its
 * exact share, and the leftover minor units go one each to the largest remainders (ties: earlier
 * index). Parts always sum to total and each is within one minor unit of its exact share.
 * A negative total is split as its absolute value, then negated.
 */
export function allocate(total: Money, weights: readonly number[]): Money[] {
  const units = exactWeights(weights);
  const weightSum = units.reduce((s, u) => s + u, 0n);
  const totalAbs = BigInt(Math.abs(total.amountMinor));
  const parts = units.map((u) => (totalAbs * u) / weightSum);
  const remainders = units.map((u) => (totalAbs * u) % weightSum);
  let leftover = totalAbs - parts.reduce((s, p) => s + p, 0n);
  const order = remainders
    .map((remainder, index) => ({ remainder, index }))
    .sort((x, y) =>
      x.remainder === y.remainder ? x.index - y.index : x.remainder > y.remainder ? -1 : 1,
    );
  for (const { index } of order) {
    if (leftover === 0n) break;
    parts[index] = (parts[index] ?? 0n) + 1n;
    leftover -= 1n;
  }
  const sign = total.amountMinor < 0 ? -1n : 1n;
  return parts.map((p) => fromBig(sign * p, total.currency));
}

/** Splits total into n parts that differ by at most one minor unit, larger parts first. */
export function allocateEvenly(total: Money, n: number): Money[] {
  if (!Number.isSafeInteger(n) || n < 1 || n > allocationPartsMax) {
    throw weightsInvalid(`cannot split into ${String(n)} parts`);
  }
  return allocate(total, new Array<number>(n).fill(1));
}

/** "1234.50" EUR → 123450 minor units. See parseDecimalToMinor. */
export function parseMoney(text: string, currency: CurrencyCode | string): Money {
  const code = asCurrencyCode(currency);
  return money(parseDecimalToMinor(text, currencyExponent(code)), code);
}

/** Bank-file amounts: "1.234,56" with decimalSeparator "," or "1,234.56" with ".". */
export function parseLocalizedAmount(
  text: string,
  currency: CurrencyCode | string,
  options: { decimalSeparator: "." | "," },
): Money {
  const plain =
    typeof text === "string" ? delocalizeDecimal(text, options.decimalSeparator) : undefined;
  if (plain === undefined) throw amountInvalid(text);
  return parseMoney(plain, currency);
}

/** 123450 EUR → "1234.50"; -5 USD → "-0.05"; 1234 JPY → "1234"; 1234 KWD → "1.234". */
export function toDecimalString(m: Money): string {
  const exponent = currencyExponent(m.currency);
  const digits = Math.abs(m.amountMinor)
    .toString()
    .padStart(exponent + 1, "0");
  const sign = m.amountMinor < 0 ? "-" : "";
  if (exponent === 0) return `${sign}${digits}`;
  const cut = digits.length - exponent;
  return `${sign}${digits.slice(0, cut)}.${digits.slice(cut)}`;
}

/** 1250 EUR → "12.50 EUR": the plain decimal and the code, as reasons and audit texts show money. */
export function moneyText(amountMinor: number, currency: CurrencyCode | string): string {
  return `${toDecimalString(money(amountMinor, currency))} ${currency}`;
}

/** Locale-formatted with exactly the currency's ISO 4217 decimals, from the exact decimal. */
export function formatMoney(m: Money, locale: string): string {
  const exponent = currencyExponent(m.currency);
  let format: Intl.NumberFormat;
  try {
    format = new Intl.NumberFormat(locale, {
      style: "currency",
      currency: m.currency,
      minimumFractionDigits: exponent,
      maximumFractionDigits: exponent,
    });
  } catch {
    throw new CashloopError("locale_invalid", `invalid locale ${JSON.stringify(locale)}`, {
      value: String(locale),
    });
  }
  return format.format(toDecimalString(m) as `${number}`);
}

/** An amount read from the database (number, bigint or integer text) → a safe integer. */
export function assertSafeAmount(n: unknown, what: string): number {
  let big: bigint | undefined;
  if (typeof n === "number" && Number.isSafeInteger(n)) big = BigInt(n);
  else if (typeof n === "bigint") big = n;
  else if (typeof n === "string" && /^[+-]?\d{1,40}$/.test(n)) big = BigInt(n);
  if (big === undefined || big > safeMax || big < -safeMax) {
    throw new CashloopError(
      "amount_not_safe_integer",
      `${what}: ${String(n)} is not a safe integer amount`,
      { field: what, value: String(n) },
    );
  }
  return Number(big) + 0;
}
