import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CURRENCY_EXPONENTS } from "./currencies.js";
import { asCurrencyCode, type CurrencyCode } from "./money.js";
import {
  fromStripeAmount,
  STRIPE_THREE_DECIMAL,
  STRIPE_ZERO_DECIMAL,
  STRIPE_ZERO_DECIMAL_SENT_AS_TWO,
  toStripeAmount,
} from "./stripe-amount.js";

const convert = (amountMinor: number, currency: string) =>
  toStripeAmount(amountMinor, asCurrencyCode(currency));

describe("toStripeAmount", () => {
  it.each([
    ["USD", 1234, 1234],
    ["EUR", 1, 1],
    ["JPY", 5000, 5000],
    ["KRW", 1, 1],
    ["CLP", 990, 990],
    ["HUF", 123_456, 123_456], // charges take two decimals; only payouts need whole forints
    ["TWD", 1, 1],
    ["ISK", 5, 500], // zero-decimal, sent in the two-decimal representation
    ["UGX", 1000, 100_000],
    ["MGA", 50_000, 500], // ISO: 2 decimals; Stripe: whole ariary
    ["KWD", 1230, 1230],
    ["BHD", 10, 10],
    ["TND", 5120, 5120],
    ["USD", Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  ])("%s %i → %i", (currency, amountMinor, expected) => {
    expect(convert(amountMinor, currency)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ["KWD", 1235, "amount_not_representable", /last decimal of 0; 1\.235 KWD/],
    ["OMR", 1, "amount_not_representable", /0\.001 OMR/],
    ["JOD", 9, "amount_not_representable", /JOD/],
    ["MGA", 50_050, "amount_not_representable", /whole units only; 500\.50 MGA/],
    ["ISK", Number.MAX_SAFE_INTEGER, "amount_not_representable", /too large/],
    ["IQD", 1000, "currency_not_supported", /IQD/],
    ["LYD", 1000, "currency_not_supported", /LYD/],
    ["UYI", 1000, "currency_not_supported", /UYI/],
    ["CLF", 10_000, "currency_not_supported", /CLF/],
    ["USD", 0, "amount_invalid", /0 USD/],
    ["USD", -100, "amount_invalid", /-100 USD/],
    ["USD", 12.5, "amount_invalid", /12\.5 USD/],
    ["USD", Number.NaN, "amount_invalid", /NaN/],
  ])("%s %d is refused: %s", (currency, amountMinor, code, message) => {
    const result = convert(amountMinor, currency);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(code);
    expect(result.error.message).toMatch(message);
  });

  it("refuses a code that is not ISO 4217", () => {
    expect(toStripeAmount(100, "XXX" as ReturnType<typeof asCurrencyCode>)).toMatchObject({
      ok: false,
      error: { code: "currency_not_supported" },
    });
  });

  it("keeps the value: Stripe's integer read at Stripe's scale is the invoice amount", () => {
    const currencies = Object.keys(CURRENCY_EXPONENTS);
    fc.assert(
      fc.property(
        fc.constantFrom(...currencies),
        fc.integer({ min: 1, max: 1e12 }),
        (currency, amountMinor) => {
          const result = convert(amountMinor, currency);
          if (!result.ok) return;
          const iso = CURRENCY_EXPONENTS[currency] as number;
          const stripe = STRIPE_ZERO_DECIMAL_SENT_AS_TWO.has(currency)
            ? 2
            : STRIPE_ZERO_DECIMAL.has(currency)
              ? 0
              : STRIPE_THREE_DECIMAL.has(currency)
                ? 3
                : 2;
          // amountMinor / 10^iso === value / 10^stripe, in integers
          expect(BigInt(result.value) * 10n ** BigInt(iso)).toBe(
            BigInt(amountMinor) * 10n ** BigInt(stripe),
          );
        },
      ),
    );
  });

  it("passes every other two-decimal currency through unchanged", () => {
    const plain = Object.entries(CURRENCY_EXPONENTS)
      .filter(([code, exponent]) => exponent === 2 && !STRIPE_ZERO_DECIMAL.has(code))
      .map(([code]) => code);
    fc.assert(
      fc.property(fc.constantFrom(...plain), fc.integer({ min: 1, max: 1e12 }), (c, n) => {
        expect(convert(n, c)).toEqual({ ok: true, value: n });
      }),
    );
  });

  it("takes a three-decimal amount exactly when its last digit is 0", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...STRIPE_THREE_DECIMAL),
        fc.integer({ min: 1, max: 1e12 }),
        (c, n) => {
          expect(convert(n, c).ok).toBe(n % 10 === 0);
        },
      ),
    );
  });
});

describe("fromStripeAmount", () => {
  it("converts Stripe's integers to ISO minor units (zero-decimal, ×100 and three-decimal currencies)", () => {
    const c = (code: string) => code as CurrencyCode;
    expect(fromStripeAmount(500, c("JPY"))).toEqual({ ok: true, value: 500 });
    expect(fromStripeAmount(50_000, c("ISK"))).toEqual({ ok: true, value: 500 });
    expect(fromStripeAmount(-2_000, c("ISK"))).toEqual({ ok: true, value: -20 });
    expect(fromStripeAmount(5, c("MGA"))).toEqual({ ok: true, value: 500 });
    expect(fromStripeAmount(1_230, c("KWD"))).toEqual({ ok: true, value: 1_230 });
    expect(fromStripeAmount(550, c("ISK")).ok).toBe(false);
    expect(fromStripeAmount(100, c("IQD")).ok).toBe(false);
  });
});
