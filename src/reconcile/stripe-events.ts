/**
 * Stripe's webhook events and balance-transaction lists, read into plain data. Pure: no I/O, no
 * clock (Stripe's unix timestamps are converted; the caller stamps when it received them).
 *
 * Read: `charge.succeeded` and `charge.refunded` (a charge), `payout.paid` (a payout), and a
 * list of balance transactions (`GET /v1/balance_transactions?payout=po_…`: what a payout
 * carried — `payout.paid` does not say). Every other event type (`payout.created` too) is
 * accepted as `ignored`, so it is recorded and never retried. A malformed payload is refused
 * with a `CashloopError` naming the field; the objects themselves are read in
 * stripe-objects.ts.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import type { StripeBalanceTransactionList, StripeEvent, StripeInput } from "./stripe-model.js";
import {
  parseStripe,
  readBalanceTransaction,
  readCharge,
  readPayout,
  stripeId,
  stripeInvalid,
} from "./stripe-objects.js";

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

function payloadId(value: unknown, salt = ""): string {
  const hash = createHash("sha256")
    .update(salt)
    .update(JSON.stringify(value) ?? "")
    .digest("hex");
  return `local_${hash.slice(0, 32)}`;
}

/** One webhook event (`{"object":"event","type":…,"data":{"object":…}}`). */
export function readStripeEvent(value: unknown, where = "event"): StripeEvent {
  const e = parseStripe(eventSchema, value, where);
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
  const list = parseStripe(listSchema, value, where);
  const all = list.data.map((t, i) => readBalanceTransaction(t, `${where}.data.${i}`));
  const own = [...new Set(all.filter((t) => t.type === "payout").map((t) => t.sourceId))];
  const named = [payoutId, list.payout, payoutFromUrl(list.url), ...own].filter(
    (p): p is string => typeof p === "string" && p !== "",
  );
  const payout = named[0];
  if (!payout) {
    throw stripeInvalid(
      where,
      "payout",
      "the list names no payout: pass the payout id (po_…) it was fetched for",
    );
  }
  const other = named.find((p) => p !== payout);
  if (other) throw stripeInvalid(where, "payout", `the list is of payout ${other}, not ${payout}`);
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
      throw stripeInvalid(path, "", "expected an event, an array of events or a list");
    }
    if (item.object === "list") {
      const data = Array.isArray(item.data) ? item.data : [];
      if (data.length > 0 && data.every((d) => isObject(d) && d.object === "event")) {
        return data.map((d, i) => readStripeEvent(d, `${path}.data.${i}`));
      }
      if (data.length === 0 && !options.payoutId && typeof item.payout !== "string") {
        parseStripe(listSchema, item, path);
        return [];
      }
      return [readBalanceTransactions(item, path, options.payoutId)];
    }
    return [readStripeEvent(item, path)];
  };
  if (Array.isArray(value)) return value.flatMap((item, i) => one(item, at(`[${i}]`)));
  return one(value, where === "" ? "event" : where);
}
