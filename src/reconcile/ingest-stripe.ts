/**
 * Stripe events into the books, one transaction per event, each event once (its id is claimed
 * in `processor_events` first: a redelivery, or the same file again, changes nothing).
 *
 * - A charge that names one of our invoices (Checkout metadata `invoice_id`) settles it: a
 *   settled `processor` card payment for the gross amount, applied up to the invoice's balance
 *   with the invoice row locked; the rest stays on the payment as the customer's credit. A
 *   charge that names no invoice of ours is only recorded, counted as unapplied: no guessing.
 * - A refund is recorded on its charge (amount, status) and audited; balances are not touched.
 * - A paid payout is recorded, to be met on the bank statement (`matchPayouts`).
 * - A payout's balance transactions link its charges to it and sum its charges, fees, refunds.
 *
 * Charges and refunds are recorded by record-stripe-charge.ts, payouts and their balance
 * transactions by record-stripe-payout.ts.
 */
import type { Actor } from "../kernel/audit.js";
import type { Clock } from "../kernel/clock.js";
import type { Db } from "../kernel/db.js";
import { CashloopError } from "../kernel/errors.js";
import type { Ids } from "../kernel/ids.js";
import { recordCharge, recordRefund } from "./record-stripe-charge.js";
import { recordBalanceTransactions, recordPayout } from "./record-stripe-payout.js";
import {
  blankResult,
  type StripeIngestCtx,
  type StripeIngestResult,
} from "./stripe-ingest-context.js";
import { STRIPE, type StripeInput } from "./stripe-model.js";

export type StripeIngestOutcome = { eventId: string; type: string } & StripeIngestResult;

type Deps = { db: Db; clock: Clock; ids: Ids };

export async function ingestStripeEvents(
  deps: Deps,
  input: { orgId: string; events: readonly StripeInput[]; actor: Actor },
): Promise<StripeIngestOutcome[]> {
  // Read before any transaction (PGlite queues other reads behind an open one).
  const [org] = await deps.db.query<{ zone: string }>(
    `SELECT time_zone AS zone FROM organisations WHERE id = $1`,
    [input.orgId],
  );
  if (!org) throw new CashloopError("org_not_found", `${input.orgId}: no such organisation`);
  const out: StripeIngestOutcome[] = [];
  for (const event of input.events) {
    out.push(
      await deps.db.transaction(async (tx) => {
        const ctx: StripeIngestCtx = {
          tx,
          ids: deps.ids,
          orgId: input.orgId,
          zone: org.zone,
          now: deps.clock.now(),
          actor: input.actor,
        };
        const head = { eventId: event.id, type: event.type };
        const claimed = await tx.query(
          `INSERT INTO processor_events (org_id, provider, event_id, type, outcome, received_at)
           VALUES ($1, $2, $3, $4, 'claimed', $5) ON CONFLICT DO NOTHING RETURNING event_id`,
          [ctx.orgId, STRIPE, event.id, event.type, ctx.now],
        );
        if (claimed.length === 0) {
          const [before] = await tx.query<{ outcome: string; at: string }>(
            `SELECT outcome, received_at AS at FROM processor_events
              WHERE org_id = $1 AND provider = $2 AND event_id = $3`,
            [ctx.orgId, STRIPE, event.id],
          );
          return {
            ...head,
            ...blankResult,
            outcome: "duplicate",
            detail: `already ingested at ${before?.at ?? "?"} (${before?.outcome ?? "?"}); nothing changed`,
          };
        }
        const result = await ingestOne(ctx, event);
        await tx.query(
          `UPDATE processor_events SET outcome = $4 WHERE org_id = $1 AND provider = $2 AND event_id = $3`,
          [ctx.orgId, STRIPE, event.id, result.outcome],
        );
        return { ...head, ...result };
      }),
    );
  }
  return out;
}

async function ingestOne(ctx: StripeIngestCtx, event: StripeInput): Promise<StripeIngestResult> {
  switch (event.kind) {
    case "charge_succeeded":
      return recordCharge(ctx, event.charge);
    case "charge_refunded":
      return recordRefund(ctx, event.charge);
    case "payout_paid":
      return recordPayout(ctx, event.payout);
    case "balance_transactions":
      return recordBalanceTransactions(ctx, event);
    case "ignored":
      return {
        ...blankResult,
        detail: `${event.type}${event.objectId ? ` (${event.objectId})` : ""}: not read; recorded`,
      };
  }
}
