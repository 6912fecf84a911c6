import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CURRENCY_EXPONENTS } from "./currencies.js";
import {
  assertSafeAmount,
  formatMoney,
  money,
  parseDecimalToMinor,
  parseLocalizedAmount,
  parseMoney,
  toDecimalString,
} from "./money.js";

const codes = Object.keys(CURRENCY_EXPONENTS);
const max = Number.MAX_SAFE_INTEGER;
const nbsp = "\u00a0";

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code ?? "no code";
  }
  return undefined;
}

describe("parseMoney, toDecimalString and formatMoney per exponent class", () => {
  // currency, text, minor units, canonical decimal string, en-US format
  it.each([
    ["JPY", "123456", 123456, "123456", "¥123,456"],
    ["JPY", "1234.00", 1234, "1234", "¥1,234"],
    ["JPY", "-5", -5, "-5", "-¥5"],
    ["USD", "1234.56", 123456, "1234.56", "$1,234.56"],
    ["USD", "1234.5", 123450, "1234.50", "$1,234.50"],
    ["USD", "-0.05", -5, "-0.05", "-$0.05"],
    ["USD", "+1", 100, "1.00", "$1.00"],
    ["USD", ".5", 50, "0.50", "$0.50"],
    ["USD", "0", 0, "0.00", "$0.00"],
    ["USD", "-0.00", 0, "0.00", "$0.00"],
    ["USD", "90071992547409.91", max, "90071992547409.91", "$90,071,992,547,409.91"],
    ["KWD", "1.234", 1234, "1.234", `KWD${nbsp}1.234`],
    ["KWD", "1234.567", 1234567, "1234.567", `KWD${nbsp}1,234.567`],
    ["KWD", "0.001", 1, "0.001", `KWD${nbsp}0.001`],
    ["CLF", "1.2345", 12345, "1.2345", `CLF${nbsp}1.2345`],
    ["CLF", "-0.0001", -1, "-0.0001", `-CLF${nbsp}0.0001`],
  ])("%s %j → %i → %j → %j", (currency, text, minor, decimal, formatted) => {
    const m = parseMoney(text, currency);
    expect(m).toEqual(money(minor, currency));
    expect(toDecimalString(m)).toBe(decimal);
    expect(formatMoney(m, "en-US")).toBe(formatted);
  });
  it.each([
    ["JPY", "1234.5"],
    ["USD", "1.234"],
    ["USD", "0.001"],
    ["KWD", "1.2345"],
    ["CLF", "1.23456"],
  ])("%s %j is too precise", (currency, text) => {
    expect(codeOf(() => parseMoney(text, currency))).toBe("amount_too_precise");
  });
  it.each(["", "-", ".", "1.", "1,234.50", "1e3", "abc", "--1", "1 000", "0x10", "½", "1.2.3"])(
    "%j is not an amount",
    (text) => {
      expect(codeOf(() => parseMoney(text, "USD"))).toBe("amount_invalid");
    },
  );
  it("rejects an unknown currency and amounts beyond the safe range", () => {
    expect(codeOf(() => parseMoney("1", "ZZZ"))).toBe("currency_unknown");
    expect(codeOf(() => parseMoney("90071992547409.92", "USD"))).toBe("amount_not_safe_integer");
    expect(codeOf(() => parseMoney("9".repeat(60), "USD"))).toBe("amount_invalid");
  });
  it("ignores surrounding whitespace", () => {
    expect(parseMoney(" 12.30\n", "EUR")).toEqual(money(1230, "EUR"));
  });
  it("parseDecimalToMinor works from a bare exponent", () => {
    expect(parseDecimalToMinor("1.5", 3)).toBe(1500);
    expect(() => parseDecimalToMinor("1.5", -1)).toThrow(RangeError);
  });
  it("round-trips every amount in every currency through its decimal string", () => {
    fc.assert(
      fc.property(fc.integer({ min: -max, max }), fc.constantFrom(...codes), (n, currency) => {
        const m = money(n, currency);
        expect(parseMoney(toDecimalString(m), currency)).toEqual(m);
      }),
    );
  });
  it.each([
    [123456, "USD", "en-US", "$1,234.56"],
    [123456, "JPY", "en-US", "¥123,456"],
    [123456, "MXN", "es-MX", "$1,234.56"],
    [-123456, "MXN", "es-MX", "-$1,234.56"],
    [123456, "USD", "es-MX", `USD${nbsp}1,234.56`],
    [123456, "EUR", "de-DE", `1.234,56${nbsp}€`],
    [1234567, "KWD", "de-DE", `1.234,567${nbsp}KWD`],
  ])("formatMoney(%i %s, %s) = %j", (n, currency, locale, expected) => {
    expect(formatMoney(money(n, currency), locale)).toBe(expected);
  });
  it("rejects an invalid locale", () => {
    expect(codeOf(() => formatMoney(money(1, "USD"), "not a locale!"))).toBe("locale_invalid");
  });
});

describe("parseLocalizedAmount", () => {
  it.each([
    ["1.234,56", ",", "EUR", 123456],
    ["-1.234.567,8", ",", "EUR", -123456780],
    ["1 234,56", ",", "EUR", 123456],
    [`1${nbsp}234,56`, ",", "EUR", 123456],
    ["1\u202f234,56", ",", "EUR", 123456],
    ["1.234", ",", "EUR", 123400],
    ["1,234.56", ".", "USD", 123456],
    ["1'234.56", ".", "CHF", 123456],
    ["1,234", ".", "JPY", 1234],
    ["12,345.678", ".", "KWD", 12345678],
    ["  -0,05 ", ",", "EUR", -5],
  ] as const)("%j with %j in %s → %i", (text, decimalSeparator, currency, minor) => {
    expect(parseLocalizedAmount(text, currency, { decimalSeparator })).toEqual(
      money(minor, currency),
    );
  });
  it.each([
    ["1,234,56", ","],
    ["1.234.56", "."],
    ["1.234,5 6", ","],
    ["1.234,5.6", ","],
    ["12 abc", "."],
  ] as const)("%j with %j is not an amount", (text, decimalSeparator) => {
    expect(codeOf(() => parseLocalizedAmount(text, "EUR", { decimalSeparator }))).toBe(
      "amount_invalid",
    );
  });
  it("still rejects extra precision", () => {
    const parse = () => parseLocalizedAmount("1.234,567", "EUR", { decimalSeparator: "," });
    expect(codeOf(parse)).toBe("amount_too_precise");
  });
});

describe("assertSafeAmount", () => {
  it.each([
    [123, 123],
    [-5n, -5],
    ["9007199254740991", max],
    ["-42", -42],
    [0n, 0],
  ])("%s → %i", (value, expected) => {
    expect(assertSafeAmount(value, "invoices.total_minor")).toBe(expected);
  });
  it.each([
    [2 ** 53],
    [1.5],
    [9007199254740992n],
    ["9007199254740992"],
    ["1.5"],
    [""],
    [null],
    [undefined],
    [{}],
  ])("rejects %s", (value) => {
    expect(codeOf(() => assertSafeAmount(value, "x"))).toBe("amount_not_safe_integer");
    expect(() => assertSafeAmount(value, "invoices.total_minor")).toThrow(/invoices\.total_minor/);
  });
});
