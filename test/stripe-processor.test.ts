/**
 * Processor payments over a small business (three invoices of 1,000.00 USD issued 2026-11-02):
 * a Stripe charge for an invoice pays it, once; a payout's deposit on the bank statement is linked
 * to the payout (not to an invoice) with its fees booked, or sent to review when its transactions
 * do not add up; the webhook takes only what Stripe signed; and `cashloop stripe ingest`.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serverDeps } from "../src/app/serve.js";
import { getInvoice } from "../src/billing/store.js";
import { instantToMs } from "../src/kernel/dates.js";
import { ingestStripeEvents } from "../src/reconcile/ingest-stripe.js";
import { listMatches } from "../src/reconcile/match-store.js";
import { reconcileLines } from "../src/reconcile/reconcile-lines.js";
import { confirmMatch, rejectMatch, undoMatch } from "../src/reconcile/review-match.js";
import type { StatementLine } from "../src/reconcile/statement-model.js";
import { listStatementLines } from "../src/reconcile/statement-store.js";
import { listPayments } from "../src/reconcile/store.js";
import { readStripeInputs } from "../src/reconcile/stripe-events.js";
import { buildServer } from "../src/server/build-server.js";
import { webhookRoutes } from "../src/server/webhook-routes.js";
import { ENGINES } from "./support/engines.js";
import { TEST_ACTOR } from "./support/fixtures.js";
import { followupWorld } from "./support/followup-world.js";
import { runCli } from "./support/run-cli.js";
import { storeLines } from "./support/store-lines.js";

const corpora =
  process.env.CASHLOOP_CORPORA ?? join(import.meta.dirname, "..", "..", "shared", "corpora");
const resource = (name: string): Record<string, unknown> =>
  JSON.parse(
    readFileSync(join(corpora, "stripe", "stripe-openapi", "resources", `${name}.json`), "utf8"),
  );
const CHARGE = resource("charge");
const PAYOUT = resource("payout");
const TXN = resource("balance_transaction");

const unix = (iso: string) => Math.floor(Date.parse(iso) / 1000);
const event = (id: string, type: string, object: unknown) => ({
  id,
  object: "event",
  type,
  data: { object },
});
const charge = (id: string, amount: number, metadata: Record<string, string>, extra = {}) => ({
  ...CHARGE,
  id,
  amount,
  amount_captured: amount,
  captured: true,
  created: unix("2026-11-10T15:00:00Z"),
  metadata,
  payment_intent: `pi_${id}`,
  balance_transaction: `txn_${id}`,
  ...extra,
});
const payout = (id: string, amount: number, arrival: string) => ({
  ...PAYOUT,
  id,
  amount,
  arrival_date: unix(`${arrival}T00:00:00Z`),
  status: "paid",
});
const chargeTxn = (chargeId: string, amount: number, fee: number) => ({
  ...TXN,
  id: `txn_${chargeId}`,
  source: chargeId,
  amount,
  fee,
  net: amount - fee,
  fee_details: [
    { amount: fee, currency: "usd", type: "stripe_fee", description: "Stripe processing fees" },
  ],
  created: unix("2026-11-10T15:00:00Z"),
});
const transactions = (payoutId: string, txns: ReturnType<typeof chargeTxn>[]) => ({
  object: "list",
  url: "/v1/balance_transactions",
  has_more: false,
  data: [
    ...txns,
    {
      ...TXN,
      id: `txn_${payoutId}`,
      type: "payout",
      reporting_category: "payout",
      source: payoutId,
      amount: -txns.reduce((s, t) => s + t.net, 0),
      fee: 0,
      net: -txns.reduce((s, t) => s + t.net, 0),
    },
  ],
});
const bankLine = (
  amount: number,
  bookingDate: string,
  counterpartyName: string,
  reference: string,
): StatementLine => ({
  bookingDate: bookingDate as StatementLine["bookingDate"],
  valueDate: null,
  amount,
  currency: "USD",
  counterpartyName,
  counterpartyAccount: null,
  reference,
  bankRef: `B-${reference}`,
});

for (const engine of ENGINES) {
  describe(`processor payments (${engine.name})`, () => {
    let world: Awaited<ReturnType<typeof followupWorld>>;
    const ingest = (payload: unknown) =>
      ingestStripeEvents(world.app, {
        orgId: world.org.id,
        events: readStripeInputs(payload),
        actor: TEST_ACTOR,
      });
    const count = async (table: string) => {
      const [row] = await world.app.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${table} WHERE org_id = $1`,
        [world.org.id],
      );
      return row?.n ?? 0;
    };
    const balance = async (name: string) =>
      (await getInvoice(world.app.db, world.org.id, world.invoiceOf(name).id))?.balance;
    const importLines = (file: string, lines: StatementLine[]) =>
      storeLines(world.app, world.org.id, file, lines);

    beforeAll(async () => {
      world = await followupWorld(engine);
      world.app.setNow(world.at("2026-11-10", "11:00"));
    }, 120_000);
    afterAll(async () => world?.close());

    it("a charge for an invoice pays it, once", async () => {
      const steady = world.invoiceOf("Steady");
      expect(steady.balance).toBe(100_000);
      const succeeded = event(
        "evt_steady",
        "charge.succeeded",
        charge("ch_steady", 100_000, {
          org_id: world.org.id,
          invoice_id: steady.id,
          invoice_number: steady.number,
        }),
      );
      const [first] = await ingest(succeeded);
      expect(first).toMatchObject({
        outcome: "applied",
        chargeId: "ch_steady",
        invoiceNumber: steady.number,
        applied: 100_000,
        currency: "USD",
      });
      expect(await balance("Steady")).toBe(0);
      const payments = await listPayments(world.app.db, world.org.id);
      expect(payments).toHaveLength(1);
      expect(payments[0]).toMatchObject({
        source: "processor",
        method: "card",
        status: "settled",
        amount: 100_000,
        receivedOn: "2026-11-10",
        forInvoiceId: steady.id,
        allocations: [{ invoiceId: steady.id, amount: 100_000 }],
      });

      const before = {
        payments: await count("payments"),
        allocations: await count("allocations"),
        audit: await count("audit_log"),
        events: await count("processor_events"),
      };
      const [again] = await ingest(succeeded);
      expect(again?.outcome).toBe("duplicate");
      // The same charge in another event (say, the file's copy of it) is known: nothing new.
      const [other] = await ingest({ ...succeeded, id: "evt_steady_copy" });
      expect(other?.outcome).toBe("known");
      expect(await balance("Steady")).toBe(0);
      expect({
        payments: await count("payments"),
        allocations: await count("allocations"),
        audit: await count("audit_log"),
        events: await count("processor_events"),
      }).toEqual({ ...before, events: before.events + 1 });
    });

    it("a charge naming no invoice of ours is recorded unapplied; a refund is recorded, balances untouched", async () => {
      const [loose] = await ingest(
        event("evt_loose", "charge.succeeded", charge("ch_loose", 4_200, {})),
      );
      expect(loose).toMatchObject({ outcome: "unapplied", paymentId: null });
      expect(loose?.detail).toMatch(/names no invoice/);
      const [refund] = await ingest(
        event(
          "evt_refund",
          "charge.refunded",
          charge(
            "ch_steady",
            100_000,
            { invoice_id: world.invoiceOf("Steady").id },
            { amount_refunded: 25_000 },
          ),
        ),
      );
      expect(refund).toMatchObject({ outcome: "refund", chargeId: "ch_steady" });
      const [row] = await world.app.db.query<{ status: string; refunded: number }>(
        `SELECT status, refunded_minor AS refunded FROM processor_charges WHERE org_id = $1 AND charge_id = 'ch_steady'`,
        [world.org.id],
      );
      expect(row).toEqual({ status: "partially_refunded", refunded: 25_000 });
      expect(await balance("Steady")).toBe(0);
      const [audit] = await world.app.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_log WHERE org_id = $1 AND action = 'processor.charge_refunded'`,
        [world.org.id],
      );
      expect(audit?.n).toBe(1);
    });

    it("a payout deposit is linked to its payout, not an invoice, with the fees booked", async () => {
      const azteca = world.invoiceOf("Comercial");
      const sakura = world.invoiceOf("Sakura");
      await ingest([
        event("evt_az", "charge.succeeded", charge("ch_az", 100_000, { invoice_id: azteca.id })),
        event("evt_sa", "charge.succeeded", charge("ch_sa", 100_000, { invoice_id: sakura.id })),
        event("evt_po_created", "payout.created", payout("po_A", 194_000, "2026-11-20")),
      ]);
      expect(await balance("Comercial")).toBe(0);
      expect(await balance("Sakura")).toBe(0);
      const outcomes = await ingest([
        event("evt_po_paid", "payout.paid", payout("po_A", 194_000, "2026-11-20")),
        transactions("po_A", [
          chargeTxn("ch_az", 100_000, 3_200),
          chargeTxn("ch_sa", 100_000, 2_800),
        ]),
      ]);
      expect(outcomes.map((o) => o.outcome)).toEqual(["payout", "linked"]);
      await importLines("deposit-a", [
        bankLine(194_000, "2026-11-21", "STRIPE", "STRIPE ST-Q7R8S9T0U1V2"),
      ]);
      world.app.setNow(world.at("2026-11-22", "09:00"));
      const paymentsBefore = await count("payments");

      const report = await reconcileLines(world.app, { orgId: world.org.id, actor: TEST_ACTOR });
      // The invoice matcher never saw the deposit.
      expect(report.lines).toBe(0);
      const [line] = await listStatementLines(world.app.db, world.org.id);
      expect(line?.status).toBe("applied");
      const matches = await listMatches(world.app.db, world.org.id);
      expect(matches).toHaveLength(1);
      expect(matches[0]).toMatchObject({ status: "applied", lineId: line?.id, allocations: [] });
      expect(matches[0]?.reason).toMatch(
        /^payout: po_A: 2 charges 2000\.00 USD \(ch_az, ch_sa\) − fees 60\.00 USD − refunds 0\.00 USD = 1940\.00 USD; fee 60\.00 USD booked$/,
      );
      expect(await count("payments")).toBe(paymentsBefore);

      const [p] = await world.app.db.query<{
        amount: number;
        charges: number;
        fees: number;
        refunds: number;
        lineId: string;
      }>(
        `SELECT amount_minor AS amount, charges_minor AS charges, fees_minor AS fees, refunds_minor AS refunds,
                line_id AS "lineId" FROM processor_payouts WHERE org_id = $1 AND payout_id = 'po_A'`,
        [world.org.id],
      );
      expect(p).toMatchObject({ amount: 194_000, charges: 200_000, fees: 6_000, lineId: line?.id });
      expect((p?.charges ?? 0) - (p?.fees ?? 0) - (p?.refunds ?? 0)).toBe(p?.amount);
      const fees = await world.app.db.query(
        `SELECT payout_id AS "payoutId", amount_minor AS amount, currency, booked_on AS "bookedOn" FROM fees WHERE org_id = $1`,
        [world.org.id],
      );
      expect(fees).toEqual([
        { payoutId: "po_A", amount: 6_000, currency: "USD", bookedOn: "2026-11-21" },
      ]);
      const charges = await world.app.db.query<{ id: string; payout: string; fee: number }>(
        `SELECT charge_id AS id, payout_id AS payout, fee_minor AS fee FROM processor_charges
          WHERE org_id = $1 AND payout_id IS NOT NULL ORDER BY charge_id`,
        [world.org.id],
      );
      expect(charges).toEqual([
        { id: "ch_az", payout: "po_A", fee: 3_200 },
        { id: "ch_sa", payout: "po_A", fee: 2_800 },
      ]);

      // Run again: nothing changes.
      await reconcileLines(world.app, { orgId: world.org.id, actor: TEST_ACTOR });
      expect(await count("fees")).toBe(1);
      expect(await listMatches(world.app.db, world.org.id)).toHaveLength(1);
    });

    it("a payout whose transactions do not add up goes to review with the difference; nothing booked", async () => {
      await ingest([
        event("evt_po_b", "payout.paid", payout("po_B", 50_000, "2026-11-23")),
        // One charge no event told us of: 520.00 − 15.00 fee = 505.00, but 500.00 was paid out.
        transactions("po_B", [chargeTxn("ch_b", 52_000, 1_500)]),
      ]);
      await importLines("deposit-b", [
        bankLine(50_000, "2026-11-24", "STRIPE PAYMENTS UK LTD", "po_B"),
      ]);
      world.app.setNow(world.at("2026-11-25", "09:00"));
      await reconcileLines(world.app, { orgId: world.org.id, actor: TEST_ACTOR });

      const review = await listMatches(world.app.db, world.org.id, { status: "review" });
      expect(review).toHaveLength(1);
      expect(review[0]?.amount).toBe(50_000);
      expect(review[0]?.reason).toBe(
        "payout: po_B: 1 charges 520.00 USD (ch_b) − fees 15.00 USD − refunds 0.00 USD = 505.00 USD, but the deposit is 500.00 USD: difference -5.00 USD; nothing booked",
      );
      const lines = await listStatementLines(world.app.db, world.org.id, { status: "review" });
      expect(lines.map((l) => l.amount)).toEqual([50_000]);
      expect(await count("fees")).toBe(1);
      const [p] = await world.app.db.query<{ lineId: string | null }>(
        `SELECT line_id AS "lineId" FROM processor_payouts WHERE org_id = $1 AND payout_id = 'po_B'`,
        [world.org.id],
      );
      expect(p?.lineId).toBeNull();
      // The charge is known from its transaction only: unapplied, no payment.
      const [c] = await world.app.db.query<{ paymentId: string | null; invoiceId: string | null }>(
        `SELECT payment_id AS "paymentId", invoice_id AS "invoiceId" FROM processor_charges
          WHERE org_id = $1 AND charge_id = 'ch_b'`,
        [world.org.id],
      );
      expect(c).toEqual({ paymentId: null, invoiceId: null });
      // Decided again, the same reason is not audited twice.
      const audits = await count("audit_log");
      await reconcileLines(world.app, { orgId: world.org.id, actor: TEST_ACTOR });
      expect(await count("audit_log")).toBe(audits);
      expect(await listMatches(world.app.db, world.org.id, { status: "review" })).toHaveLength(1);
    });

    it("in the tray, a person links the deposit to its payout, undoes it, and the matcher never links that pair again", async () => {
      const [review] = await listMatches(world.app.db, world.org.id, { status: "review" });
      expect(review?.payouts).toEqual([{ provider: "stripe", payoutId: "po_B" }]);
      const id = review?.id as string;
      const feeOf = async (payoutId: string) =>
        (
          await world.app.db.query<{ amount: number }>(
            `SELECT amount_minor AS amount FROM fees WHERE org_id = $1 AND payout_id = $2`,
            [world.org.id, payoutId],
          )
        )[0]?.amount ?? null;
      const linkedLine = async (payoutId: string) =>
        (
          await world.app.db.query<{ lineId: string | null }>(
            `SELECT line_id AS "lineId" FROM processor_payouts WHERE org_id = $1 AND payout_id = $2`,
            [world.org.id, payoutId],
          )
        )[0]?.lineId;
      // The 5.00 nobody explained does not stop a person who knows: linked, the fee booked.
      const confirmed = await confirmMatch(world.app, {
        orgId: world.org.id,
        id,
        actor: TEST_ACTOR,
      });
      expect(confirmed).toEqual({ payoutId: "po_B", feeBooked: 1_500 });
      expect(await feeOf("po_B")).toBe(1_500);
      expect(await linkedLine("po_B")).toBe(review?.lineId);
      const [applied] = (await listMatches(world.app.db, world.org.id)).filter((m) => m.id === id);
      expect(applied).toMatchObject({ status: "applied", allocations: [] });
      expect(applied?.reason).toMatch(
        /^confirmed by a person: payout: po_B: .* difference -5\.00 USD; fee booked$/,
      );
      await expect(
        confirmMatch(world.app, { orgId: world.org.id, id, actor: TEST_ACTOR }),
      ).rejects.toMatchObject({ code: "match_decided" });

      const undone = await undoMatch(world.app, { orgId: world.org.id, id, actor: TEST_ACTOR });
      expect(undone).toEqual({ reopened: [], payouts: ["po_B"], feeRemoved: 1_500 });
      expect(await feeOf("po_B")).toBeNull();
      expect(await linkedLine("po_B")).toBeNull();
      const lines = await listStatementLines(world.app.db, world.org.id, { status: "review" });
      expect(lines.map((l) => l.id)).toEqual([review?.lineId]);

      // The payout waits again, and the line it was undone from is not offered to it again.
      await reconcileLines(world.app, { orgId: world.org.id, actor: TEST_ACTOR });
      expect(await linkedLine("po_B")).toBeNull();
      const [still] = await listMatches(world.app.db, world.org.id, { status: "review" });
      expect(still?.reason).toMatch(
        /^undone by a person \(was confirmed by a person: payout: po_B/,
      );
      await rejectMatch(world.app, { orgId: world.org.id, id, actor: TEST_ACTOR });
      await reconcileLines(world.app, { orgId: world.org.id, actor: TEST_ACTOR });
      await reconcileLines(world.app, { orgId: world.org.id, actor: TEST_ACTOR });
      expect(await linkedLine("po_B")).toBeNull();
      expect(await listMatches(world.app.db, world.org.id, { status: "review" })).toEqual([]);
      const [left] = (await listMatches(world.app.db, world.org.id)).filter((m) => m.id === id);
      expect(left?.status).toBe("unmatched");
    });

    it("a deposit that could be either of two payouts waits for a person to name one", async () => {
      await ingest([
        event("evt_po_c", "payout.paid", payout("po_C", 30_000, "2026-11-26")),
        transactions("po_C", [chargeTxn("ch_c", 31_000, 1_000)]),
        event("evt_po_d", "payout.paid", payout("po_D", 30_000, "2026-11-26")),
        transactions("po_D", [chargeTxn("ch_d", 30_900, 900)]),
      ]);
      await importLines("deposit-cd", [bankLine(30_000, "2026-11-27", "STRIPE", "TRANSFER")]);
      world.app.setNow(world.at("2026-11-27", "12:00"));
      await reconcileLines(world.app, { orgId: world.org.id, actor: TEST_ACTOR });
      const [review] = await listMatches(world.app.db, world.org.id, { status: "review" });
      expect(review?.reason).toMatch(/could be payout po_C or po_D/);
      const id = review?.id as string;
      await expect(
        confirmMatch(world.app, { orgId: world.org.id, id, actor: TEST_ACTOR }),
      ).rejects.toThrow(/could be payout po_C or po_D: name it with --payout/);
      await expect(
        confirmMatch(world.app, { orgId: world.org.id, id, payout: "po_A", actor: TEST_ACTOR }),
      ).rejects.toMatchObject({ code: "payout_not_open" });
      const r = await confirmMatch(world.app, {
        orgId: world.org.id,
        id,
        payout: "po_D",
        actor: TEST_ACTOR,
      });
      expect(r).toEqual({ payoutId: "po_D", feeBooked: 900 });
      const [m] = (await listMatches(world.app.db, world.org.id)).filter((x) => x.id === id);
      expect(m).toMatchObject({
        status: "applied",
        payouts: [{ provider: "stripe", payoutId: "po_D" }],
      });
      expect(m?.reason).toMatch(/^payout: po_D: 1 charges 309\.00 USD \(ch_d\) − fees 9\.00 USD/);
      // po_C still waits for its own deposit.
      const report = await reconcileLines(world.app, { orgId: world.org.id, actor: TEST_ACTOR });
      expect(report).toMatchObject({ applied: 0 });
    });

    describe("the webhook", () => {
      const SECRET = "whsec_test_secret";
      let server: FastifyInstance;
      beforeAll(() => {
        const deps = serverDeps(world.app, world.org, {
          ...world.env,
          STRIPE_WEBHOOK_SECRET: SECRET,
        });
        server = buildServer({ db: deps.db, today: deps.today, routes: [webhookRoutes(deps)] });
      });
      afterAll(async () => server?.close());

      const post = (payload: string, signature?: string) =>
        server.inject({
          method: "POST",
          url: "/webhooks/stripe",
          payload,
          headers: {
            "content-type": "application/json; charset=utf-8",
            ...(signature ? { "stripe-signature": signature } : {}),
          },
        });
      const sign = (payload: string, secret = SECRET) =>
        Stripe.webhooks.generateTestHeaderString({
          payload,
          secret,
          timestamp: Math.floor(instantToMs(world.app.clock.now()) / 1000),
        });
      const stored = async (id: string) =>
        (
          await world.app.db.query(
            `SELECT type FROM processor_events WHERE org_id = $1 AND event_id = $2`,
            [world.org.id, id],
          )
        ).length;

      it("takes a payload Stripe signed; a redelivery changes nothing", async () => {
        const body = JSON.stringify(
          event("evt_hook", "charge.succeeded", charge("ch_hook", 1_500, {})),
        );
        const response = await post(body, sign(body));
        expect(response.statusCode).toBe(200);
        expect(response.json()).toEqual({ received: true, outcomes: ["unapplied"] });
        expect(await stored("evt_hook")).toBe(1);
        const again = await post(body, sign(body));
        expect(again.json()).toEqual({ received: true, outcomes: ["duplicate"] });
      });

      it("refuses a tampered payload, another secret's signature, or none, with 400; nothing stored", async () => {
        const body = JSON.stringify(
          event("evt_tampered", "charge.succeeded", charge("ch_tampered", 1_500, {})),
        );
        const signature = sign(body);
        const tampered = body.replace('"amount":1500', '"amount":150000');
        expect(tampered).not.toBe(body);
        const bad = await post(tampered, signature);
        expect(bad.statusCode).toBe(400);
        expect(bad.json().error).toMatch(/signature/i);
        expect((await post(body, sign(body, "whsec_other"))).statusCode).toBe(400);
        expect((await post(body)).statusCode).toBe(400);
        expect(await stored("evt_tampered")).toBe(0);
        const [c] = await world.app.db.query(
          `SELECT 1 FROM processor_charges WHERE org_id = $1 AND charge_id = 'ch_tampered'`,
          [world.org.id],
        );
        expect(c).toBeUndefined();
      });

      it("refuses a signed but malformed event with 400, naming the field", async () => {
        const body = JSON.stringify(
          event("evt_malformed", "payout.paid", {
            ...payout("po_M", 1, "2026-11-25"),
            amount: "1",
          }),
        );
        const response = await post(body, sign(body));
        expect(response.statusCode).toBe(400);
        expect(response.json().error).toMatch(/data\.object\.amount/);
        expect(await stored("evt_malformed")).toBe(0);
      });
    });
  });
}

describe("cashloop stripe ingest", () => {
  const dir = mkdtempSync(join(tmpdir(), "cashloop-stripe-"));
  const cli = (args: string[]) => runCli(["--data", join(dir, "data"), ...args]);

  it("ingests a file of events once, and refuses a malformed file whole", async () => {
    const init = await cli([
      "init",
      "--name",
      "Shop",
      "--currency",
      "USD",
      "--time-zone",
      "America/New_York",
      "--locale",
      "en-US",
    ]);
    expect(init.code, init.stderr).toBe(0);
    const file = join(dir, "events.json");
    writeFileSync(
      file,
      JSON.stringify([
        event("evt_cli_1", "charge.succeeded", charge("ch_cli", 2_500, { invoice_id: "inv_nope" })),
        event("evt_cli_2", "payout.created", payout("po_cli", 2_400, "2026-11-20")),
      ]),
    );
    const first = await cli(["--json", "stripe", "ingest", file]);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout).map((o: { outcome: string }) => o.outcome)).toEqual([
      "unapplied",
      "ignored",
    ]);
    const second = await cli(["--json", "stripe", "ingest", file]);
    expect(JSON.parse(second.stdout).map((o: { outcome: string }) => o.outcome)).toEqual([
      "duplicate",
      "duplicate",
    ]);

    const bad = join(dir, "bad.json");
    writeFileSync(
      bad,
      JSON.stringify([
        event("evt_cli_3", "charge.succeeded", charge("ch_cli_3", 2_500, {})),
        event("evt_cli_4", "charge.succeeded", { ...charge("ch_cli_4", 2_500, {}), currency: 7 }),
      ]),
    );
    const refused = await cli(["stripe", "ingest", bad]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/bad\.json: \[1\]\.data\.object\.currency/);
    // Its good event was not stored either: the file was refused whole.
    const good = join(dir, "good.json");
    writeFileSync(
      good,
      JSON.stringify(event("evt_cli_3", "charge.succeeded", charge("ch_cli_3", 2_500, {}))),
    );
    const retry = await cli(["stripe", "ingest", good]);
    expect(retry.code, retry.stderr).toBe(0);
    expect(retry.stdout).toMatch(/evt_cli_3\s+charge\.succeeded\s+unapplied/);
  });
});
