import { DEMO_DEFAULTS, type DemoData, generateDemo } from "../demo/generate-demo.js";
import type { Actor } from "../kernel/audit.js";
import { todayIn } from "../kernel/dates.js";
import { idGenerator } from "../kernel/ids.js";
import { seededRandom } from "../kernel/random.js";
import { applySourceRows } from "../sources/apply-source-rows.js";
import { createOrganisation } from "../sources/create-organisation.js";
import type { Organisation, SourceKind, SourceRow } from "../sources/model.js";
import { listOrganisations } from "../sources/store.js";
import type { App } from "./open-app.js";

export type DemoRequest = {
  seed?: number;
  customers?: number;
  months?: number;
  /** The organisation to fill; created as "Brightpath Services" when there is none. */
  orgSlug?: string;
};

export type DemoOutcome = {
  org: Organisation;
  created: boolean;
  counts: Record<SourceKind, number>;
};

const DEMO_ACTOR: Actor = { kind: "rule", id: "demo" };

/**
 * Fills an organisation with the demo business: the same seed and clock give the same data, ids
 * included (ids come from a generator seeded with the demo's seed). Safe to run twice: rows upsert
 * by external id.
 */
export async function createDemoBusiness(
  app: App,
  request: DemoRequest = {},
): Promise<DemoOutcome> {
  const seed = request.seed ?? DEMO_DEFAULTS.seed;
  const ids = idGenerator(app.clock, seededRandom(seed));
  const deps = { db: app.db, clock: app.clock, ids };
  const orgs = await listOrganisations(app.db);
  let org: Organisation;
  let created = false;
  if (orgs.length === 0 && request.orgSlug === undefined) {
    app.useTimeZone("America/New_York");
    org = await createOrganisation(deps, {
      name: "Brightpath Services",
      legalName: "Brightpath Services LLC",
      taxId: "84-2345678",
      address: {
        line1: "120 Hudson Street, Suite 4",
        line2: null,
        city: "New York",
        region: "NY",
        postalCode: "10013",
        country: "US",
      },
      currency: "USD",
      timeZone: "America/New_York",
      locale: "en-US",
      bankDetails: {
        accountName: "Brightpath Services LLC",
        iban: null,
        bic: null,
        accountNumber: "000123456789",
        routingNumber: "021000021",
        bankName: "First Demo Bank",
      },
      actor: DEMO_ACTOR,
    });
    created = true;
  } else {
    org = await app.organisation(request.orgSlug);
  }
  const data = generateDemo({
    seed,
    customers: request.customers ?? DEMO_DEFAULTS.customers,
    months: request.months ?? DEMO_DEFAULTS.months,
    asOf: todayIn(org.timeZone, app.clock.now()),
    currency: org.baseCurrency,
  });
  const order: [SourceKind, keyof DemoData][] = [
    ["tax-rates", "taxRates"],
    ["products", "products"],
    ["customers", "customers"],
    ["contacts", "contacts"],
    ["contracts", "contracts"],
    ["events", "events"],
  ];
  const counts = {} as Record<SourceKind, number>;
  for (const [kind, key] of order) {
    const rows = (data[key] as SourceRow<SourceKind>["record"][]).map((record, i) => ({
      line: i + 1,
      record,
    })) as SourceRow<typeof kind>[];
    await applySourceRows(deps, {
      orgId: org.id,
      kind,
      file: `demo:${kind}`,
      rows,
      actor: DEMO_ACTOR,
    });
    counts[kind] = rows.length;
  }
  return { org, created, counts };
}
