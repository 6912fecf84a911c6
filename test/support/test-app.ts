import type { App } from "../../src/app/open-app.js";
import { type SettableClock, settableClock } from "../../src/kernel/clock.js";
import type { CalendarDate, Instant } from "../../src/kernel/dates.js";
import type { Db } from "../../src/kernel/db.js";
import { idGenerator } from "../../src/kernel/ids.js";
import { migrate } from "../../src/kernel/migrate.js";
import { seededRandom } from "../../src/kernel/random.js";
import { listOrganisations } from "../../src/sources/store.js";

export type TestApp = App & { clock: SettableClock; asOfDate: CalendarDate | null };

/**
 * The composition root over a test database: a settable clock (`setNow`), seeded ids and
 * randomness, the one organisation. `asOfDate` may be set to make commands walk a whole day.
 */
export async function testApp(db: Db, start: Instant, seed: number): Promise<TestApp> {
  const clock = settableClock(start);
  const random = seededRandom(seed);
  const migrations = await migrate(db, clock);
  const app: TestApp = {
    db,
    clock,
    ids: idGenerator(clock, seededRandom(seed + 1)),
    random,
    migrations,
    asOfDate: null,
    async organisation() {
      const [org] = await listOrganisations(db);
      if (!org) throw new Error("no organisation");
      return org;
    },
    useTimeZone() {},
    setNow(at) {
      clock.set(at);
    },
    close: () => db.close(),
  };
  return app;
}
