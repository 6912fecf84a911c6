import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ENGINES } from "../../test/support/engines.js";
import { orgFixture, TEST_ACTOR } from "../../test/support/fixtures.js";
import type { Instant } from "../kernel/dates.js";
import type { Db } from "../kernel/db.js";
import type { CurrencyCode } from "../kernel/money.js";
import { applySourceRows } from "./apply-source-rows.js";
import type { CustomerInput, SourceKind, SourceRow } from "./model.js";
import { listContracts, listCustomers, listEvents } from "./store.js";

const USD = "USD" as CurrencyCode;

function customer(n: number, over: Partial<CustomerInput> = {}): CustomerInput {
  return {
    externalId: `C${n}`,
    legalName: `Customer ${n} LLC`,
    taxId: null,
    billingAddress: null,
    currency: USD,
    language: "en",
    timeZone: "America/Chicago",
    paymentTerms: { kind: "net", days: 30 },
    segment: "small_business",
    preferredChannels: ["email"],
    payerProfile: null,
    ...over,
  };
}

const rows = <K extends SourceKind>(records: SourceRow<K>["record"][]): SourceRow<K>[] =>
  records.map((record, i) => ({ line: i + 2, record }));

describe.each(ENGINES)("applySourceRows on $name", (engine) => {
  let db: Db;
  let fx: Awaited<ReturnType<typeof orgFixture>>;
  const apply = <K extends SourceKind>(kind: K, records: SourceRow<K>["record"][]) =>
    applySourceRows(fx.deps, {
      orgId: fx.org.id,
      kind,
      file: `${kind}.csv`,
      rows: rows(records),
      actor: TEST_ACTOR,
    });

  beforeEach(async () => {
    db = await engine.open();
    fx = await orgFixture(db);
  });
  afterEach(async () => {
    await db.close();
  });

  it("creates new rows, then applying the same rows again changes nothing", async () => {
    expect(await apply("customers", [customer(1), customer(2)])).toEqual({
      created: 2,
      updated: 0,
      unchanged: 0,
    });
    const audits = await fx.auditCount();
    const before = await listCustomers(db, fx.org.id);
    expect(await apply("customers", [customer(1), customer(2)])).toEqual({
      created: 0,
      updated: 0,
      unchanged: 2,
    });
    expect(await fx.auditCount()).toBe(audits);
    expect(await listCustomers(db, fx.org.id)).toEqual(before);
  });

  it("updates a changed row in place, keeps its id, and audits before and after", async () => {
    await apply("customers", [customer(1)]);
    const [first] = await listCustomers(db, fx.org.id);
    const audits = await fx.auditCount();
    const changed = customer(1, { paymentTerms: { kind: "end_of_month", days: 15 } });
    expect(await apply("customers", [changed])).toMatchObject({ updated: 1 });
    const [second] = await listCustomers(db, fx.org.id);
    expect(second?.id).toBe(first?.id);
    expect(second?.paymentTerms).toEqual({ kind: "end_of_month", days: 15 });
    expect(await fx.auditCount()).toBe(audits + 1);
  });

  it("rejects the whole batch when a row names an unknown customer or product", async () => {
    await apply("customers", [customer(1)]);
    const attempt = apply("contracts", [
      {
        externalId: "K1",
        customerExternalId: "C1",
        schedule: "monthly",
        startOn: "2026-01-01" as never,
        endOn: null,
        timing: "advance",
        currency: USD,
        lines: [{ productCode: "NOPE", quantity: "1", unitPriceMinor: null, description: null }],
        usage: null,
      },
      {
        externalId: "K2",
        customerExternalId: "C9",
        schedule: "monthly",
        startOn: "2026-01-01" as never,
        endOn: null,
        timing: "advance",
        currency: USD,
        lines: [],
        usage: null,
      },
    ]);
    await expect(attempt).rejects.toMatchObject({
      code: "input_invalid",
      issues: [
        { line: 2, column: "product_code", reason: expect.stringContaining("NOPE") },
        { line: 3, column: "customer_external_id", reason: expect.stringContaining("C9") },
      ],
    });
    expect(await listContracts(db, fx.org.id)).toEqual([]);
  });

  it("stores contracts and events with their lines and resolved references", async () => {
    await apply("tax-rates", [
      {
        code: "STD",
        name: "Standard",
        rateBps: 825,
        inclusive: false,
        exempt: false,
        zeroRated: false,
      },
    ]);
    await apply("products", [
      {
        code: "RET",
        name: "Retainer",
        unit: "month",
        unitPriceMinor: 150000,
        currency: USD,
        taxCode: "STD",
      },
    ]);
    await apply("customers", [customer(1)]);
    const line = {
      productCode: "RET",
      quantity: "1.5",
      unitPriceMinor: 99900,
      description: "Custom",
    };
    await apply("contracts", [
      {
        externalId: "K1",
        customerExternalId: "C1",
        schedule: "monthly:day-15",
        startOn: "2026-02-14" as never,
        endOn: null,
        timing: "arrears",
        currency: USD,
        lines: [line],
        usage: null,
      },
    ]);
    await apply("events", [
      {
        externalId: "E1",
        kind: "usage_reported",
        customerExternalId: "C1",
        contractExternalId: "K1",
        occurredAt: "2026-11-02T14:00:00.000Z" as Instant,
        notes: "October usage",
        lines: [line],
      },
    ]);
    const [contract] = await listContracts(db, fx.org.id);
    expect(contract).toMatchObject({
      customerName: "Customer 1 LLC",
      startOn: "2026-02-14",
      lines: [line],
    });
    const [event] = await listEvents(db, fx.org.id);
    expect(event).toMatchObject({
      contractId: contract?.id,
      occurredAt: "2026-11-02T14:00:00.000Z",
    });
  });
});

describe.each(ENGINES)("usage pricing references on $name", (engine) => {
  it("rejects a contract whose usage product does not exist, naming the column", async () => {
    const db = await engine.open();
    try {
      const fx = await orgFixture(db);
      const apply = <K extends SourceKind>(kind: K, records: SourceRow<K>["record"][]) =>
        applySourceRows(fx.deps, {
          orgId: fx.org.id,
          kind,
          file: "k.csv",
          rows: rows(records),
          actor: TEST_ACTOR,
        });
      await apply("customers", [customer(1)]);
      await expect(
        apply("contracts", [
          {
            externalId: "K1",
            customerExternalId: "C1",
            schedule: "monthly",
            startOn: "2026-01-01" as never,
            endOn: null,
            timing: "advance",
            currency: USD,
            lines: [],
            usage: {
              productCode: "NOPE",
              includedQuantity: "0",
              mode: "graduated",
              thresholdQuantity: null,
              tiers: [{ upToQuantity: null, unitPriceMinor: 1 }],
            },
          },
        ]),
      ).rejects.toMatchObject({ issues: [{ line: 2, column: "usage_product_code" }] });
    } finally {
      await db.close();
    }
  });
});
