import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CashloopError } from "../kernel/errors.js";
import { readBalanceTransactions, readStripeEvent, readStripeInputs } from "./stripe-events.js";
import { payoutTotals } from "./stripe-payout-totals.js";

const corpora =
  process.env.CASHLOOP_CORPORA ?? join(import.meta.dirname, "..", "..", "..", "shared", "corpora");
const resource = (name: string): Record<string, unknown> =>
  JSON.parse(
    readFileSync(join(corpora, "stripe", "stripe-openapi", "resources", `${name}.json`), "utf8"),
  );
const event = (type: string, object: unknown, id?: string) => ({
  ...(id ? { id } : {}),
  object: "event",
  type,
  data: { object },
});

const charge = resource("charge");
const payout = resource("payout");
const balanceTransaction = resource("balance_transaction");

/** The field a reader refused, from its CashloopError. */
function refusal(fn: () => unknown): { code: string; field: unknown; message: string } {
  try {
    fn();
  } catch (error) {
    if (error instanceof CashloopError) {
      return { code: error.code, field: error.details.field, message: error.message };
    }
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("Stripe event readers (corpus fixtures)", () => {
  it("reads charge.succeeded with our Checkout metadata on the charge", () => {
    const e = readStripeEvent(
      event(
        "charge.succeeded",
        { ...charge, metadata: { org_id: "org_1", invoice_id: "inv_1", invoice_number: "INV-7" } },
        "evt_1",
      ),
    );
    expect(e.kind).toBe("charge_succeeded");
    if (e.kind !== "charge_succeeded") return;
    expect(e).toMatchObject({ id: "evt_1", type: "charge.succeeded" });
    expect(e.charge).toEqual({
      id: "ch_1PgafuB7WZ01zgkWXYmPNZs8",
      paymentIntentId: null,
      amount: 100,
      amountRefunded: 0,
      currency: "USD",
      createdAt: "2009-02-13T23:31:30.000Z",
      method: "card",
      orgId: "org_1",
      invoiceId: "inv_1",
      invoiceNumber: "INV-7",
      balanceTransactionId: "txn_1PgaxNB7WZ01zgkWEV3TLf40",
      fee: null,
      net: null,
    });
  });

  it("takes the invoice from an expanded PaymentIntent, and fee and net from an expanded balance transaction", () => {
    const e = readStripeEvent(
      event("charge.succeeded", {
        ...charge,
        payment_intent: { id: "pi_1", object: "payment_intent", metadata: { invoice_id: "inv_9" } },
        balance_transaction: { ...balanceTransaction, fee: 33, net: 67 },
      }),
    );
    if (e.kind !== "charge_succeeded") throw new Error(e.kind);
    expect(e.charge).toMatchObject({
      paymentIntentId: "pi_1",
      invoiceId: "inv_9",
      fee: 33,
      net: 67,
    });
    expect(e.charge.balanceTransactionId).toBe(balanceTransaction.id);
    // No id in the payload: one derived from its content, the same every time.
    expect(e.id).toMatch(/^local_[0-9a-f]{32}$/);
    expect(readStripeEvent(event("charge.succeeded", charge)).id).toBe(
      readStripeEvent(event("charge.succeeded", charge)).id,
    );
  });

  it("reads charge.refunded with the amount refunded so far", () => {
    const e = readStripeEvent(
      event("charge.refunded", { ...charge, amount: 5000, amount_refunded: 2000, refunded: false }),
    );
    if (e.kind !== "charge_refunded") throw new Error(e.kind);
    expect(e.charge).toMatchObject({ amount: 5000, amountRefunded: 2000, currency: "USD" });
  });

  it("reads payout.paid with its arrival date (UTC day)", () => {
    const e = readStripeEvent(event("payout.paid", payout, "evt_po"));
    expect(e).toEqual({
      id: "evt_po",
      type: "payout.paid",
      kind: "payout_paid",
      payout: {
        id: "po_1Pgc79B7WZ01zgkWu1KToYf4",
        amount: 1100,
        currency: "USD",
        arrivalDate: "2009-02-13",
        stripeStatus: "in_transit",
      },
    });
  });

  it("accepts and ignores payout.created and unknown types (the corpus's plan.created event)", () => {
    expect(readStripeEvent(event("payout.created", payout, "evt_c"))).toEqual({
      id: "evt_c",
      type: "payout.created",
      kind: "ignored",
      objectId: "po_1Pgc79B7WZ01zgkWu1KToYf4",
    });
    const plan = resource("event");
    expect(readStripeEvent(plan)).toMatchObject({
      id: "evt_1Pgc76B7WZ01zgkWwyRHS12y",
      type: "plan.created",
      kind: "ignored",
    });
  });

  it("reads a payout's balance-transaction list, the payout named by its own transaction", () => {
    const list = {
      object: "list",
      url: "/v1/balance_transactions",
      has_more: false,
      data: [
        { ...balanceTransaction, fee: 59, net: 41 },
        {
          ...balanceTransaction,
          id: "txn_re",
          type: "refund",
          source: "re_1",
          amount: -20,
          fee: 0,
          net: -20,
        },
        {
          ...balanceTransaction,
          id: "txn_po",
          type: "payout",
          source: payout.id,
          amount: -21,
          fee: 0,
          net: -21,
        },
      ],
    };
    const read = readBalanceTransactions(list);
    expect(read.payoutId).toBe(payout.id);
    expect(read.transactions.map((t) => [t.id, t.type, t.sourceId, t.amount, t.fee])).toEqual([
      ["txn_1PgaxNB7WZ01zgkWEV3TLf40", "charge", "ch_1PgafuB7WZ01zgkWXYmPNZs8", 100, 59],
      ["txn_re", "refund", "re_1", -20, 0],
    ]);
    expect(payoutTotals(read.transactions)).toEqual({
      charges: 100,
      chargeCount: 1,
      fees: 59,
      refunds: 20,
      other: 0,
      net: 21,
      transactions: 2,
    });
    // Or named by the caller, or by the query of the list's url.
    const plain = { object: "list", data: [balanceTransaction] };
    expect(readBalanceTransactions(plain, "list", "po_9").payoutId).toBe("po_9");
    expect(
      readBalanceTransactions({ ...plain, url: "/v1/balance_transactions?payout=po_8" }).payoutId,
    ).toBe("po_8");
  });

  it("reads a file's shapes: one event, an array of events, a list of events, a transaction list", () => {
    const a = event("charge.succeeded", charge, "evt_a");
    const b = event("payout.paid", payout, "evt_b");
    expect(readStripeInputs(a).map((e) => e.id)).toEqual(["evt_a"]);
    expect(readStripeInputs([a, b]).map((e) => e.kind)).toEqual([
      "charge_succeeded",
      "payout_paid",
    ]);
    expect(readStripeInputs({ object: "list", data: [a, b] }).map((e) => e.id)).toEqual([
      "evt_a",
      "evt_b",
    ]);
    const [list] = readStripeInputs(
      { object: "list", data: [balanceTransaction] },
      { payoutId: "po_1" },
    );
    expect(list).toMatchObject({ kind: "balance_transactions", payoutId: "po_1" });
  });

  it("reads a zero-decimal currency's amount in ISO minor units", () => {
    const e = readStripeEvent(event("charge.succeeded", { ...charge, currency: "jpy" }));
    if (e.kind !== "charge_succeeded") throw new Error(e.kind);
    expect(e.charge).toMatchObject({ amount: 100, currency: "JPY" });
  });
});

describe("malformed Stripe payloads are refused, naming the field", () => {
  it.each([
    [
      "an amount as a string",
      event("charge.succeeded", { ...charge, amount: "100" }),
      "event.data.object.amount",
    ],
    [
      "a fractional amount",
      event("payout.paid", { ...payout, amount: 10.5 }),
      "event.data.object.amount",
    ],
    [
      "no charge id",
      event("charge.refunded", { ...charge, id: undefined }),
      "event.data.object.id",
    ],
    [
      "an unknown currency",
      event("charge.succeeded", { ...charge, currency: "zzz" }),
      "event.data.object.currency",
    ],
    [
      "no arrival date",
      event("payout.paid", { ...payout, arrival_date: null }),
      "event.data.object.arrival_date",
    ],
    ["no data", { object: "event", type: "charge.succeeded" }, "event.data"],
    ["no type", { object: "event", data: { object: charge } }, "event.type"],
    ["not an object", "charge.succeeded", "event"],
  ])("%s", (_what, payload, field) => {
    expect(refusal(() => readStripeInputs(payload))).toMatchObject({
      code: "stripe_event_invalid",
      field,
    });
  });

  it("a bad item in an array refuses the whole array, naming the item", () => {
    const good = event("charge.succeeded", charge, "evt_ok");
    const bad = event("payout.paid", { ...payout, currency: 5 }, "evt_bad");
    expect(refusal(() => readStripeInputs([good, bad])).field).toBe("[1].data.object.currency");
  });

  it("a transaction list names its payout, agrees with it, and adds up per line", () => {
    const list = { object: "list", data: [balanceTransaction] };
    expect(refusal(() => readBalanceTransactions(list)).field).toBe("list.payout");
    expect(
      refusal(() =>
        readBalanceTransactions(
          { ...list, url: "/v1/balance_transactions?payout=po_a" },
          "list",
          "po_b",
        ),
      ).message,
    ).toMatch(/payout po_a, not po_b/);
    expect(
      refusal(() =>
        readBalanceTransactions(
          { object: "list", data: [{ ...balanceTransaction, net: 7 }] },
          "list",
          "po_1",
        ),
      ).field,
    ).toBe("list.data.0.net");
  });
});
