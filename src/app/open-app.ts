import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { type Clock, type SettableClock, settableClock, systemClock } from "../kernel/clock.js";
import {
  type CalendarDate,
  type Instant,
  isCalendarDate,
  parseInstant,
  zonedDateTimeToInstant,
} from "../kernel/dates.js";
import type { Db } from "../kernel/db.js";
import { openPglite } from "../kernel/db-pglite.js";
import { openPostgres } from "../kernel/db-postgres.js";
import { CashloopError } from "../kernel/errors.js";
import { type Ids, idGenerator } from "../kernel/ids.js";
import { type MigrateOutcome, migrate } from "../kernel/migrate.js";
import { type Random, secureRandom, seededRandom } from "../kernel/random.js";
import type { Organisation } from "../sources/model.js";
import { listOrganisations } from "../sources/store.js";

export type AppOptions = {
  /** Folder of the embedded database; ignored when `databaseUrl` is set. */
  dataDir: string;
  databaseUrl?: string | undefined;
  /** PostgreSQL schema to use (tests); default the server's search path. */
  schema?: string | undefined;
  /** `YYYY-MM-DD` (noon in the organisation's zone) or an ISO 8601 instant. */
  asOf?: string | undefined;
  /** Seeds ids and every other random choice, for tests and simulations. */
  seed?: number | undefined;
};

export type App = {
  readonly db: Db;
  readonly clock: Clock;
  readonly ids: Ids;
  readonly random: Random;
  readonly migrations: MigrateOutcome;
  /** The organisation named by `slug`, or the only one; pins an `--as-of` date to its zone. */
  organisation(slug?: string): Promise<Organisation>;
  /** Pins an `--as-of` date to noon in `zone` (done by `organisation()` for its zone). */
  useTimeZone(zone: string): void;
  /** The `--as-of` date when one was given as a date (a simulated day), else null. */
  readonly asOfDate: CalendarDate | null;
  /** Moves a simulated clock (only with `--as-of`): commands that walk through a day use it. */
  setNow(at: Instant): void;
  close(): Promise<void>;
};

/** Builds everything a command needs, once: database (migrated), clock, ids, randomness. */
export async function openApp(options: AppOptions): Promise<App> {
  const asOf = parseAsOf(options.asOf);
  const settable: SettableClock | undefined =
    asOf === undefined
      ? undefined
      : settableClock(
          asOf.kind === "instant" ? asOf.at : zonedDateTimeToInstant(asOf.date, "12:00", "UTC"),
        );
  const clock: Clock = settable ?? systemClock();
  const random = options.seed === undefined ? secureRandom() : seededRandom(options.seed);
  const ids = idGenerator(clock, random);
  const db = await openDb(options);
  let migrations: MigrateOutcome;
  try {
    migrations = await migrate(db, clock);
  } catch (error) {
    await db.close();
    throw error;
  }
  const useTimeZone = (zone: string) => {
    if (asOf?.kind === "date" && settable) {
      settable.set(zonedDateTimeToInstant(asOf.date, "12:00", zone));
    }
  };
  return {
    db,
    clock,
    ids,
    random,
    migrations,
    useTimeZone,
    asOfDate: asOf?.kind === "date" ? asOf.date : null,
    setNow(at) {
      if (!settable) {
        throw new CashloopError("clock_not_simulated", "the clock can only be moved with --as-of");
      }
      settable.set(at);
    },
    async organisation(slug) {
      const orgs = await listOrganisations(db);
      const org = slug === undefined ? onlyOrg(orgs) : orgs.find((o) => o.slug === slug);
      if (!org) {
        throw new CashloopError(
          "organisation_not_found",
          `--org: no organisation "${slug}"; there are: ${orgs.map((o) => o.slug).join(", ") || "none"}`,
          { field: "org" },
        );
      }
      useTimeZone(org.timeZone);
      return org;
    },
    close: () => db.close(),
  };
}

function onlyOrg(orgs: Organisation[]): Organisation | undefined {
  if (orgs.length === 0) {
    throw new CashloopError(
      "organisation_missing",
      "no organisation yet: run `cashloop init --name … --currency … --time-zone … --locale …` or `cashloop demo`",
    );
  }
  if (orgs.length > 1) {
    throw new CashloopError(
      "organisation_ambiguous",
      `there are ${orgs.length} organisations; choose one with --org (${orgs.map((o) => o.slug).join(", ")})`,
      { field: "org" },
    );
  }
  return orgs[0];
}

type AsOf =
  | { kind: "date"; date: CalendarDate }
  | { kind: "instant"; at: ReturnType<typeof parseInstant> };

function parseAsOf(text: string | undefined): AsOf | undefined {
  if (text === undefined) return undefined;
  if (isCalendarDate(text)) return { kind: "date", date: text };
  try {
    return { kind: "instant", at: parseInstant(text) };
  } catch {
    throw new CashloopError(
      "as_of_invalid",
      `--as-of: "${text}" is neither a date (YYYY-MM-DD) nor an ISO 8601 instant`,
      { field: "as-of" },
    );
  }
}

async function openDb(options: AppOptions): Promise<Db> {
  if (options.databaseUrl) {
    return openPostgres(options.databaseUrl, options.schema ? { schema: options.schema } : {});
  }
  const dir = resolve(options.dataDir);
  mkdirSync(dir, { recursive: true });
  return openPglite(dir);
}
