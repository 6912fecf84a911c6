import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ENGINES } from "../../test/support/engines.js";
import { TEST_ACTOR } from "../../test/support/fixtures.js";
import { testWorld } from "../../test/support/test-world.js";
import type { Instant } from "../kernel/dates.js";
import type { Db } from "../kernel/db.js";
import type { CurrencyCode } from "../kernel/money.js";
import type { Organisation } from "../sources/model.js";
import { issueInvoices } from "./issue-invoices.js";
import { runBilling } from "./run-billing.js";
import { setPolicy } from "./set-policy.js";
import { listInvoices } from "./store.js";

const USD = "USD" as CurrencyCode;

describe.each(ENGINES)("routine drafts on $name", (engine) => {
  let db: Db;
  let org: Organisation;
  const w = testWorld("2026-11-02T17:00:00.000Z" as Instant, 9);

  beforeEach(async () => {
    db = await engine.open();
    org = await w.open(db, { name: "Routine LLC" });
    await w.apply("tax-rates", [
      { code: "STD", name: "Std", rateBps: 825, inclusive: false, exempt: false, zeroRated: false },
    ]);
    await w.apply("products", [
      {
        code: "RET",
        name: "Retainer",
        unit: "month",
        unitPriceMinor: 120_000,
        currency: USD,
        taxCode: "STD",
      },
    ]);
    await w.apply("customers", [
      {
        externalId: "C1",
        legalName: "Steady Client Inc",
        taxId: "12-3456789",
        billingAddress: {
          line1: "1 Main St",
          line2: null,
          city: "Austin",
          region: "TX",
          postalCode: "78701",
          country: "US",
        },
        currency: USD,
        language: "en",
        timeZone: "America/Chicago",
        paymentTerms: { kind: "net", days: 30 },
        segment: "corporate",
        preferredChannels: ["email"],
        payerProfile: "punctual",
      },
    ]);
    await w.apply("contacts", [
      {
        externalId: "P1",
        customerExternalId: "C1",
        name: "Ana",
        role: "billing",
        email: "ap@steady.example",
        phone: null,
        whatsappOptIn: false,
      },
    ]);
    await w.apply("contracts", [
      {
        externalId: "K1",
        customerExternalId: "C1",
        schedule: "monthly",
        startOn: "2026-11-01" as never,
        endOn: null,
        timing: "advance",
        currency: USD,
        usage: null,
        lines: [{ productCode: "RET", quantity: "1", unitPriceMinor: null, description: null }],
      },
    ]);
  });
  afterEach(async () => {
    await db.close();
  });

  it("wait as routine drafts by default, and are issued automatically when the policy says so", async () => {
    const first = await runBilling(w.deps(), { org, actor: TEST_ACTOR });
    expect(first).toMatchObject({ drafted: 1, review: 1 }); // the customer's first invoice
    const [november] = await listInvoices(db, org.id, { statuses: ["review"] });
    expect(november?.reviewReasons.map((r) => r.code)).toEqual(["first_invoice"]);
    await issueInvoices(w.deps(), { org, invoiceIds: [november!.id], actor: TEST_ACTOR });

    w.clock.set("2026-12-01T17:00:00.000Z" as Instant);
    expect(await runBilling(w.deps(), { org, actor: TEST_ACTOR })).toMatchObject({
      drafted: 1,
      routine: 1,
      issued: 0,
    });
    expect((await listInvoices(db, org.id, { statuses: ["draft"] })).length).toBe(1);

    await setPolicy(w.deps(), { orgId: org.id, changes: { autoIssue: true }, actor: TEST_ACTOR });
    // The December draft that waited and January's new one are both issued by the next run.
    w.clock.set("2027-01-04T17:00:00.000Z" as Instant);
    expect(await runBilling(w.deps(), { org, actor: TEST_ACTOR })).toMatchObject({
      drafted: 1,
      routine: 1,
      issued: 2,
    });
    const issued = await listInvoices(db, org.id, { statuses: ["issued"] });
    expect(issued.map((i) => [i.number, i.issueDate, i.dueDate])).toEqual([
      ["INV-2026-000001", "2026-11-02", "2026-12-02"],
      // A new year starts the series again; net 30 from 4 January is Wednesday 3 February.
      ["INV-2027-000001", "2027-01-04", "2027-02-03"],
      ["INV-2027-000002", "2027-01-04", "2027-02-03"],
    ]);
  });
});
