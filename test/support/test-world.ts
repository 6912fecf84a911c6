import { settableClock } from "../../src/kernel/clock.js";
import type { Instant } from "../../src/kernel/dates.js";
import type { Db } from "../../src/kernel/db.js";
import { idGenerator } from "../../src/kernel/ids.js";
import { migrate } from "../../src/kernel/migrate.js";
import { seededRandom } from "../../src/kernel/random.js";
import {
  type CreateOrganisationInput,
  createOrganisation,
} from "../../src/sources/create-organisation.js";
import type { Organisation, SourceKind, SourceRow } from "../../src/sources/model.js";
import { applyRecords, TEST_ACTOR } from "./fixtures.js";

/**
 * A billing world for use-case tests: a settable clock, seeded ids, one organisation, and
 * `apply` to load source records. `open` resets the clock and migrates a fresh database.
 */
export function testWorld(start: Instant, seed: number) {
  const clock = settableClock(start);
  const ids = idGenerator(clock, seededRandom(seed));
  const random = seededRandom(seed + 1);
  let db: Db | undefined;
  let org: Organisation | undefined;
  const deps = () => {
    if (!db) throw new Error("testWorld.open() first");
    return { db, clock, ids, random };
  };
  return {
    clock,
    deps,
    async open(
      target: Db,
      organisation: Partial<CreateOrganisationInput> = {},
    ): Promise<Organisation> {
      db = target;
      clock.set(start);
      await migrate(target, clock);
      org = await createOrganisation(deps(), {
        name: "Test Co",
        currency: "USD",
        timeZone: "America/New_York",
        locale: "en-US",
        actor: TEST_ACTOR,
        ...organisation,
      });
      return org;
    },
    apply<K extends SourceKind>(kind: K, records: SourceRow<K>["record"][]) {
      if (!org) throw new Error("testWorld.open() first");
      return applyRecords(deps(), org.id, kind, records);
    },
  };
}
