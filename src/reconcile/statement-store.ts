import type { CalendarDate } from "../kernel/dates.js";
import type { Queryable } from "../kernel/db.js";

export type StoredLine = {
  id: string;
  account: string;
  bookingDate: CalendarDate;
  valueDate: CalendarDate | null;
  amount: number;
  currency: string;
  counterpartyName: string | null;
  counterpartyAccount: string | null;
  reference: string | null;
  bankRef: string | null;
  status: string;
};

export async function listStatementLines(
  db: Queryable,
  orgId: string,
  filter: { status?: string } = {},
): Promise<StoredLine[]> {
  return db.query<StoredLine>(
    `SELECT l.id, a.account, l.booking_date AS "bookingDate", l.value_date AS "valueDate", l.amount_minor AS amount,
            l.currency, l.counterparty_name AS "counterpartyName", l.counterparty_account AS "counterpartyAccount",
            l.reference, l.bank_ref AS "bankRef", l.status
       FROM statement_lines l JOIN bank_accounts a ON a.org_id = l.org_id AND a.id = l.account_id
      WHERE l.org_id = $1 AND ($2::text IS NULL OR l.status = $2)
      ORDER BY l.booking_date, l.id`,
    [orgId, filter.status ?? null],
  );
}
