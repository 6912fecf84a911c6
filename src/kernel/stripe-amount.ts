/**
 * Stripe's amounts ↔ ISO 4217 minor units, both ways, following Stripe's published currency
 * rules (docs.stripe.com/currencies). Pure.
 *
 * - Zero-decimal in Stripe: the amount in whole units. All match ISO 4217 except MGA (ISO: 2
 *   decimals), which Stripe takes in whole ariary, so only whole amounts can be sent.
 * - ISK and UGX are zero-decimal but, for backwards compatibility, Stripe takes them in a
 *   two-decimal representation whose decimals are always 00 (5 ISK is sent as 500).
 * - Three-decimal (BHD, JOD, KWD, OMR, TND): ISO minor units, but the last digit must be 0.
 * - HUF and TWD charge with two decimals (only payouts must be divisible by 100): ISO units.
 * - Everything else Stripe reads as two-decimal. A currency whose ISO scale is not 2 and which
 *   Stripe does not list (IQD, LYD, UYI, CLF, UYW) is refused: Stripe would misread its scale.
 *
 * `toStripeAmount` is what a payment link sends; `fromStripeAmount` reads what Stripe sends back
 * (webhook events, balance transactions), signed amounts too.
 */
import { type CurrencyCode, currencyExponent, isCurrencyCode, moneyText } from "./money.js";
import { err, ok, type Result } from "./result.js";

export const STRIPE_ZERO_DECIMAL: ReadonlySet<string> = new Set([
  "BIF",
  "CLP",
  "DJF",
  "GNF",
  "JPY",
  "KMF",
  "KRW",
  "MGA",
  "PYG",
  "RWF",
  "UGX",
  "VND",
  "VUV",
  "XAF",
  "XOF",
  "XPF",
]);
/** Zero-decimal, yet sent ×100 ("two-decimal representation", decimals always 00). */
export const STRIPE_ZERO_DECIMAL_SENT_AS_TWO: ReadonlySet<string> = new Set(["ISK", "UGX"]);
export const STRIPE_THREE_DECIMAL: ReadonlySet<string> = new Set([
  "BHD",
  "JOD",
  "KWD",
  "OMR",
  "TND",
]);

export type StripeAmountError = {
  code: "currency_not_supported" | "amount_invalid" | "amount_not_representable";
  message: string;
};

/** How many decimals Stripe's integer carries for `currency`; null when Stripe's scale is unknown. */
function stripeScale(currency: string, isoScale: number): number | null {
  if (STRIPE_ZERO_DECIMAL_SENT_AS_TWO.has(currency)) return 2;
  if (STRIPE_ZERO_DECIMAL.has(currency)) return 0;
  if (STRIPE_THREE_DECIMAL.has(currency)) return 3;
  return isoScale === 2 ? 2 : null;
}

export function toStripeAmount(
  amountMinor: number,
  currency: CurrencyCode,
): Result<number, StripeAmountError> {
  if (!isCurrencyCode(currency)) {
    return err({ code: "currency_not_supported", message: `unknown currency ${currency}` });
  }
  if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0) {
    return err({
      code: "amount_invalid",
      message: `a payment link needs a positive whole amount of minor units, got ${amountMinor} ${currency}`,
    });
  }
  const isoScale = currencyExponent(currency);
  const scale = stripeScale(currency, isoScale);
  const shown = moneyText(amountMinor, currency);
  if (scale === null) {
    return err({
      code: "currency_not_supported",
      message: `Stripe does not publish how it reads ${currency} amounts (ISO 4217 scale ${isoScale}); not sending ${shown}`,
    });
  }

  let amount: number;
  if (scale >= isoScale) {
    amount = amountMinor * 10 ** (scale - isoScale);
  } else {
    const factor = 10 ** (isoScale - scale);
    if (amountMinor % factor !== 0) {
      return err({
        code: "amount_not_representable",
        message: `Stripe takes ${currency} in whole units only; ${shown} has a fraction`,
      });
    }
    amount = amountMinor / factor;
  }
  if (!Number.isSafeInteger(amount)) {
    return err({ code: "amount_not_representable", message: `${shown} is too large for Stripe` });
  }
  if (STRIPE_THREE_DECIMAL.has(currency) && amount % 10 !== 0) {
    return err({
      code: "amount_not_representable",
      message: `Stripe takes ${currency} only with a last decimal of 0; ${shown} must be rounded to a multiple of 0.010 first`,
    });
  }
  return ok(amount);
}

/** Stripe's integer for `currency` → ISO 4217 minor units (signed amounts too). */
export function fromStripeAmount(amount: number, currency: CurrencyCode): Result<number, string> {
  const isoScale = currencyExponent(currency);
  const scale = stripeScale(currency, isoScale);
  if (scale === null) return err(`Stripe does not publish how it reads ${currency} amounts`);
  if (scale <= isoScale) {
    const minor = amount * 10 ** (isoScale - scale);
    return Number.isSafeInteger(minor) ? ok(minor) : err(`${amount} is too large`);
  }
  const factor = 10 ** (scale - isoScale);
  if (amount % factor !== 0) {
    return err(`${amount} is not a whole number of ${currency} (Stripe sends it ×${factor})`);
  }
  return ok(amount / factor + 0);
}
