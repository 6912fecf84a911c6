import { type Actor, audit } from "../kernel/audit.js";
import { updateRows } from "../kernel/bulk.js";
import { businessCalendar } from "../kernel/business-calendar.js";
import type { Clock } from "../kernel/clock.js";
import { todayIn, yearMonth } from "../kernel/dates.js";
import type { Db, Queryable } from "../kernel/db.js";
import { assert, CashloopError } from "../kernel/errors.js";
import type { Ids } from "../kernel/ids.js";
import type { Random } from "../kernel/random.js";
import type { Organisation, PaymentTerms } from "../sources/model.js";
import { listHolidays } from "../sources/store.js";
import { dueDate } from "./due-date.js";
import type { CustomerSnapshot, SellerSnapshot } from "./model.js";
import { formatNumber } from "./policy.js";
import { customersForBilling, getPolicy } from "./store.js";

export type IssuedRef = { id: string; number: string };

/** Invoices numbered per transaction; the counter row stays locked only that long. */
export const issuePerTransaction = 500;

type Claimed = {
  id: string;
  kind: "invoice" | "credit_note";
  customerId: string;
  totalMinor: number;
  creditedInvoiceId: string | null;
};

/**
 * Issues drafts: each gets the next number of its series inside the same transaction that marks it
 * issued (the series' counter row locked for update), so numbers have no gap and no repeat under
 * concurrency and crashes. Drafts another process holds, or that are no longer drafts, are skipped.
 */
export async function issueInvoices(
  deps: { db: Db; clock: Clock; ids: Ids; random: Random },
  input: {
    org: Organisation;
    invoiceIds: readonly string[];
    actor: Actor;
    perTransaction?: number;
  },
): Promise<IssuedRef[]> {
  const { org } = input;
  const policy = await getPolicy(deps.db, org.id);
  const calendar = businessCalendar({
    weekendDays: org.weekendDays,
    holidays: await listHolidays(deps.db, org.id),
  });
  const issued: IssuedRef[] = [];
  const step = input.perTransaction ?? issuePerTransaction;
  for (let i = 0; i < input.invoiceIds.length; i += step) {
    const ids = input.invoiceIds.slice(i, i + step);
    const refs = await deps.db.transaction(async (tx) => {
      const now = deps.clock.now();
      const issueOn = todayIn(org.timeZone, now);
      const claimed = await tx.query<Claimed>(
        `SELECT i.id, i.kind, i.customer_id AS "customerId", i.total_minor AS "totalMinor",
                i.credited_invoice_id AS "creditedInvoiceId"
           FROM unnest($2::text[]) AS want(id)
           JOIN invoices i ON i.org_id = $1 AND i.id = want.id
          WHERE i.status IN ('draft', 'review') AND NOT (i.kind = 'invoice' AND i.total_minor <= 0)
          ORDER BY i.id FOR UPDATE OF i SKIP LOCKED`,
        [org.id, ids],
      );
      if (claimed.length === 0) return [];
      const customers = new Map(
        (await customersForBilling(tx, org.id, [...new Set(claimed.map((c) => c.customerId))])).map(
          (c) => [c.id, c],
        ),
      );
      const year = yearMonth(issueOn).year;
      const rows: Record<string, unknown>[] = [];
      const out: IssuedRef[] = [];
      for (const series of ["invoice", "credit_note"] as const) {
        const batch = claimed.filter((c) => c.kind === series);
        if (batch.length === 0) continue;
        const first = await takeNumbers(
          tx,
          org.id,
          series,
          policy.yearlyReset ? String(year) : "all",
          batch.length,
        );
        batch.forEach((c, k) => {
          const seq = first + k;
          const format =
            series === "invoice" ? policy.invoiceNumberFormat : policy.creditNoteNumberFormat;
          const number = formatNumber(format, year, seq);
          const customer = customers.get(c.customerId);
          assert(customer, "an invoice's customer exists");
          const snapshot: CustomerSnapshot = {
            externalId: customer.externalId,
            legalName: customer.legalName,
            taxId: customer.taxId,
            billingAddress: customer.billingAddress,
            paymentTerms: customer.paymentTerms,
            language: customer.language,
            billingEmail: customer.billingEmail,
          };
          rows.push({
            org_id: org.id,
            id: c.id,
            status: "issued",
            number,
            number_seq: seq,
            issue_on: issueOn,
            due_on:
              series === "invoice"
                ? dueDate(issueOn, customer.paymentTerms as PaymentTerms, {
                    calendar,
                    moveToBusinessDay: policy.dueOnBusinessDay,
                  })
                : null,
            balance_minor: series === "invoice" ? c.totalMinor : 0,
            customer_snapshot: snapshot,
            seller_snapshot: sellerSnapshot(org),
            portal_token: Buffer.from(deps.random.bytes(16)).toString("base64url"),
            issued_at: now,
            updated_at: now,
          });
          out.push({ id: c.id, number });
        });
      }
      await updateRows(
        tx,
        "invoices",
        [
          { name: "org_id", type: "text" },
          { name: "id", type: "text" },
        ],
        [
          { name: "status", type: "text" },
          { name: "number", type: "text" },
          { name: "number_seq", type: "bigint" },
          { name: "issue_on", type: "date" },
          { name: "due_on", type: "date" },
          { name: "balance_minor", type: "bigint" },
          { name: "customer_snapshot", type: "jsonb" },
          { name: "seller_snapshot", type: "jsonb" },
          { name: "portal_token", type: "text" },
          { name: "issued_at", type: "timestamptz" },
          { name: "updated_at", type: "timestamptz" },
        ],
        rows,
      );
      await applyCredits(tx, org.id, claimed);
      await audit(
        tx,
        deps.ids,
        rows.map((r) => ({
          orgId: org.id,
          actor: input.actor,
          action: "invoice.issued",
          subjectId: r.id as string,
          before: { status: "draft" },
          after: { status: "issued", number: r.number, issueOn: r.issue_on, dueOn: r.due_on },
          at: now,
        })),
      );
      return out;
    });
    issued.push(...refs);
  }
  return issued;
}

