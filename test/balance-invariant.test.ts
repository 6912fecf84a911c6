/**
 * The balance invariant, checked after every operation of a random sequence: bank lines paying
 * invoices in full, in part, together, too much, or nothing, matched; manual payments (some more
 * than the balance: the rest is the customer's credit); a person confirming a proposal or naming
 * invoices and amounts of their own, rejecting, undoing; credit notes approved. After each one —
 * and after each one that was refused — every issued invoice's balance equals its total minus
 * its issued credit notes minus its live allocations, never below zero; no payment has more
 * allocated than its amount; a reversed payment has nothing allocated.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCreditNote } from "../src/billing/create-credit-note.js";
import { issueInvoices } from "../src/billing/issue-invoices.js";
import { runBilling } from "../src/billing/run-billing.js";
import { listInvoices } from "../src/billing/store.js";
import { CashloopError } from "../src/kernel/errors.js";
import { type Random, seededRandom } from "../src/kernel/random.js";
import { listMatches } from "../src/reconcile/match-store.js";
import { reconcileLines } from "../src/reconcile/reconcile-lines.js";
import { recordPayment } from "../src/reconcile/record-payment.js";
import { confirmMatch, rejectMatch, undoMatch } from "../src/reconcile/review-match.js";
import type { StatementLine } from "../src/reconcile/statement-model.js";
import { ENGINES } from "./support/engines.js";
import { TEST_ACTOR } from "./support/fixtures.js";
import { followupWorld } from "./support/followup-world.js";
import { storeLines } from "./support/store-lines.js";

const OPERATIONS = [
  "bank_line",
  "manual_payment",
  "confirm",
  "confirm_named",
  "reject",
  "undo",
  "credit_note",
] as const;
type Operation = (typeof OPERATIONS)[number];

for (const engine of ENGINES) {
  describe(`the balance invariant after every operation (${engine.name})`, () => {
    let world: Awaited<ReturnType<typeof followupWorld>>;
    const orgId = () => world.org.id;

    beforeAll(async () => {
      world = await followupWorld(engine);
      // Three more months of the three retainers: twelve invoices of 1,000.00 USD in all.
      for (const month of ["2026-12-01", "2027-01-01", "2027-02-01"]) {
        world.app.setNow(world.at(month, "09:00"));
        await runBilling(world.app, { org: world.org, actor: TEST_ACTOR });
        const drafts = await listInvoices(world.app.db, orgId(), { statuses: ["review", "draft"] });
        await issueInvoices(world.app, {
          org: world.org,
          invoiceIds: drafts.map((d) => d.id),
          actor: TEST_ACTOR,
        });
      }
    }, 180_000);
    afterAll(async () => world?.close());

    /** The broken rows, described; empty when the invariant holds. */
    async function broken(): Promise<string[]> {
      const invoices = await world.app.db.query<{
        number: string;
        total: number;
        balance: number;
        credited: number;
        allocated: number;
      }>(
        `SELECT i.number, i.total_minor AS total, i.balance_minor AS balance,
                COALESCE((SELECT sum(c.total_minor) FROM invoices c WHERE c.org_id = i.org_id AND c.kind = 'credit_note'
                            AND c.status = 'issued' AND c.credited_invoice_id = i.id), 0)::bigint AS credited,
                COALESCE((SELECT sum(a.amount_minor) FROM allocations a WHERE a.org_id = i.org_id AND a.invoice_id = i.id
                            AND a.undone_at IS NULL), 0)::bigint AS allocated
           FROM invoices i WHERE i.org_id = $1 AND i.kind = 'invoice' AND i.status = 'issued'`,
        [orgId()],
      );
      const payments = await world.app.db.query<{
        id: string;
        amount: number;
        status: string;
        allocated: number;
      }>(
        `SELECT p.id, p.amount_minor AS amount, p.status,
                COALESCE((SELECT sum(a.amount_minor) FROM allocations a WHERE a.org_id = p.org_id AND a.payment_id = p.id
                            AND a.undone_at IS NULL), 0)::bigint AS allocated
           FROM payments p WHERE p.org_id = $1`,
        [orgId()],
      );
      return [
        ...invoices
          .filter((i) => i.balance !== i.total - i.credited - i.allocated || i.balance < 0)
          .map(
            (i) =>
              `${i.number}: balance ${i.balance} ≠ ${i.total} − ${i.credited} − ${i.allocated}`,
          ),
        ...payments
          .filter((p) => p.allocated > p.amount || (p.status === "reversed" && p.allocated > 0))
          .map((p) => `${p.id} (${p.status}): ${p.allocated} allocated of ${p.amount}`),
      ];
    }

    const openInvoices = async () =>
      (await listInvoices(world.app.db, orgId(), { statuses: ["issued"] })).filter(
        (i) => i.kind === "invoice" && i.balance > 0,
      );
    const pick = <T>(items: readonly T[], random: Random): T | undefined =>
      items[random.int(items.length)];

    let file = 0;
    async function bankLine(random: Random): Promise<void> {
      const open = await openInvoices();
      const inv = pick(open, random);
      const sibling = open.find((i) => i.customerId === inv?.customerId && i.id !== inv?.id);
      const shape = random.int(5);
      const [amount, reference] = !inv
        ? [12_345, "unrelated"]
        : shape === 0
          ? [inv.balance, inv.number]
          : shape === 1
            ? [1 + random.int(inv.balance), `pago ${inv.number}`]
            : shape === 2 && sibling
              ? [inv.balance + sibling.balance, `${inv.number} + ${sibling.number}`]
              : shape === 3
                ? [inv.balance + 1 + random.int(50_000), inv.number]
                : [1 + random.int(200_000), "transfer"];
      file++;
      const line: StatementLine = {
        bookingDate: "2027-02-10" as StatementLine["bookingDate"],
        valueDate: null,
        amount,
        currency: "USD",
        counterpartyName: inv?.customerName ?? "Someone Else",
        counterpartyAccount: random.int(2) === 0 ? "US00BANK0000000001" : null,
        reference,
        bankRef: `B${file}`,
      };
      await storeLines(world.app, orgId(), `line-${file}`, [line]);
      await reconcileLines(world.app, { orgId: orgId(), actor: TEST_ACTOR });
    }

    async function run(operation: Operation, random: Random): Promise<boolean> {
      const matches = await listMatches(world.app.db, orgId());
      const inTray = matches.filter((m) => ["suggested", "review", "unmatched"].includes(m.status));
      switch (operation) {
        case "bank_line":
          await bankLine(random);
          return true;
        case "manual_payment": {
          const inv = pick(await openInvoices(), random);
          if (!inv) return false;
          await recordPayment(world.app, {
            orgId: orgId(),
            invoice: inv.number as string,
            amountMinor: 1 + random.int(inv.balance + 20_000),
            receivedOn: "2027-02-10" as never,
            method: "bank_transfer",
            reference: null,
            status: "settled",
            actor: TEST_ACTOR,
          });
          return true;
        }
        case "confirm": {
          const m = pick(inTray, random);
          if (!m) return false;
          await confirmMatch(world.app, { orgId: orgId(), id: m.id, actor: TEST_ACTOR });
          return true;
        }
        case "confirm_named": {
          const m = pick(inTray, random);
          const inv = pick(await openInvoices(), random);
          if (!m || !inv) return false;
          await confirmMatch(world.app, {
            orgId: orgId(),
            id: m.id,
            invoices: [inv.number as string],
            amounts: [1 + random.int(Math.min(m.amount, inv.balance + 10_000))],
            actor: TEST_ACTOR,
          });
          return true;
        }
        case "reject": {
          const m = pick(
            matches.filter((x) => ["suggested", "review"].includes(x.status)),
            random,
          );
          if (!m) return false;
          await rejectMatch(world.app, { orgId: orgId(), id: m.id, actor: TEST_ACTOR });
          return true;
        }
        case "undo": {
          const m = pick(
            matches.filter((x) => x.status === "applied"),
            random,
          );
          if (!m) return false;
          await undoMatch(world.app, { orgId: orgId(), id: m.id, actor: TEST_ACTOR });
          return true;
        }
        case "credit_note": {
          const inv = pick(await openInvoices(), random);
          if (!inv) return false;
          const credit = await createCreditNote(world.app, {
            orgId: orgId(),
            invoice: inv.number as string,
            amountMinor: 1 + random.int(Math.min(inv.balance + 5_000, 60_000)),
            reason: "goodwill",
            actor: TEST_ACTOR,
          });
          await issueInvoices(world.app, {
            org: world.org,
            invoiceIds: [credit.id],
            actor: TEST_ACTOR,
          });
          return true;
        }
      }
    }

    it("holds after each of 120 random operations, refused ones included", async () => {
      const random = seededRandom(20261130);
      world.app.setNow(world.at("2027-02-10", "10:00"));
      const done: Record<Operation, number> = Object.fromEntries(
        OPERATIONS.map((o) => [o, 0]),
      ) as Record<Operation, number>;
      let refused = 0;
      for (let step = 1; step <= 120; step++) {
        const operation = pick(OPERATIONS, random) as Operation;
        try {
          if (await run(operation, random)) done[operation]++;
        } catch (error) {
          // A refusal names its reason and changes nothing; anything else is a defect.
          if (!(error instanceof CashloopError)) throw error;
          refused++;
        }
        const problems = await broken();
        if (problems.length > 0) {
          throw new Error(`after step ${step} (${operation}): ${problems.join("; ")}`);
        }
      }
      console.log(`operations done: ${JSON.stringify(done)}; refused: ${refused}`);
      // Every kind of operation really ran, and some were refused (the sequence is not idle).
      for (const o of OPERATIONS) expect(done[o], o).toBeGreaterThan(0);
      expect(refused).toBeGreaterThan(0);
      const matches = await listMatches(world.app.db, orgId());
      expect(matches.some((m) => m.status === "applied")).toBe(true);
    }, 300_000);
  });
}
