/**
 * Stripe's webhook events and balance-transaction lists, read into plain data. Pure: no I/O, no
 * clock (Stripe's unix timestamps are converted; the caller stamps when it received them).
 *
 * Read: `charge.succeeded` and `charge.refunded` (a charge), `payout.paid` (a payout), and a
 * list of balance transactions (`GET /v1/balance_transactions?payout=po_…`: what a payout
 * carried — `payout.paid` does not say). Every other event type (`payout.created` too) is
 * accepted as `ignored`, so it is recorded and never retried. A malformed payload is refused
 * with a `CashloopError` naming the field.
 *
 * Amounts: Stripe sends integers in its own scale for the currency, which is ISO 4217's minor
 * unit except for a few currencies (the same table as delivery/payment-links/stripe-amount.ts,
 * read the other way): ISK and UGX come ×100, MGA in whole ariary. Currencies come lower-case
 * and are returned as upper-case ISO codes.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { type CalendarDate, type Instant, instantFromMs } from "../kernel/dates.js";
import { CashloopError } from "../kernel/errors.js";
import { type CurrencyCode, currencyExponent, isCurrencyCode } from "../kernel/money.js";
import { err, ok, type Result } from "../kernel/result.js";

export const STRIPE = "stripe";

export type StripeCharge = {
  id: string;
  paymentIntentId: string | null;
  /** ISO minor units of `currency`. */
  amount: number;
  amountRefunded: number;
  currency: CurrencyCode;
  createdAt: Instant;
  method: "card" | "other";
  /** Our Checkout metadata (on the charge, or on its expanded PaymentIntent). */
  orgId: string | null;
  invoiceId: string | null;
  invoiceNumber: string | null;
  balanceTransactionId: string | null;
  /** Known only when the balance transaction is expanded in the payload. */
  fee: number | null;
  net: number | null;
};

export type StripePayout = {
  id: string;
  amount: number;
  currency: CurrencyCode;
  /** Stripe's arrival date: midnight UTC of the expected day. */
  arrivalDate: CalendarDate;
  stripeStatus: string;
};

export type StripeBalanceTransaction = {
  id: string;
  type: string;
  /** The charge, refund, payout… it stems from (`ch_…`, `re_…`, `po_…`). */
  sourceId: string | null;
  /** Signed as Stripe signs it: charges positive, refunds and payouts negative. */
  amount: number;
  fee: number;
  net: number;
  currency: CurrencyCode;
  createdAt: Instant;
};

type EventHead = {
  /** Stripe's `evt_…`, or `local_<hash of the payload>` when the payload carries none. */
  id: string;
  type: string;
};

export type StripeEvent =
  | (EventHead & { kind: "charge_succeeded"; charge: StripeCharge })
  | (EventHead & { kind: "charge_refunded"; charge: StripeCharge })
  | (EventHead & { kind: "payout_paid"; payout: StripePayout })
  | (EventHead & { kind: "ignored"; objectId: string | null });

export type StripeBalanceTransactionList = EventHead & {
  kind: "balance_transactions";
  type: "balance_transactions";
  payoutId: string;
  /** Without the payout's own transaction (type `payout`). */
  transactions: StripeBalanceTransaction[];
  /** Stripe pages lists: the rest must be fetched (`starting_after`) and ingested too. */
  hasMore: boolean;
};

export type StripeInput = StripeEvent | StripeBalanceTransactionList;

// ---- amounts -----------------------------------------------------------------------------