/** Reserves `count` consecutive numbers of a series; the row lock holds until the transaction ends. */
async function takeNumbers(
  tx: Queryable,
  orgId: string,
  series: string,
  period: string,
  count: number,
): Promise<number> {
  await tx.query(
    `INSERT INTO number_series (org_id, series, period, next_seq) VALUES ($1, $2, $3, 1)
     ON CONFLICT (org_id, series, period) DO NOTHING`,
    [orgId, series, period],
  );
  const [row] = await tx.query<{ next: number }>(
    `UPDATE number_series SET next_seq = next_seq + $4
      WHERE org_id = $1 AND series = $2 AND period = $3
      RETURNING next_seq - $4 AS next`,
    [orgId, series, period, count],
  );
  assert(row && row.next >= 1, "a number series row exists after its upsert");
  return row.next;
}

function sellerSnapshot(org: Organisation): SellerSnapshot {
  return {
    legalName: org.legalName,
    taxId: org.taxId,
    address: org.address,
    locale: org.locale,
    bankDetails: org.bankDetails,
  };
}

/** An issued credit note lowers what is left to pay on the invoice it credits, never below zero. */
async function applyCredits(tx: Queryable, orgId: string, claimed: Claimed[]): Promise<void> {
  for (const c of claimed) {
    if (c.kind !== "credit_note" || c.creditedInvoiceId === null) continue;
    const [row] = await tx.query<{ balance: number }>(
      `UPDATE invoices SET balance_minor = balance_minor - $3
        WHERE org_id = $1 AND id = $2 AND status = 'issued' AND balance_minor >= $3
        RETURNING balance_minor AS balance`,
      [orgId, c.creditedInvoiceId, c.totalMinor],
    );
    if (!row) {
      throw new CashloopError(
        "credit_exceeds_balance",
        `credit note ${c.id} is more than what is left to pay on the invoice it credits`,
      );
    }
  }
}
