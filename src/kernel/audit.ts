import { type Column, insertRows } from "./bulk.js";
import type { Instant } from "./dates.js";
import type { Queryable } from "./db.js";
import type { Ids } from "./ids.js";

/** Who changed something: a person, an API token, a system rule, or a model (with its name). */
export type Actor =
  | { kind: "user"; id: string }
  | { kind: "api_token"; id: string }
  | { kind: "rule"; id: string }
  | { kind: "model"; id: string };

export type AuditEntry = {
  orgId: string | null;
  actor: Actor;
  /** `noun.verb_past`: `customer.created`, `invoice.issued`. */
  action: string;
  subjectId: string;
  before: unknown;
  after: unknown;
  at: Instant;
};

export const systemActor = (rule: string): Actor => ({ kind: "rule", id: rule });

const AUDIT_COLUMNS: Column[] = [
  { name: "org_id", type: "text" },
  { name: "id", type: "text" },
  { name: "actor_kind", type: "text" },
  { name: "actor_id", type: "text" },
  { name: "action", type: "text" },
  { name: "subject_id", type: "text" },
  { name: "before", type: "jsonb" },
  { name: "after", type: "jsonb" },
  { name: "at", type: "timestamptz" },
];

/** Appends rows to the audit log (a trigger refuses updates and deletes of that table). */
export async function audit(
  tx: Queryable,
  ids: Ids,
  entries: AuditEntry | readonly AuditEntry[],
): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries as AuditEntry];
  if (list.length === 0) return;
  const rows = list.map((e) => ({
    org_id: e.orgId,
    id: ids.next("aud"),
    actor_kind: e.actor.kind,
    actor_id: e.actor.id,
    action: e.action,
    subject_id: e.subjectId,
    before: e.before ?? null,
    after: e.after ?? null,
    at: e.at,
  }));
  await insertRows(tx, "audit_log", AUDIT_COLUMNS, rows);
}

export type AuditRow = {
  id: string;
  orgId: string | null;
  actorKind: string;
  actorId: string;
  action: string;
  subjectId: string;
  before: unknown;
  after: unknown;
  at: string;
};

export async function listAudit(
  db: Queryable,
  filter: { orgId?: string; subjectId?: string; action?: string; limit?: number } = {},
): Promise<AuditRow[]> {
  return db.query<AuditRow>(
    `SELECT id, org_id AS "orgId", actor_kind AS "actorKind", actor_id AS "actorId", action,
            subject_id AS "subjectId", before, after, at
       FROM audit_log
      WHERE ($1::text IS NULL OR org_id = $1) AND ($2::text IS NULL OR subject_id = $2)
        AND ($4::text IS NULL OR action = $4)
      ORDER BY id
      LIMIT $3`,
    [filter.orgId ?? null, filter.subjectId ?? null, filter.limit ?? 10_000, filter.action ?? null],
  );
}
