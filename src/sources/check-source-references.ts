import type { Queryable } from "../kernel/db.js";
import type { RowIssue } from "../kernel/errors.js";
import type { LineInput, SourceKind, SourceRow } from "./model.js";

type Lookup = Map<string, { id: string; customerId?: string }>;

async function lookup(
  db: Queryable,
  orgId: string,
  table: string,
  keyColumn: string,
  keys: readonly string[],
): Promise<Lookup> {
  const unique = [...new Set(keys)];
  if (unique.length === 0) return new Map();
  const customerCol = table === "contracts" ? ', customer_id AS "customerId"' : "";
  const rows = await db.query<{ id: string; key: string; customerId?: string }>(
    `SELECT id, ${keyColumn} AS key${customerCol} FROM ${table} WHERE org_id = $1 AND ${keyColumn} = ANY($2::text[])`,
    [orgId, unique],
  );
  return new Map(rows.map((r) => [r.key, r]));
}

/** The internal ids of the customers and contracts that a batch of rows names. */
export type ResolvedRefs = { customers: Lookup; contracts: Lookup };

/**
 * Checks what a batch of rows refers to in the database — customers, contracts, products, tax
 * codes — and reports every unknown reference with its line and column.
 */
export async function checkSourceReferences<K extends SourceKind>(
  db: Queryable,
  orgId: string,
  kind: K,
  file: string,
  rows: readonly SourceRow<K>[],
): Promise<{ issues: RowIssue[]; refs: ResolvedRefs }> {
  const issues: RowIssue[] = [];
  const records = rows.map((r) => r.record as Record<string, unknown>);
  const customerKeys = records
    .map((r) => r.customerExternalId)
    .filter((k): k is string => typeof k === "string");
  const contractKeys = records
    .map((r) => r.contractExternalId)
    .filter((k): k is string => typeof k === "string");
  const usageCode = (r: Record<string, unknown>) =>
    (r.usage as { productCode?: string } | null | undefined)?.productCode;
  const productCodes = records.flatMap((r) => [
    ...(Array.isArray(r.lines) ? (r.lines as LineInput[]).map((l) => l.productCode) : []),
    ...(usageCode(r) ? [usageCode(r) as string] : []),
  ]);
  const taxCodes = records
    .map((r) => (kind === "products" ? r.taxCode : undefined))
    .filter((k): k is string => typeof k === "string");

  const customers = await lookup(db, orgId, "customers", "external_id", customerKeys);
  const contracts = await lookup(db, orgId, "contracts", "external_id", contractKeys);
  const products = await lookup(db, orgId, "products", "code", productCodes);
  const taxes = await lookup(db, orgId, "tax_rates", "code", taxCodes);

  for (const { line, record } of rows) {
    const r = record as Record<string, unknown>;
    const say = (column: string, reason: string) => issues.push({ file, line, column, reason });
    const customerKey = r.customerExternalId as string | undefined;
    if (customerKey !== undefined && !customers.has(customerKey)) {
      say("customer_external_id", `unknown customer "${customerKey}"; import customers first`);
    }
    const contractKey = r.contractExternalId as string | null | undefined;
    if (typeof contractKey === "string") {
      const contract = contracts.get(contractKey);
      if (!contract) say("contract_external_id", `unknown contract "${contractKey}"`);
      else if (customerKey && contract.customerId !== customers.get(customerKey)?.id) {
        say("contract_external_id", `contract "${contractKey}" belongs to another customer`);
      }
    }
    for (const l of Array.isArray(r.lines) ? (r.lines as LineInput[]) : []) {
      if (!products.has(l.productCode)) {
        say("product_code", `unknown product "${l.productCode}"; import products first`);
      }
    }
    const usageProduct = usageCode(r);
    if (usageProduct !== undefined && !products.has(usageProduct)) {
      say("usage_product_code", `unknown product "${usageProduct}"; import products first`);
    }
    if (kind === "products" && !taxes.has(r.taxCode as string)) {
      say("tax_code", `unknown tax code "${String(r.taxCode)}"; import tax rates first`);
    }
  }
  return { issues, refs: { customers, contracts } };
}
