import { type Actor, type AuditEntry, audit } from "../kernel/audit.js";
import { canonicalJson, insertRows, updateRows } from "../kernel/bulk.js";
import type { Clock } from "../kernel/clock.js";
import type { Db } from "../kernel/db.js";
import { assert, ValidationError } from "../kernel/errors.js";
import type { Ids } from "../kernel/ids.js";
import { checkSourceReferences, type ResolvedRefs } from "./check-source-references.js";
import type { SourceKind, SourceRow } from "./model.js";
import { type Refs, SOURCE_TABLES } from "./source-tables.js";

export type ApplyDeps = { db: Db; clock: Clock; ids: Ids };
export type ApplyOutcome = { created: number; updated: number; unchanged: number };

const singular: Record<SourceKind, string> = {
  customers: "customer",
  contacts: "contact",
  products: "product",
  "tax-rates": "tax_rate",
  contracts: "contract",
  events: "billable_event",
};

/**
 * Upserts validated source rows by their key (external id, or code): new keys are created, changed
 * rows updated, identical rows left alone, so applying the same rows twice changes nothing. Every
 * create and update is audited. Unknown references reject the whole batch, naming each line.
 */
export async function applySourceRows<K extends SourceKind>(
  deps: ApplyDeps,
  input: { orgId: string; kind: K; file: string; rows: readonly SourceRow<K>[]; actor: Actor },
): Promise<ApplyOutcome> {
  const spec = SOURCE_TABLES[input.kind];
  return deps.db.transaction(async (tx) => {
    const { issues, refs } = await checkSourceReferences(
      tx,
      input.orgId,
      input.kind,
      input.file,
      input.rows,
    );
    if (issues.length > 0) throw new ValidationError(input.file, issues);

    const keys = input.rows.map((r) => spec.key(r.record));
    const names = spec.columns.map((c) => c.name).join(", ");
    const existing = await tx.query<Record<string, unknown>>(
      `SELECT id, ${spec.keyColumn} AS key, ${names} FROM ${spec.table}
        WHERE org_id = $1 AND ${spec.keyColumn} = ANY($2::text[])`,
      [input.orgId, keys],
    );
    const byKey = new Map(existing.map((row) => [row.key as string, row]));
    const now = deps.clock.now();
    const created: Record<string, unknown>[] = [];
    const updated: Record<string, unknown>[] = [];
    const entries: AuditEntry[] = [];
    const resolve = toRefs(refs);
    for (const { record } of input.rows) {
      const key = spec.key(record);
      const values = spec.toRow(record, resolve);
      const before = byKey.get(key);
      const entry = { orgId: input.orgId, actor: input.actor, at: now };
      if (!before) {
        const id = deps.ids.next(spec.idPrefix);
        created.push({ org_id: input.orgId, id, [spec.keyColumn]: key, ...values });
        const action = `${singular[input.kind]}.created`;
        entries.push({ ...entry, action, subjectId: id, before: null, after: values });
        continue;
      }
      const { id, key: _key, ...old } = before;
      if (canonicalJson(old) === canonicalJson(values)) continue;
      updated.push({ org_id: input.orgId, id, ...values });
      const action = `${singular[input.kind]}.updated`;
      entries.push({ ...entry, action, subjectId: id as string, before: old, after: values });
    }
    const stamps = [
      { name: "created_at", type: "timestamptz" },
      { name: "updated_at", type: "timestamptz" },
    ];
    const idCols = [
      { name: "org_id", type: "text" },
      { name: "id", type: "text" },
    ];
    await insertRows(
      tx,
      spec.table,
      [...idCols, { name: spec.keyColumn, type: "text" }, ...spec.columns, ...stamps],
      created.map((row) => ({ ...row, created_at: now, updated_at: now })),
    );
    await updateRows(
      tx,
      spec.table,
      idCols,
      [...spec.columns, stamps[1]!],
      updated.map((row) => ({ ...row, updated_at: now })),
    );
    await audit(tx, deps.ids, entries);
    // Large imports leave the planner's statistics behind (PGlite runs no autovacuum).
    if (created.length + updated.length >= 5_000) await tx.exec(`ANALYZE ${spec.table}`);
    const unchanged = input.rows.length - created.length - updated.length;
    assert(unchanged >= 0, "more rows written than given");
    return { created: created.length, updated: updated.length, unchanged };
  });
}

function toRefs(refs: ResolvedRefs): Refs {
  return {
    customerId: (key) => {
      const found = refs.customers.get(key);
      assert(found, `customer ${key} was resolved before writing`);
      return found.id;
    },
    contractId: (key) => {
      if (key === null) return null;
      const found = refs.contracts.get(key);
      assert(found, `contract ${key} was resolved before writing`);
      return found.id;
    },
  };
}
