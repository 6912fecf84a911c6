/**
 * Exact decimal numbers and the one rounding primitive. Money code builds on this; nothing here
 * touches a float except to read the shortest decimal text of a number the caller passed in.
 */
import { CashloopError } from "./errors.js";

/** half_up and half_down are about ties (.5) only; up and down mean away from / toward zero. */
export type RoundingMode =
  | "half_up"
  | "half_even"
  | "half_down"
  | "up"
  | "down"
  | "ceiling"
  | "floor";

/** The value units / 10^scale, exactly. */
export type Decimal = { readonly units: bigint; readonly scale: number };

/** Longer decimal texts are rejected rather than parsed: nothing real needs more digits. */
export const decimalDigitsMax = 40;

const roundingModes: ReadonlySet<string> = new Set([
  "half_up",
  "half_even",
  "half_down",
  "up",
  "down",
  "ceiling",
  "floor",
]);

export function isRoundingMode(s: unknown): s is RoundingMode {
  return typeof s === "string" && roundingModes.has(s);
}

/**
 * numerator / denominator rounded to an integer by `mode`. The single place rounding happens:
 * every other money operation computes an exact fraction and calls this once.
 */
export function divideRounded(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
  if (denominator === 0n) throw new RangeError("divideRounded: denominator is zero");
  if (!isRoundingMode(mode)) throw new RangeError(`divideRounded: unknown rounding mode ${mode}`);
  const quotient = numerator / denominator; // truncated toward zero
  const remainder = numerator % denominator;
  if (remainder === 0n) return quotient;
  const negative = numerator < 0n !== denominator < 0n;
  const awayFromZero = negative ? quotient - 1n : quotient + 1n;
  const remainderTwice = (remainder < 0n ? -remainder : remainder) * 2n;
  const denominatorAbs = denominator < 0n ? -denominator : denominator;
  switch (mode) {
    case "down":
      return quotient;
    case "up":
      return awayFromZero;
    case "ceiling":
      return negative ? quotient : awayFromZero;
    case "floor":
      return negative ? awayFromZero : quotient;
    default: {
      if (remainderTwice > denominatorAbs) return awayFromZero;
      if (remainderTwice < denominatorAbs) return quotient;
      if (mode === "half_up") return awayFromZero;
      if (mode === "half_down") return quotient;
      return quotient % 2n === 0n ? quotient : awayFromZero; // half_even
    }
  }
}

export function pow10(exponent: number): bigint {
  return 10n ** BigInt(exponent);
}

const decimalPattern = /^([+-]?)(\d*)(?:\.(\d+))?$/;

/**
 * "1.5", "-0.333", "+2", ".5" → the exact decimal; anything else (exponents, spaces, commas,
 * "1.", "") → undefined. Never goes through a float.
 */
export function parseDecimal(text: string): Decimal | undefined {
  if (text.length > decimalDigitsMax + 2) return undefined;
  const match = decimalPattern.exec(text);
  if (!match) return undefined;
  const [, sign = "", whole = "", fraction = ""] = match;
  if (whole === "" && fraction === "") return undefined;
  const units = BigInt(`${whole}${fraction}` || "0");
  return { units: sign === "-" ? -units : units, scale: fraction.length };
}

/**
 * The exact decimal a finite number was written as (its shortest round-trip text, so 0.1 is
 * 1/10, not the binary fraction). Handles exponent notation (1e-7, 1e+21).
 */
export function decimalFromNumber(n: number): Decimal | undefined {
  if (!Number.isFinite(n)) return undefined;
  const [mantissa = "", exponentText = "0"] = String(n).split("e");
  const parsed = parseDecimal(mantissa);
  if (!parsed) return undefined;
  const scale = parsed.scale - Number(exponentText);
  if (scale >= 0) return { units: parsed.units, scale };
  return { units: parsed.units * pow10(-scale), scale: 0 };
}

/** Brings decimals to one common scale so their units can be compared and added. */
export function toCommonScale(values: readonly Decimal[]): { units: bigint[]; scale: number } {
  const scale = values.reduce((max, v) => Math.max(max, v.scale), 0);
  return { units: values.map((v) => v.units * pow10(scale - v.scale)), scale };
}

const safeIntegerMax = BigInt(Number.MAX_SAFE_INTEGER);

export function amountInvalid(text: string): CashloopError {
  return new CashloopError("amount_invalid", `${JSON.stringify(text)} is not a decimal amount`, {
    value: String(text),
  });
}

/**
 * "1234.5" with exponent 2 → 123450. Optional sign, "." as the decimal point, surrounding
 * whitespace ignored. Fraction digits past the exponent throw `amount_too_precise` unless they
 * are zeros ("1234.00" is a fine JPY amount). Never uses parseFloat.
 */
export function parseDecimalToMinor(text: string, exponent: number): number {
  if (!Number.isInteger(exponent) || exponent < 0 || exponent > 18) {
    throw new RangeError(`parseDecimalToMinor: exponent ${exponent} is not an integer in 0..18`);
  }
  const parsed = typeof text === "string" ? parseDecimal(text.trim()) : undefined;
  if (!parsed) throw amountInvalid(text);
  let units = parsed.units;
  if (parsed.scale > exponent) {
    const excess = pow10(parsed.scale - exponent);
    if (units % excess !== 0n) {
      throw new CashloopError(
        "amount_too_precise",
        `${JSON.stringify(text)} has more than ${exponent} decimal places`,
        { value: text },
      );
    }
    units /= excess;
  } else {
    units *= pow10(exponent - parsed.scale);
  }
  if (units > safeIntegerMax || units < -safeIntegerMax) {
    throw new CashloopError("amount_not_safe_integer", `${JSON.stringify(text)} is too large`, {
      value: text,
    });
  }
  return Number(units);
}

/** Characters banks use to group thousands: . , space ' no-break space, narrow no-break space. */
const groupingCharacters = /[.,' \u00a0\u202f]/g;

/**
 * "1.234,56" (decimal ",") or "1,234.56" / "1 234.56" / "1'234.56" (decimal ".") → "1234.56".
 * Grouping characters are only allowed before the decimal separator; returns undefined when the
 * text has two decimal separators or grouping inside the fraction. The result still has to be
 * parsed with `parseDecimal`.
 */
export function delocalizeDecimal(text: string, decimalSeparator: "." | ","): string | undefined {
  const pieces = text.trim().split(decimalSeparator);
  if (pieces.length > 2) return undefined;
  const [whole = "", fraction] = pieces;
  const wholeDigits = whole.replace(groupingCharacters, "");
  if (fraction === undefined) return wholeDigits;
  if (!/^\d+$/.test(fraction)) return undefined;
  return `${wholeDigits}.${fraction}`;
}
