import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ENGINES } from "../../test/support/engines.js";
import { TEST_ACTOR } from "../../test/support/fixtures.js";
import { testWorld } from "../../test/support/test-world.js";
import type { Instant } from "../kernel/dates.js";
import type { Db } from "../kernel/db.js";
import type { CurrencyCode } from "../kernel/money.js";
import type { Organisation } from "../sources/model.js";
import { changeContract } from "./change-contract.js";
import { runBilling } from "./run-billing.js";
import { getInvoice, listInvoices } from "./store.js";

const USD = "USD" as CurrencyCode;

describe.each(ENGINES)("a mid-cycle plan change on $name", (engine) => {
  let db: Db;
  let org: Organisation;
  const w = testWorld("2026-11-01T17:00:00.000Z" as Instant, 3);
  const { clock, deps } = w;
  const apply: typeof w.apply = (kind, records) => w.apply(kind, records);

  beforeEach(async () => {
    db = await engine.open();
    org = await w.open(db, {
      name: "Plans Inc",
      currency: "USD",
      timeZone: "America/New_York",
      locale: "en-US",
      actor: TEST_ACTOR,
    });
    await apply("tax-rates", [
      {
        code: "STD",
        name: "Std",
        rateBps: 1000,
        inclusive: false,
        exempt: false,
        zeroRated: false,
      },
    ]);
    await apply("products", [
      {
        code: "PLAN",
        name: "Plan",
        unit: "month",
        unitPriceMinor: 100_000,
        currency: USD,
        taxCode: "STD",
      },
    ]);
    await apply("customers", [
      {
        externalId: "C1",
        legalName: "Upgrader LLC",
        taxId: null,
        billingAddress: null,
        currency: USD,
        language: "en",
        timeZone: "America/New_York",
        paymentTerms: { kind: "net", days: 30 },
        segment: "corporate",
        preferredChannels: ["email"],
        payerProfile: null,
      },
    ]);
    await apply("contracts", [
      {
        externalId: "K1",
        customerExternalId: "C1",
        schedule: "monthly",
        startOn: "2026-11-01" as never,
        endOn: null,
        timing: "advance",
        currency: USD,
        usage: null,
        lines: [{ productCode: "PLAN", quantity: "1", unitPriceMinor: null, description: null }],
      },
    ]);
  });
  afterEach(async () => {
    await db.close();
  });

  it("credits the unused old plan and charges the new one for the rest of the billed period", async () => {
    clock.set("2026-12-01T17:00:00.000Z" as Instant);
    expect((await runBilling(deps(), { org, actor: TEST_ACTOR })).drafted).toBe(2); // November, December
    await changeContract(deps(), {
      orgId: org.id,
      contract: "K1",
      effectiveOn: "2026-12-16",
      change: { position: 1, unitPrice: "1600.00" },
      actor: TEST_ACTOR,
    });
    clock.set("2027-01-01T17:00:00.000Z" as Instant);
    expect((await runBilling(deps(), { org, actor: TEST_ACTOR })).drafted).toBe(1);
    const january = (await listInvoices(db, org.id)).find(
      (i) => i.periods[0]?.start === "2027-01-01",
    )!;
    const draft = (await getInvoice(db, org.id, january.id))!;
    // December: 31 days, 15 used on the old plan, 16 left. Largest remainder puts the odd cent
    // on the bigger share: old 100,000 → 48,387 used + 51,613 unused; new 160,000 → 77,419 + 82,581.
    expect(draft.lines.map((l) => [l.kind, l.netMinor])).toEqual([
      ["charge", 160_000],
      ["proration", -51_613],
      ["proration", 82_581],
    ]);
    expect(draft.subtotal).toBe(160_000 - 51_613 + 82_581);
    expect(draft.reviewReasons.map((r) => r.code)).not.toContain("contract_mismatch");
    // Settled once: the next month bills the new plan only.
    clock.set("2027-02-01T17:00:00.000Z" as Instant);
    await runBilling(deps(), { org, actor: TEST_ACTOR });
    const february = (await listInvoices(db, org.id)).find(
      (i) => i.periods[0]?.start === "2027-02-01",
    )!;
    expect(february.subtotal).toBe(160_000);
  });

  it("bills a change inside a period not billed yet as the old plan before it and the new plan after", async () => {
    await changeContract(deps(), {
      orgId: org.id,
      contract: "K1",
      effectiveOn: "2026-12-16",
      change: { position: 1, unitPrice: "1600.00" },
      actor: TEST_ACTOR,
    });
    clock.set("2026-12-01T17:00:00.000Z" as Instant);
    await runBilling(deps(), { org, actor: TEST_ACTOR });
    const december = (await listInvoices(db, org.id)).find(
      (i) => i.periods[0]?.start === "2026-12-01",
    )!;
    // 160,000 for December, then the first 15 days corrected to the old plan: +48,387 − 77,419.
    expect(december.subtotal).toBe(160_000 + 48_387 - 77_419);
  });

  it("refuses a change dated outside the contract", async () => {
    await expect(
      changeContract(deps(), {
        orgId: org.id,
        contract: "K1",
        effectiveOn: "2026-10-01",
        change: { position: 1 },
        actor: TEST_ACTOR,
      }),
    ).rejects.toMatchObject({ code: "change_date_invalid" });
  });
});
