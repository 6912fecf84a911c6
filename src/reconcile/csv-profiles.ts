/** Saved CSV mapping profiles, per organisation: a bank's export layout, named once. */
import type { Instant } from "../kernel/dates.js";
import type { Queryable } from "../kernel/db.js";
import { CashloopError } from "../kernel/errors.js";
import { type CsvProfile, parseCsvProfile } from "./parse/csv-profile.js";

export async function saveCsvProfile(
  db: Queryable,
  input: { orgId: string; name: string; profile: unknown; now: Instant },
): Promise<CsvProfile> {
  if (!/^[a-z0-9][a-z0-9_-]{0,40}$/i.test(input.name)) {
    throw new CashloopError(
      "profile_name_invalid",
      `"${input.name}": a profile name is letters, digits, - and _`,
      {
        field: "name",
      },
    );
  }
  const profile = parseCsvProfile(input.profile);
  await db.query(
    `INSERT INTO csv_profiles (org_id, name, profile, updated_at) VALUES ($1, $2, $3::text::jsonb, $4)
     ON CONFLICT (org_id, name) DO UPDATE SET profile = EXCLUDED.profile, updated_at = EXCLUDED.updated_at`,
    [input.orgId, input.name, JSON.stringify(profile), input.now],
  );
  return profile;
}

export async function getCsvProfile(
  db: Queryable,
  orgId: string,
  name: string,
): Promise<CsvProfile> {
  const [row] = await db.query<{ profile: unknown }>(
    `SELECT profile FROM csv_profiles WHERE org_id = $1 AND name = $2`,
    [orgId, name],
  );
  if (!row)
    throw new CashloopError("profile_not_found", `--profile: no saved CSV profile "${name}"`, {
      field: "profile",
    });
  return parseCsvProfile(row.profile);
}

export async function listCsvProfiles(
  db: Queryable,
  orgId: string,
): Promise<{ name: string; profile: CsvProfile }[]> {
  return db.query(`SELECT name, profile FROM csv_profiles WHERE org_id = $1 ORDER BY name`, [
    orgId,
  ]);
}
