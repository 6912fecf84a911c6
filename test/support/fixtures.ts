import { type Actor, listAudit } from "../../src/kernel/audit.js";
import { fixedClock } from "../../src/kernel/clock.js";
import type { Instant } from "../../src/kernel/dates.js";
import type { Db } from "../../src/kernel/db.js";
import { idGenerator } from "../../src/kernel/ids.js";
import { migrate } from "../../src/kernel/migrate.js";
import { seededRandom } from "../../src/kernel/random.js";
import { applySourceRows } from "../../src/sources/apply-source-rows.js";
import { createOrganisation } from "../../src/sources/create-organisation.js";
import type { Organisation, SourceKind, SourceRow } from "../../src/sources/model.js";

export const TEST_ACTOR: Actor = { kind: "user", id: "test" };
export const AS_OF = "2026-11-30T15:00:00.000Z" as Instant;

/** A migrated database with one organisation, a fixed clock and seeded ids. */
export async function orgFixture(db: Db, seed = 7) {
  const clock = fixedClock(AS_OF);
  const ids = idGenerator(clock, seededRandom(seed));
  await migrate(db, clock);
  const deps = { db, clock, ids };
  const org: Organisation = await createOrganisation(deps, {
    name: "Test Services",
    currency: "USD",
    timeZone: "America/New_York",
    locale: "en-US",
    actor: TEST_ACTOR,
  });
  return { deps, org, auditCount: async () => (await listAudit(db, { orgId: org.id })).length };
}

/** Source records loaded as `cashloop import KIND` loads a file: numbered rows, all or nothing. */
export function applyRecords<K extends SourceKind>(
  deps: Parameters<typeof applySourceRows>[0],
  orgId: string,
  kind: K,
  records: SourceRow<K>["record"][],
) {
  return applySourceRows(deps, {
    orgId,
    kind,
    file: kind,
    actor: TEST_ACTOR,
    rows: records.map((record, i) => ({ line: i + 1, record })),
  });
}
