/**
 * The matcher against ground truth: 5,000 bank lines made from the demo business's open
 * invoices (the generator the benchmark uses), imported in two overlapping files, then
 * reconciled. Precision first: no automatic match may be wrong. The rates are printed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDemoBusiness } from "../src/app/create-demo-business.js";
import { issueInvoices } from "../src/billing/issue-invoices.js";
import { runBilling } from "../src/billing/run-billing.js";
import { listInvoices } from "../src/billing/store.js";
import { type CalendarDate, zonedDateTimeToInstant } from "../src/kernel/dates.js";
import { seededRandom } from "../src/kernel/random.js";
import { generateBankLines, type TruthLine } from "../src/reconcile/generate-bank-lines.js";
import { storeStatements } from "../src/reconcile/import-statement.js";
import { listMatches, openInvoices } from "../src/reconcile/match-store.js";
import { type ReconcileReport, reconcileLines } from "../src/reconcile/reconcile-lines.js";
import type { Organisation } from "../src/sources/model.js";
import { ENGINES } from "./support/engines.js";
import { TEST_ACTOR } from "./support/fixtures.js";
import { type TestApp, testApp } from "./support/test-app.js";

const engine = ENGINES.at(-1) ?? ENGINES[0];
const ACCOUNT = "US00BRIGHTPATH0001";

describe(`5,000 generated bank lines against the demo business (${engine?.name})`, () => {
  let app: TestApp;
  let org: Organisation;
  let truth: TruthLine[];
  let report: ReconcileReport;
  let secondImport: { linesAdded: number; linesKnown: number };
  const numbers = new Map<string, string>();

  beforeAll(async () => {
    if (!engine) throw new Error("no engine");
    app = await testApp(
      await engine.open(),
      zonedDateTimeToInstant("2026-11-02" as CalendarDate, "09:00", "America/New_York"),
      21,
    );
    await createDemoBusiness(app, { seed: 5, customers: 600, months: 1 });
    org = await app.organisation();
    await runBilling(app, { org, actor: TEST_ACTOR });
    const drafts = await listInvoices(app.db, org.id, { statuses: ["review", "draft"] });
    await issueInvoices(app, { org, invoiceIds: drafts.map((d) => d.id), actor: TEST_ACTOR });
    const open = await openInvoices(app.db, org.id);
    for (const inv of open) numbers.set(inv.id, inv.number);
    const mix = {
      clean_reference: 300,
      mangled_reference: 160,
      no_reference: 120,
      combined: 80,
      partial: 70,
      fee_deducted: 60,
      other_currency: 30,
      unrelated: 90,
      outgoing: 50,
      duplicate: 0,
    };
    truth = generateBankLines(open, seededRandom(42), {
      count: 5_000,
      currency: "USD",
      startOn: "2026-11-03",
      mix,
    }).lines;
    // Two statements that overlap by 500 lines: the second import adds only its new lines.
    const store = (file: string, lines: TruthLine[]) =>
      app.db.transaction((tx) =>
        storeStatements(tx, app, {
          orgId: org.id,
          file,
          sha256: file,
          format: "camt.053",
          statements: [
            {
              account: ACCOUNT,
              currency: "USD",
              openingBalance: null,
              closingBalance: null,
              lines,
            },
          ],
          actor: TEST_ACTOR,
        }),
      );
    await store("first.xml", truth.slice(0, 3_000));
    secondImport = await store("second.xml", truth.slice(2_500));
    report = await reconcileLines(app, { orgId: org.id, actor: TEST_ACTOR });
  }, 600_000);

  afterAll(async () => {
    await app?.close();
  });

  it("an overlapping statement adds only its new lines", () => {
    expect(secondImport).toMatchObject({ linesAdded: truth.length - 3_000, linesKnown: 500 });
    expect(report.lines).toBe(truth.length);
  });

  it("makes no wrong automatic match, and prints the rates", async () => {
    const matches = await listMatches(app.db, org.id);
    const byRef = new Map(matches.map((m) => [m.bankRef, m]));
    let wrong = 0;
    let shouldPay = 0;
    let appliedRight = 0;
    let suggestedRight = 0;
    const byKind = new Map<string, Record<string, number>>();
    for (const line of truth) {
      const m = byRef.get(line.bankRef);
      expect(m, line.bankRef ?? "").toBeDefined();
      const kind = byKind.get(line.kind) ?? {};
      kind[m!.status] = (kind[m!.status] ?? 0) + 1;
      byKind.set(line.kind, kind);
      const expected = line.pays
        .map((p) => `${numbers.get(p.invoiceId)}=${p.amount}`)
        .sort()
        .join(" ");
      const got = m!.allocations
        .map((a) => `${a.invoiceNumber}=${a.amount}`)
        .sort()
        .join(" ");
      if (line.pays.length > 0) shouldPay++;
      if (m!.status === "applied") {
        if (got === expected) appliedRight++;
        else {
          wrong++;
          console.log(
            `WRONG ${line.kind} ${line.reference} ${line.amount}: expected ${expected || "nothing"}, applied ${got}`,
          );
        }
      }
      if (m!.status === "suggested" && got === expected) suggestedRight++;
    }
    const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(1)}%`;
    console.log(
      [
        `${truth.length} lines: ${report.applied} applied, ${report.suggested} suggested, ${report.review} review, ${report.unmatched} unmatched`,
        `automatic match rate ${pct(appliedRight, shouldPay)} of the ${shouldPay} lines that pay invoices; wrong automatic matches: ${wrong}`,
        `review rate ${pct(report.review + report.suggested, truth.length)} (suggestions right: ${pct(suggestedRight, Math.max(1, report.suggested))})`,
        ...[...byKind].map(([kind, counts]) => `  ${kind.padEnd(18)} ${JSON.stringify(counts)}`),
      ].join("\n"),
    );
    expect(wrong).toBe(0);
    expect(appliedRight / shouldPay).toBeGreaterThan(0.5);
  });

  it("never applies money going out, deposits from nobody, another currency, part payments or fee-deducted payouts", async () => {
    const matches = await listMatches(app.db, org.id);
    const byRef = new Map(matches.map((m) => [m.bankRef, m]));
    for (const line of truth) {
      if (
        ["outgoing", "unrelated", "other_currency", "partial", "fee_deducted"].includes(line.kind)
      ) {
        expect(byRef.get(line.bankRef)?.status, `${line.kind} ${line.bankRef}`).not.toBe("applied");
      }
    }
    const fee = truth.filter((l) => l.kind === "fee_deducted").map((l) => byRef.get(l.bankRef));
    expect(fee.every((m) => m?.status === "review" && m.reason.startsWith("fee_short"))).toBe(true);
    const outgoing = truth.filter((l) => l.kind === "outgoing").map((l) => byRef.get(l.bankRef));
    expect(outgoing.every((m) => m?.status === "unmatched")).toBe(true);
  });

  it("keeps every invoice's balance equal to its total minus allocations, never below zero", async () => {
    const rows = await app.db.query<{
      number: string;
      total: number;
      balance: number;
      allocated: number;
    }>(
      `SELECT i.number, i.total_minor AS total, i.balance_minor AS balance,
              COALESCE((SELECT sum(a.amount_minor) FROM allocations a WHERE a.org_id = i.org_id AND a.invoice_id = i.id
                          AND a.undone_at IS NULL), 0)::bigint AS allocated
         FROM invoices i WHERE i.org_id = $1 AND i.kind = 'invoice' AND i.status = 'issued'`,
      [org.id],
    );
    const broken = rows.filter((r) => r.balance !== r.total - r.allocated || r.balance < 0);
    expect(broken).toEqual([]);
    const overdrawn = await app.db.query(
      `SELECT p.id FROM payments p WHERE p.org_id = $1 AND p.amount_minor <
         COALESCE((SELECT sum(a.amount_minor) FROM allocations a WHERE a.org_id = p.org_id AND a.payment_id = p.id AND a.undone_at IS NULL), 0)`,
      [org.id],
    );
    expect(overdrawn).toEqual([]);
  });
});