const ZERO_DECIMAL = new Set([
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
const ZERO_DECIMAL_SENT_AS_TWO = new Set(["ISK", "UGX"]);
const THREE_DECIMAL = new Set(["BHD", "JOD", "KWD", "OMR", "TND"]);

function stripeScale(currency: string, isoScale: number): number | null {
  if (ZERO_DECIMAL_SENT_AS_TWO.has(currency)) return 2;
  if (ZERO_DECIMAL.has(currency)) return 0;
  if (THREE_DECIMAL.has(currency)) return 3;
  return isoScale === 2 ? 2 : null;
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

// ---- schemas -----------------------------------------------------------------------------

const stripeId = z.string().min(1).max(255);
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

const eventSchema = z.object({
  id: stripeId.optional(),
  object: z.literal("event").optional(),
  type: z.string().min(1).max(200),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});

const listSchema = z.object({
  object: z.literal("list"),
  data: z.array(z.unknown()),
  has_more: z.boolean().optional(),
  url: z.string().optional(),
  /** Not Stripe's: a list saved with the payout it was fetched for. */
  payout: stripeId.optional(),
});

// ---- readers -----------------------------------------------------------------------------

function invalid(where: string, field: string, problem: string): CashloopError {
  const at = [where, field].filter((s) => s !== "").join(".");
  return new CashloopError("stripe_event_invalid", `${at}: ${problem}`, { field: at });
}

function parse<T extends z.ZodType>(schema: T, value: unknown, where: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const [issue] = parsed.error.issues;
  throw invalid(where, issue?.path.join(".") ?? "", issue?.message ?? "invalid");
}

function isoCurrency(code: string, where: string): CurrencyCode {
  const upper = code.toUpperCase();
  if (!isCurrencyCode(upper)) throw invalid(where, "currency", `unknown currency ${code}`);
  return upper;
}

function minor(amount: number, code: CurrencyCode, where: string, field: string): number {
  const converted = fromStripeAmount(amount, code);
  if (!converted.ok) throw invalid(where, field, converted.error);
  return converted.value;
}

const fromUnix = (seconds: number): Instant => instantFromMs(seconds * 1000);
const idOf = (value: string | { id: string } | null | undefined): string | null =>
  value == null ? null : typeof value === "string" ? value : value.id;
const text = (meta: Record<string, unknown> | null | undefined, key: string): string | null => {
  const value = meta?.[key];
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
};

function readCharge(value: unknown, where: string): StripeCharge {
  const c = parse(chargeSchema, value, where);
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

function readPayout(value: unknown, where: string): StripePayout {
  const p = parse(payoutSchema, value, where);
  const code = isoCurrency(p.currency, where);
  return {
    id: p.id,
    amount: minor(p.amount, code, where, "amount"),
    currency: code,
    arrivalDate: fromUnix(p.arrival_date).slice(0, 10) as CalendarDate,
    stripeStatus: p.status ?? "paid",
  };
}

function readBalanceTransaction(value: unknown, where: string): StripeBalanceTransaction {
  const t = parse(balanceTransactionSchema, value, where);
  if (t.net !== t.amount - t.fee) {
    throw invalid(where, "net", `expected amount − fee (${t.amount - t.fee}), got ${t.net}`);
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

function payloadId(value: unknown, salt = ""): string {
  const hash = createHash("sha256")
    .update(salt)
    .update(JSON.stringify(value) ?? "")
    .digest("hex");
  return `local_${hash.slice(0, 32)}`;
}

/** One webhook event (`{"object":"event","type":…,"data":{"object":…}}`). */
export function readStripeEvent(value: unknown, where = "event"): StripeEvent {
  const e = parse(eventSchema, value, where);
  const head = { id: e.id ?? payloadId(value), type: e.type };
  const object = e.data.object;
  const at = `${where}.data.object`;
  switch (e.type) {
    case "charge.succeeded":
      return { ...head, kind: "charge_succeeded", charge: readCharge(object, at) };
    case "charge.refunded":
      return { ...head, kind: "charge_refunded", charge: readCharge(object, at) };
    case "payout.paid":
      return { ...head, kind: "payout_paid", payout: readPayout(object, at) };
    default:
      return {
        ...head,
        kind: "ignored",
        objectId: typeof object.id === "string" ? object.id : null,
      };
  }
}

function payoutFromUrl(url: string | undefined): string | null {
  const query = url?.split("?")[1];
  return query ? new URLSearchParams(query).get("payout") : null;
}

/**
 * A page of `GET /v1/balance_transactions?payout=po_…`. The payout is the one named by the
 * caller, by the list (`payout`, or the query of its `url`), or by the payout's own transaction
 * in the list; they must agree.
 */
export function readBalanceTransactions(
  value: unknown,
  where = "list",
  payoutId?: string,
): StripeBalanceTransactionList {
  const list = parse(listSchema, value, where);
  const all = list.data.map((t, i) => readBalanceTransaction(t, `${where}.data.${i}`));
  const own = [...new Set(all.filter((t) => t.type === "payout").map((t) => t.sourceId))];
  const named = [payoutId, list.payout, payoutFromUrl(list.url), ...own].filter(
    (p): p is string => typeof p === "string" && p !== "",
  );
  const payout = named[0];
  if (!payout) {
    throw invalid(
      where,
      "payout",
      "the list names no payout: pass the payout id (po_…) it was fetched for",
    );
  }
  const other = named.find((p) => p !== payout);
  if (other) throw invalid(where, "payout", `the list is of payout ${other}, not ${payout}`);
  return {
    kind: "balance_transactions",
    type: "balance_transactions",
    id: payloadId(value, payout),
    payoutId: payout,
    transactions: all.filter((t) => t.type !== "payout"),
    hasMore: list.has_more ?? false,
  };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Whatever a file or a webhook holds: one event, an array of events (or of lists), a list of
 * events (`GET /v1/events`), or a list of balance transactions. Everything is read before
 * anything is used: one bad item refuses the whole input.
 */
export function readStripeInputs(
  value: unknown,
  options: { where?: string; payoutId?: string } = {},
): StripeInput[] {
  const where = options.where ?? "";
  const at = (suffix: string) => (where === "" ? suffix : `${where}${suffix}`);
  const one = (item: unknown, path: string): StripeInput[] => {
    if (!isObject(item)) {
      throw invalid(path, "", "expected an event, an array of events or a list");
    }
    if (item.object === "list") {
      const data = Array.isArray(item.data) ? item.data : [];
      if (data.length > 0 && data.every((d) => isObject(d) && d.object === "event")) {
        return data.map((d, i) => readStripeEvent(d, `${path}.data.${i}`));
      }
      if (data.length === 0 && !options.payoutId && typeof item.payout !== "string") {
        parse(listSchema, item, path);
        return [];
      }
      return [readBalanceTransactions(item, path, options.payoutId)];
    }
    return [readStripeEvent(item, path)];
  };
  if (Array.isArray(value)) return value.flatMap((item, i) => one(item, at(`[${i}]`)));
  return one(value, where === "" ? "event" : where);
}

export type PayoutTotals = {
  /** Gross charges (and payments). */
  charges: number;
  chargeCount: number;
  /** Every fee Stripe took on the payout's transactions. */
  fees: number;
  /** Refunds, as a positive amount. */
  refunds: number;
  /** Anything else (disputes, adjustments, Stripe's own fees), signed. */
  other: number;
  /** Σ net = charges − fees − refunds + other: what the payout should be. */
  net: number;
  transactions: number;
};

const CHARGE_TYPES = new Set(["charge", "payment"]);
const REFUND_TYPES = new Set(["refund", "payment_refund", "payment_failure_refund"]);

export const isChargeTransaction = (type: string): boolean => CHARGE_TYPES.has(type);

export function payoutTotals(
  transactions: readonly Pick<StripeBalanceTransaction, "type" | "amount" | "fee">[],
): PayoutTotals {
  const t: PayoutTotals = {
    charges: 0,
    chargeCount: 0,
    fees: 0,
    refunds: 0,
    other: 0,
    net: 0,
    transactions: 0,
  };
  for (const bt of transactions) {
    if (bt.type === "payout") continue;
    t.transactions++;
    t.fees += bt.fee;
    t.net += bt.amount - bt.fee;
    if (CHARGE_TYPES.has(bt.type)) {
      t.charges += bt.amount;
      t.chargeCount++;
    } else if (REFUND_TYPES.has(bt.type)) t.refunds -= bt.amount;
    else t.other += bt.amount;
  }
  return t;
}
