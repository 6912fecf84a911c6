/**
 * A CSV export's running balance column → the statement's opening and closing balance. Each
 * balance must follow from the one before and the line's amount, whichever order the bank listed
 * the lines in; a balance that does not is refused, naming its line. Pure.
 */
import type { CalendarDate } from "../../kernel/dates.js";
import { money, toDecimalString } from "../../kernel/money.js";
import { type StatementLine, StatementParseError } from "../statement-model.js";
import type { Column } from "./csv-mapping.js";

export type Booked = { line: number; date: CalendarDate; amount: number; balance: number | null };

export function balancesOf(booked: Booked[], lines: StatementLine[], column: Column, file: string) {
  if (lines.length === 0) return undefined;
  const currencies = [...new Set(lines.map((l) => l.currency))];
  if (currencies.length > 1) {
    const other = lines.findIndex((l) => l.currency !== lines[0]?.currency);
    throw new StatementParseError(
      file,
      String(booked[other]?.line),
      `balance (${column.label}): one running balance cannot cover several currencies (${currencies.join(", ")})`,
    );
  }
  const fmt = (n: number) => toDecimalString(money(n, currencies[0] ?? ""));
  return checkRunningBalances(
    booked,
    (row, expected) =>
      new StatementParseError(
        file,
        String(row.line),
        `balance (${column.label}): ${fmt(row.balance ?? 0)} does not follow from the balance before it and this line's amount ${fmt(row.amount)} (expected ${fmt(expected)})`,
      ),
  );
}

type Chain =
  | { ok: true; opening: number | null; closing: number | null }
  | { ok: false; at: number; expected: number };

/**
 * Checks each running balance against the one before plus the line's amount, in booking order.
 * Exports list lines oldest first or newest first, and some sort only by date, so the file's
 * order, its reverse and both date orders are tried. Opening = first balance − its amount,
 * closing = last balance. When orders that fit give different balances (every line on one day,
 * amounts that fit both ways) no balance is given rather than a guess; when none fits, the line
 * where the chain breaks in the file's own direction is named.
 */
export function checkRunningBalances(
  rows: readonly Booked[],
  mismatch: (row: Booked, expected: number) => Error,
): { opening: number | null; closing: number | null } {
  const forward = rows.map((_, i) => i);
  const backward = [...forward].reverse();
  const byDate = (order: number[]) =>
    [...order].sort((a, b) => (rows[a]?.date ?? "").localeCompare(rows[b]?.date ?? ""));
  const orders = [forward, backward, byDate(forward), byDate(backward)];
  const chains = orders.map((order) => ({ order, result: chain(rows, order) }));
  const passing = chains.filter((c) => c.result.ok);
  // An order whose dates run forward is the likelier one; value dates may not, so others count too.
  const dated = passing.filter(({ order }) =>
    order.every(
      (i, k) => k === 0 || (rows[order[k - 1] ?? i]?.date ?? "") <= (rows[i]?.date ?? ""),
    ),
  );
  const pick = dated.length > 0 ? dated : passing;
  const results = new Set(
    pick.map(({ result }) => (result.ok ? `${result.opening}/${result.closing}` : "")),
  );
  const first = pick[0]?.result;
  if (first?.ok) return results.size === 1 ? first : { opening: null, closing: null };
  const dates = rows.map((r) => r.date);
  const newestFirst =
    dates.some((d, i) => i > 0 && d !== dates[i - 1]) &&
    dates.every((d, i) => i === 0 || d <= (dates[i - 1] ?? d));
  const broken = chains[newestFirst ? 1 : 0]?.result;
  const row = broken && !broken.ok ? rows[broken.at] : undefined;
  if (!broken || broken.ok || !row) throw new Error("unreachable: a failed chain names its row");
  throw mismatch(row, broken.expected);
}

function chain(rows: readonly Booked[], order: number[]): Chain {
  let running: number | null = null;
  let opening: number | null = null;
  let before = 0;
  for (const i of order) {
    const row = rows[i];
    if (!row) continue;
    if (running !== null) running += row.amount;
    if (row.balance !== null) {
      if (running === null) {
        running = row.balance;
        opening = row.balance - before - row.amount;
      } else if (running !== row.balance) {
        return { ok: false, at: i, expected: running };
      }
    }
    before += row.amount;
  }
  return { ok: true, opening, closing: running };
}
