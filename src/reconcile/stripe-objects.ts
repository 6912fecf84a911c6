/**
 * Stripe's charge, payout and balance-transaction objects, checked and read into plain data.
 * Pure. A malformed object is refused with a `CashloopError` naming the field.
 *
 * Amounts: Stripe sends integers in its own scale for the currency, which is ISO 4217's minor
 * unit except for a few currencies (kernel/stripe-amount.ts): ISK and UGX come ×100, MGA in
 * whole ariary. Currencies come lower-case and are returned as upper-case ISO codes.
 */
import { z } from "zod";
import { type CalendarDate, type Instant, instantFromMs } from "../kernel/dates.js";
import { CashloopError } from "../kernel/errors.js";
import { type CurrencyCode, isCurrencyCode } from "../kernel/money.js";
import { fromStripeAmount } from "../kernel/stripe-amount.js";
import type { StripeBalanceTransaction, StripeCharge, StripePayout } from "./stripe-model.js";

/** A Stripe object id (`ch_…`, `po_…`, `evt_…`). */
export const stripeId = z.string().min(1).max(255);
const integer = z.number().int().min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);
const unixSeconds = z.number().int().min(0).max(253_402_300_799, "expected unix seconds");
const currency = z.string().regex(/^[A-Za-z]{3}$/, "expected a three-letter currency code");
const metadata = z.record(z.string(), z.unknown()).nullish();
const expandable = <T extends z.ZodType>(object: T) =>
  z.union([stripeId, object, z.null()]).optional();

const chargeSchema = z.object({
  id: stripeId,
  object: z.literal("charge").optional(),
  amount: integer.positive("expected a positive amount"),
  amount_refunded: integer.nonnegative().optional(),
  currency,
  created: unixSeconds,
  metadata,
  payment_intent: expandable(z.object({ id: stripeId, metadata })),
  balance_transaction: expandable(z.object({ id: stripeId, fee: integer, net: integer })),
  payment_method_details: z.object({ type: z.string() }).nullish(),
});

const payoutSchema = z.object({
  id: stripeId,
  object: z.literal("payout").optional(),
  amount: integer.positive("expected a positive amount"),
  currency,
  arrival_date: unixSeconds,
  status: z.string().optional(),
});

const balanceTransactionSchema = z.object({
  id: stripeId,
  object: z.literal("balance_transaction").optional(),
  amount: integer,
  fee: integer,
  net: integer,
  currency,
  type: z.string().min(1),
  source: expandable(z.object({ id: stripeId })),
  created: unixSeconds,
});

/** A refusal of a Stripe payload, naming the field (`where.field`). */
export function stripeInvalid(where: string, field: string, problem: string): CashloopError {
  const at = [where, field].filter((s) => s !== "").join(".");
  return new CashloopError("stripe_event_invalid", `${at}: ${problem}`, { field: at });
}

/** `value` checked against `schema`; its first issue is refused with {@link stripeInvalid}. */
export function parseStripe<T extends z.ZodType>(
  schema: T,
  value: unknown,
  where: string,
): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const [issue] = parsed.error.issues;
  throw stripeInvalid(where, issue?.path.join(".") ?? "", issue?.message ?? "invalid");
}

function isoCurrency(code: string, where: string): CurrencyCode {
  const upper = code.toUpperCase();
  if (!isCurrencyCode(upper)) throw stripeInvalid(where, "currency", `unknown currency ${code}`);
  return upper;
}

function minor(amount: number, code: CurrencyCode, where: string, field: string): number {
  const converted = fromStripeAmount(amount, code);
  if (!converted.ok) throw stripeInvalid(where, field, converted.error);
  return converted.value;
}

const fromUnix = (seconds: number): Instant => instantFromMs(seconds * 1000);
const idOf = (value: string | { id: string } | null | undefined): string | null =>
  value == null ? null : typeof value === "string" ? value : value.id;
const text = (meta: Record<string, unknown> | null | undefined, key: string): string | null => {
  const value = meta?.[key];
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
};

export function readCharge(value: unknown, where: string): StripeCharge {
  const c = parseStripe(chargeSchema, value, where);
  const code = isoCurrency(c.currency, where);
  const intent = typeof c.payment_intent === "object" ? c.payment_intent : null;
  const bt = typeof c.balance_transaction === "object" ? c.balance_transaction : null;
  // Our Checkout sessions put the invoice on the PaymentIntent; Stripe copies it to the charge.
  const meta = (key: string) => text(c.metadata, key) ?? text(intent?.metadata, key);
  const type = c.payment_method_details?.type;
  return {
    id: c.id,
    paymentIntentId: idOf(c.payment_intent),
    amount: minor(c.amount, code, where, "amount"),
    amountRefunded: minor(c.amount_refunded ?? 0, code, where, "amount_refunded"),
    currency: code,
    createdAt: fromUnix(c.created),
    method: type === undefined || type === "card" || type === "card_present" ? "card" : "other",
    orgId: meta("org_id"),
    invoiceId: meta("invoice_id"),
    invoiceNumber: meta("invoice_number"),
    balanceTransactionId: idOf(c.balance_transaction),
    fee: bt ? minor(bt.fee, code, where, "balance_transaction.fee") : null,
    net: bt ? minor(bt.net, code, where, "balance_transaction.net") : null,
  };
}

export function readPayout(value: unknown, where: string): StripePayout {
  const p = parseStripe(payoutSchema, value, where);
  const code = isoCurrency(p.currency, where);
  return {
    id: p.id,
    amount: minor(p.amount, code, where, "amount"),
    currency: code,
    arrivalDate: fromUnix(p.arrival_date).slice(0, 10) as CalendarDate,
    stripeStatus: p.status ?? "paid",
  };
}

export function readBalanceTransaction(value: unknown, where: string): StripeBalanceTransaction {
  const t = parseStripe(balanceTransactionSchema, value, where);
  if (t.net !== t.amount - t.fee) {
    throw stripeInvalid(where, "net", `expected amount − fee (${t.amount - t.fee}), got ${t.net}`);
  }
  const code = isoCurrency(t.currency, where);
  return {
    id: t.id,
    type: t.type,
    sourceId: idOf(t.source),
    amount: minor(t.amount, code, where, "amount"),
    fee: minor(t.fee, code, where, "fee"),
    net: minor(t.net, code, where, "net"),
    currency: code,
    createdAt: fromUnix(t.created),
  };
}
