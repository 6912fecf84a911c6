/** The organisation's cadence policy, or one customer segment's override, replaced as a whole. */
import type { Instant } from "../kernel/dates.js";
import type { Queryable } from "../kernel/db.js";
import { CashloopError } from "../kernel/errors.js";
import { CADENCE_SEGMENTS, type CadenceSegment, cadencePolicySchema } from "./cadence-policy.js";
import type { CadencePolicy } from "./model.js";
import { cadencePolicies, policyFor } from "./store.js";

export function isCadenceSegment(value: string): value is CadenceSegment {
  return (CADENCE_SEGMENTS as readonly string[]).includes(value);
}

export async function getCadencePolicy(
  db: Queryable,
  orgId: string,
  segment: CadenceSegment,
): Promise<CadencePolicy> {
  return policyFor(await cadencePolicies(db, orgId), segment);
}

export async function setCadencePolicy(
  db: Queryable,
  input: { orgId: string; segment: CadenceSegment; policy: unknown; file: string; now: Instant },
): Promise<CadencePolicy> {
  const parsed = cadencePolicySchema.safeParse(input.policy);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue?.path.join(".") || "policy";
    throw new CashloopError(
      "cadence_invalid",
      `${input.file}: ${at}: ${issue?.message ?? "invalid"}`,
      {
        file: input.file,
        field: at,
      },
    );
  }
  await db.query(
    `INSERT INTO cadence_policies (org_id, segment, policy, updated_at) VALUES ($1, $2, $3::text::jsonb, $4)
     ON CONFLICT (org_id, segment) DO UPDATE SET policy = EXCLUDED.policy, updated_at = EXCLUDED.updated_at`,
    [input.orgId, input.segment, JSON.stringify(parsed.data), input.now],
  );
  return parsed.data;
}
