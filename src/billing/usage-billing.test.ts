import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ENGINES } from "../../test/support/engines.js";
import { TEST_ACTOR } from "../../test/support/fixtures.js";
import { testWorld } from "../../test/support/test-world.js";
import type { Instant } from "../kernel/dates.js";
import type { Db } from "../kernel/db.js";
import type { CurrencyCode } from "../kernel/money.js";
import type { Organisation } from "../sources/model.js";
import { runBilling } from "./run-billing.js";
import { getInvoice, listInvoices } from "./store.js";

const USD = "USD" as CurrencyCode;

describe.each(ENGINES)("usage billing on $name", (engine) => {
  let db: Db;
  let org: Organisation;
  const w = testWorld("2026-11-01T17:00:00.000Z" as Instant, 5);
  const { clock, deps } = w;
  const apply: typeof w.apply = (kind, records) => w.apply(kind, records);
  const usage = (externalId: string, day: string, quantity: string) =>
    apply("events", [
      {
        externalId,
        kind: "usage_reported",
        customerExternalId: "C1",
        contractExternalId: "K1",
        occurredAt: `${day}T15:00:00.000Z` as Instant,
        notes: null,
        lines: [{ productCode: "API", quantity, unitPriceMinor: null, description: null }],
      },
    ]);
  const usageNets = async (
    match: (i: { periods: { start: string }[]; source: string }) => boolean,
  ) => {
    const found = (await listInvoices(db, org.id)).find(match);
    const full = await getInvoice(db, org.id, found!.id);
    return full!.lines
      .filter((l) => l.kind === "usage")
      .map((l) => [l.quantity, l.unitPriceMinor, l.netMinor]);
  };

  beforeEach(async () => {
    db = await engine.open();
    org = await w.open(db, {
      name: "Metered",
      currency: "USD",
      timeZone: "America/New_York",
      locale: "en-US",
      actor: TEST_ACTOR,
    });
    await apply("tax-rates", [
      { code: "NONE", name: "None", rateBps: 0, inclusive: false, exempt: false, zeroRated: false },
    ]);
    await apply("products", [
      {
        code: "PLAT",
        name: "Platform",
        unit: "month",
        unitPriceMinor: 10_000,
        currency: USD,
        taxCode: "NONE",
      },
      {
        code: "API",
        name: "API calls",
        unit: "call",
        unitPriceMinor: 50,
        currency: USD,
        taxCode: "NONE",
      },
    ]);
    await apply("customers", [
      {
        externalId: "C1",
        legalName: "Metered Co",
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
        lines: [{ productCode: "PLAT", quantity: "1", unitPriceMinor: null, description: null }],
        usage: {
          productCode: "API",
          includedQuantity: "1000",
          mode: "graduated",
          thresholdQuantity: "5000",
          tiers: [
            { upToQuantity: "2000", unitPriceMinor: 50 },
            { upToQuantity: null, unitPriceMinor: 30 },
          ],
        },
      },
    ]);
  });
  afterEach(async () => {
    await db.close();
  });

  it("prices a period's usage past the included quantity by tier, on the next draft", async () => {
    await usage("U1", "2026-11-10", "800");
    await usage("U2", "2026-11-20", "1500");
    clock.set("2026-12-01T17:00:00.000Z" as Instant);
    await runBilling(deps(), { org, actor: TEST_ACTOR });
    const december = await usageNets((i) => i.periods[0]?.start === "2026-12-01");
    expect(december).toEqual([
      ["1000", 0, 0],
      ["1000", 50, 50_000],
      ["300", 30, 9_000],
    ]);
  });

  it("bills usage that crosses the threshold mid-period at once, then only the rest at the period's end", async () => {
    clock.set("2026-12-01T17:00:00.000Z" as Instant);
    await runBilling(deps(), { org, actor: TEST_ACTOR });
    await usage("U3", "2026-12-04", "4000");
    clock.set("2026-12-05T17:00:00.000Z" as Instant);
    expect((await runBilling(deps(), { org, actor: TEST_ACTOR })).drafted).toBe(0); // under the threshold
    await usage("U4", "2026-12-08", "2000");
    clock.set("2026-12-10T17:00:00.000Z" as Instant);
    expect((await runBilling(deps(), { org, actor: TEST_ACTOR })).drafted).toBe(1);
    const supplemental = await usageNets((i) => i.source === "usage");
    expect(supplemental).toEqual([
      ["1000", 0, 0],
      ["1000", 50, 50_000],
      ["4000", 30, 120_000],
    ]);
    await usage("U5", "2026-12-20", "500");
    clock.set("2027-01-01T17:00:00.000Z" as Instant);
    await runBilling(deps(), { org, actor: TEST_ACTOR });
    const january = await usageNets((i) => i.periods[0]?.start === "2027-01-01");
    expect(january).toEqual([["500", 30, 15_000]]);
  });
});
