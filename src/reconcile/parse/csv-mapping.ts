/**
 * A CSV profile's columns resolved against a file's header: each column named in the profile
 * (by header name or 0-based index) found in the table, with a label for error messages, and the
 * compiled date format, row filter and direction words the row reader needs. A column the file
 * lacks is refused, naming the header it has. Pure.
 */
import { CashloopError } from "../../kernel/errors.js";
import { StatementParseError } from "../statement-model.js";
import { compileDateFormat } from "./csv-date-format.js";
import { type ColumnRef, CREDIT_WORDS, type CsvProfile, DEBIT_WORDS } from "./csv-profile.js";
import { type CsvTable, normaliseHeader } from "./csv-table.js";

export type Column = { index: number; label: string };
export type Mapping = ReturnType<typeof resolveMapping>;

export function resolveMapping(p: CsvProfile, table: CsvTable, file: string) {
  const list = (refs: ColumnRef | ColumnRef[] | undefined, field: string): Column[] =>
    (refs === undefined ? [] : Array.isArray(refs) ? refs : [refs]).map((r) =>
      resolveColumn(r, field, table, file),
    );
  const one = (ref: ColumnRef | undefined, field: string) => list(ref, field)[0];
  const c = p.columns;
  const format = compileDateFormat(p.dateFormat);
  if (!format) throw new CashloopError("csv_profile_invalid", `CSV profile: bad dateFormat`);
  const lowered = (words: readonly string[]) => new Set(words.map((w) => w.toLowerCase()));
  return {
    format,
    bookingDate: list(c.bookingDate, "booking date"),
    valueDate: list(c.valueDate, "value date"),
    amount: one(c.amount, "amount"),
    debit: one(c.debit, "debit"),
    credit: one(c.credit, "credit"),
    direction: one(c.direction, "direction"),
    currency: one(c.currency, "currency"),
    name: list(c.counterpartyName, "counterparty name"),
    account: list(c.counterpartyAccount, "counterparty account"),
    reference: list(c.reference, "reference"),
    endToEnd: list(c.endToEndId, "end-to-end id"),
    bankRef: list(c.bankRef, "bank reference"),
    balance: one(c.balance, "balance"),
    ownAccount: one(c.account, "account"),
    keep: one(p.keepRowsWhere?.column, "keepRowsWhere"),
    keepValues: lowered(p.keepRowsWhere?.values ?? []),
    debitWords: lowered(p.directionValues?.debit ?? DEBIT_WORDS),
    creditWords: lowered(p.directionValues?.credit ?? CREDIT_WORDS),
    headerKey: table.header?.join("\u0000"),
  };
}

function resolveColumn(ref: ColumnRef, field: string, table: CsvTable, file: string): Column {
  const width = table.header?.length ?? table.rows[0]?.cells.length ?? 0;
  if (typeof ref === "number") {
    if (ref >= width) {
      throw new StatementParseError(
        file,
        String(table.headerLine),
        `${field}: column ${ref} (counting from 0) is past the last column; the file has ${width}`,
      );
    }
    const name = table.header?.[ref];
    return { index: ref, label: name ? `column "${name}"` : `column ${ref}` };
  }
  const wanted = normaliseHeader(ref);
  const index = table.header?.findIndex((h) => normaliseHeader(h) === wanted) ?? -1;
  if (index < 0) {
    const has = table.header
      ? `the header has ${table.header.map((h) => `"${h}"`).join(", ")}`
      : "the file has no header; name columns by 0-based index";
    throw new StatementParseError(
      file,
      String(table.headerLine),
      `${field}: no column "${ref}"; ${has}`,
    );
  }
  return { index, label: `column "${table.header?.[index]}"` };
}
