import { type Actor, audit } from "../kernel/audit.js";
import type { Clock } from "../kernel/clock.js";
import type { Db } from "../kernel/db.js";
import { CashloopError } from "../kernel/errors.js";
import type { Ids } from "../kernel/ids.js";
import type { CurrencyCode } from "../kernel/money.js";
import { listTaxRates } from "../sources/store.js";
import { priceLines } from "./finalize-draft.js";
import type { DraftLine } from "./model.js";
import { lineRow } from "./run-billing.js";
import { getInvoice, insertDrafts } from "./store.js";

export type CreditNoteRequest = {
  orgId: string;
  /** The issued invoice to credit, by number or id. */
  invoice: string;
  /** Credit these lines (1-based positions) in full… */
  linePositions?: number[];
  /** …or this net amount (minor units), for an invoice with a single tax code. */
  amountMinor?: number;
  reason: string;
  actor: Actor;
};

/**
 * Drafts a credit note against an issued invoice. It always waits in the review tray (reason
 * `credit_note`): a person approves it, and only then does it get a number of its own series and
 * reduce the invoice's balance.
 */
export async function createCreditNote(
  deps: { db: Db; clock: Clock; ids: Ids },
  request: CreditNoteRequest,
): Promise<{ id: string; totalMinor: number }> {
  if (!request.reason.trim())
    throw new CashloopError("reason_missing", "--reason: say why", { field: "reason" });
  const invoice = await getInvoice(deps.db, request.orgId, request.invoice);
  if (invoice?.kind !== "invoice" || invoice.status !== "issued") {
    throw new CashloopError(
      "invoice_not_issued",
      `${request.invoice}: no issued invoice with that number`,
    );
  }
  const lines = creditLines(invoice.lines, request);
  const taxRates = new Map((await listTaxRates(deps.db, request.orgId)).map((t) => [t.code, t]));
  const priced = priceLines(invoice.currency as CurrencyCode, lines, taxRates);
  if (priced.totals.totalMinor > invoice.balance) {
    throw new CashloopError(
      "credit_exceeds_balance",
      `the credit ${priced.totals.totalMinor} is more than what is left to pay on ${invoice.number} (${invoice.balance}, minor units of ${invoice.currency})`,
    );
  }
  const id = deps.ids.next("inv");
  const now = deps.clock.now();
  const reasons = [
    { code: "credit_note", message: `credit note for ${invoice.number}: ${request.reason}` },
  ];
  await deps.db.transaction(async (tx) => {
    await insertDrafts(tx, {
      invoices: [
        {
          org_id: request.orgId,
          id,
          kind: "credit_note",
          status: "review",
          series: "credit_note",
          customer_id: invoice.customerId,
          currency: invoice.currency,
          period_start: invoice.periodStart,
          period_end: invoice.periodEnd,
          subtotal_minor: priced.totals.subtotalMinor,
          tax_minor: priced.totals.taxMinor,
          total_minor: priced.totals.totalMinor,
          balance_minor: 0,
          review_reasons: reasons,
          source: "credit_note",
          credited_invoice_id: invoice.id,
          status_reason: request.reason,
          notes: null,
          created_at: now,
          updated_at: now,
        },
      ],
      lines: priced.lines.map((l) => lineRow(request.orgId, id, l)),
      periods: [],
      events: [],
      changes: [],
    });
    await audit(tx, deps.ids, {
      orgId: request.orgId,
      actor: request.actor,
      action: "credit_note.drafted",
      subjectId: id,
      before: null,
      after: {
        creditedInvoice: invoice.number,
        totalMinor: priced.totals.totalMinor,
        reason: request.reason,
      },
      at: now,
    });
  });
  return { id, totalMinor: priced.totals.totalMinor };
}

function creditLines(
  original: (DraftLine & { position: number })[],
  request: CreditNoteRequest,
): DraftLine[] {
  const base = (l: DraftLine): DraftLine => ({ ...l, kind: "credit" });
  if (request.linePositions && request.linePositions.length > 0) {
    return request.linePositions.map((p) => {
      const line = original.find((l) => l.position === p);
      if (!line) throw new CashloopError("line_not_found", `--lines: the invoice has no line ${p}`);
      return base(line);
    });
  }
  if (request.amountMinor === undefined || request.amountMinor <= 0) {
    throw new CashloopError("credit_amount_missing", "give --lines or a positive --amount");
  }
  const taxCodes = [...new Set(original.map((l) => l.taxCode))];
  if (taxCodes.length !== 1) {
    throw new CashloopError(
      "credit_amount_ambiguous",
      `the invoice has ${taxCodes.length} tax codes; credit --lines instead of an --amount`,
    );
  }
  const first = original[0]!;
  return [
    {
      ...base(first),
      description: `Credit: ${request.reason}`,
      productCode: null,
      quantity: "1",
      unitCode: "C62",
      unitPriceMinor: request.amountMinor,
      listPriceMinor: null,
      discountMinor: 0,
      eventId: null,
    },
  ];
}
