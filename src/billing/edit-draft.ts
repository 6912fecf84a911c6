import { type Actor, audit } from "../kernel/audit.js";
import { insertRows } from "../kernel/bulk.js";
import type { Clock } from "../kernel/clock.js";
import { todayIn } from "../kernel/dates.js";
import type { Db } from "../kernel/db.js";
import { CashloopError } from "../kernel/errors.js";
import type { Ids } from "../kernel/ids.js";
import type { CurrencyCode } from "../kernel/money.js";
import type { Organisation } from "../sources/model.js";
import { listProducts, listTaxRates } from "../sources/store.js";
import { contractPeriodPrice } from "./draft-lines.js";
import { finalizeDraft } from "./finalize-draft.js";
import type { DraftLine, ReviewReason } from "./model.js";
import { lineRow } from "./run-billing.js";
import {
  customersForBilling,
  earlierInvoices,
  getInvoice,
  getPolicy,
  LINE_COLUMNS,
} from "./store.js";

export type LineEdit = {
  position: number;
  quantity?: string;
  unitPriceMinor?: number;
  description?: string;
  taxCode?: string;
};

export type DraftEdits = { change: LineEdit[]; remove: number[] };

/**
 * Changes lines of a draft (quantity, price, description, tax code; or removes lines), re-prices
 * it and runs the review rules again: the draft lands in review or routine by the new reasons.
 */
export async function editDraft(
  deps: { db: Db; clock: Clock; ids: Ids },
  input: { org: Organisation; invoiceId: string; edits: DraftEdits; actor: Actor },
): Promise<{ status: "draft" | "review"; reasons: ReviewReason[]; totalMinor: number }> {
  const { org } = input;
  const draft = await getInvoice(deps.db, org.id, input.invoiceId);
  if (!draft) throw new CashloopError("invoice_not_found", `no draft ${input.invoiceId}`);
  if (draft.status !== "draft" && draft.status !== "review") {
    throw new CashloopError(
      "invoice_not_draft",
      `${draft.number ?? draft.id} is ${draft.status}; only drafts can be edited`,
    );
  }
  const lines: DraftLine[] = applyEdits(draft.lines, input.edits);
  const taxRates = new Map((await listTaxRates(deps.db, org.id)).map((t) => [t.code, t]));
  for (const l of lines) {
    if (!taxRates.has(l.taxCode))
      throw new CashloopError("tax_code_unknown", `--tax-code: unknown tax code ${l.taxCode}`);
  }
  const [customer] = await customersForBilling(deps.db, org.id, [draft.customerId]);
  const earlier = (await earlierInvoices(deps.db, org.id, [draft.customerId]))
    .filter((e) => e.id !== draft.id)
    .map((e) => ({ ...e, label: e.number ?? `draft ${e.id}`, issued: e.status === "issued" }));
  const contractId = draft.periods[0]?.contractId;
  let expected: number | null = null;
  if (contractId && draft.kind === "invoice" && draft.lines.every((l) => l.kind !== "proration")) {
    const [contract] = await deps.db.query<{ lines: DraftLine[] & never }>(
      "SELECT lines FROM contracts WHERE org_id = $1 AND id = $2",
      [org.id, contractId],
    );
    const products = new Map((await listProducts(deps.db, org.id)).map((p) => [p.code, p]));
    if (contract)
      expected = contractPeriodPrice(contract.lines, draft.currency as CurrencyCode, products);
  }
  const final = finalizeDraft({
    plan: {
      currency: draft.currency as CurrencyCode,
      lines,
      periodStart: draft.periodStart,
      periodEnd: draft.periodEnd,
      contractAlwaysReview: false,
      contractExpectedChargeMinor: expected,
      sourceKeys: draft.periods.map((p) => `contract:${p.contractId}:${p.start}`),
    },
    customer: customer!,
    earlier,
    policy: await getPolicy(deps.db, org.id),
    taxRates,
    today: todayIn(org.timeZone, deps.clock.now()),
    locale: org.locale,
  });
  const reasons = draft.kind === "credit_note" ? draft.reviewReasons : final.reasons;
  const status = reasons.length > 0 ? "review" : "draft";
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await tx.query("DELETE FROM invoice_lines WHERE org_id = $1 AND invoice_id = $2", [
      org.id,
      draft.id,
    ]);
    await insertRows(
      tx,
      "invoice_lines",
      LINE_COLUMNS,
      final.lines.map((l) => lineRow(org.id, draft.id, l)),
    );
    await tx.query(
      `UPDATE invoices SET status = $3, subtotal_minor = $4, tax_minor = $5, total_minor = $6,
              review_reasons = $7::text::jsonb, updated_at = $8
        WHERE org_id = $1 AND id = $2 AND status IN ('draft', 'review')`,
      [
        org.id,
        draft.id,
        status,
        final.subtotalMinor,
        final.taxMinor,
        final.totalMinor,
        JSON.stringify(reasons),
        now,
      ],
    );
    await audit(tx, deps.ids, {
      orgId: org.id,
      actor: input.actor,
      action: "invoice.edited",
      subjectId: draft.id,
      before: { lines: draft.lines, totalMinor: draft.total, reviewReasons: draft.reviewReasons },
      after: { lines: final.lines, totalMinor: final.totalMinor, reviewReasons: reasons },
      at: now,
    });
  });
  return { status, reasons, totalMinor: final.totalMinor };
}

function applyEdits(lines: (DraftLine & { position: number })[], edits: DraftEdits): DraftLine[] {
  for (const p of [...edits.remove, ...edits.change.map((c) => c.position)]) {
    if (!lines.some((l) => l.position === p))
      throw new CashloopError("line_not_found", `--line: the draft has no line ${p}`);
  }
  const kept = lines.filter((l) => !edits.remove.includes(l.position));
  if (kept.length === 0)
    throw new CashloopError("draft_empty", "a draft needs at least one line; reject it instead");
  return kept.map((l) => {
    const e = edits.change.find((c) => c.position === l.position);
    if (!e) return l;
    return {
      ...l,
      quantity: e.quantity ?? l.quantity,
      unitPriceMinor: e.unitPriceMinor ?? l.unitPriceMinor,
      description: e.description ?? l.description,
      taxCode: e.taxCode ?? l.taxCode,
      taxOverridden: l.taxOverridden || (e.taxCode !== undefined && e.taxCode !== l.taxCode),
    };
  });
}
