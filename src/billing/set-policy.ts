import { type Actor, audit } from "../kernel/audit.js";
import type { Clock } from "../kernel/clock.js";
import type { Db } from "../kernel/db.js";
import { CashloopError } from "../kernel/errors.js";
import type { Ids } from "../kernel/ids.js";
import { type BillingPolicy, billingPolicySchema, DEFAULT_POLICY, parsePolicy } from "./policy.js";
import { getPolicy, savePolicy } from "./store.js";

/** "autoIssue=true" "highValueMinor=250000" → typed changes, checked against the policy's fields. */
export function parsePolicyChanges(pairs: readonly string[]): Partial<BillingPolicy> {
  const changes: Record<string, unknown> = {};
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    const key = at > 0 ? pair.slice(0, at) : "";
    if (!Object.hasOwn(billingPolicySchema.shape, key)) {
      throw new CashloopError(
        "policy_field_unknown",
        `"${pair}": use KEY=VALUE with KEY one of ${Object.keys(billingPolicySchema.shape).join(", ")}`,
        { field: key || pair },
      );
    }
    const text = pair.slice(at + 1);
    const current = DEFAULT_POLICY[key as keyof BillingPolicy];
    if (typeof current === "boolean") {
      if (text !== "true" && text !== "false")
        throw new CashloopError("policy_invalid", `${key}: use true or false`, { field: key });
      changes[key] = text === "true";
    } else if (typeof current === "number") {
      if (!/^\d+$/.test(text))
        throw new CashloopError("policy_invalid", `${key}: "${text}" is not a whole number`, {
          field: key,
        });
      changes[key] = Number(text);
    } else changes[key] = text;
  }
  return changes as Partial<BillingPolicy>;
}

export async function setPolicy(
  deps: { db: Db; clock: Clock; ids: Ids },
  input: { orgId: string; changes: Partial<BillingPolicy>; actor: Actor },
): Promise<BillingPolicy> {
  return deps.db.transaction(async (tx) => {
    const before = await getPolicy(tx, input.orgId);
    const after = parsePolicy({ ...before, ...input.changes });
    const now = deps.clock.now();
    await savePolicy(tx, input.orgId, after, now);
    await audit(tx, deps.ids, {
      orgId: input.orgId,
      actor: input.actor,
      action: "policy.updated",
      subjectId: input.orgId,
      before,
      after,
      at: now,
    });
    return after;
  });
}

/** Marks a customer or a contract "never automatic" (or lifts it): its drafts always wait for a person. */
export async function setAlwaysReview(
  deps: { db: Db; clock: Clock; ids: Ids },
  input: {
    orgId: string;
    table: "customers" | "contracts";
    key: string;
    value: boolean;
    actor: Actor;
  },
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const rows = await tx.query<{ id: string; before: boolean }>(
      `UPDATE ${input.table} t SET always_review = $3
         FROM ${input.table} old
        WHERE t.org_id = $1 AND (t.id = $2 OR t.external_id = $2) AND old.org_id = t.org_id AND old.id = t.id
        RETURNING t.id, old.always_review AS before`,
      [input.orgId, input.key, input.value],
    );
    const row = rows[0];
    if (!row)
      throw new CashloopError("record_not_found", `no ${input.table.slice(0, -1)} ${input.key}`);
    await audit(tx, deps.ids, {
      orgId: input.orgId,
      actor: input.actor,
      action: `${input.table.slice(0, -1)}.always_review_set`,
      subjectId: row.id,
      before: { alwaysReview: row.before },
      after: { alwaysReview: input.value },
      at: deps.clock.now(),
    });
  });
}
