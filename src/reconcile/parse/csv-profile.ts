/**
 * A CSV mapping profile: which columns of a bank's CSV export hold the booking date, the amount,
 * the counterparty… and how its dates and numbers are written. Validated by zod, strictly: an
 * unknown key (a typo such as "refrence") is rejected, never silently ignored, because an ignored
 * key would quietly drop a column. What a date format means is in csv-date-format.ts, what the
 * separators mean in csv-amount.ts, and the built-in layouts of common banks in csv-layouts.ts.
 */
import { z } from "zod";
import { CashloopError } from "../../kernel/errors.js";
import { compileDateFormat } from "./csv-date-format.js";

const columnRef = z.union([z.string().trim().min(1), z.number().int().min(0).max(9_999)], {
  error: "a column is its header name or its 0-based index",
});
/** One column, or several: joined with a space for `reference`, else the first non-blank. */
const columnRefs = z.union([columnRef, z.array(columnRef).min(1).max(30)], {
  error: "a column (header name or 0-based index) or a list of columns",
});
export type ColumnRef = z.infer<typeof columnRef>;

const columnsSchema = z.strictObject({
  bookingDate: columnRefs,
  valueDate: columnRefs.optional(),
  /** Signed amount: money in positive (unless `amountSign` is "negated"). */
  amount: columnRef.optional(),
  /** Money out; written positive or negative, always read as a debit. */
  debit: columnRef.optional(),
  /** Money in; read as a credit whatever its sign. */
  credit: columnRef.optional(),
  /** With `amount`: a column saying debit or credit (Mint "Transaction Type", ING "Af Bij"). */
  direction: columnRef.optional(),
  currency: columnRef.optional(),
  counterpartyName: columnRefs.optional(),
  counterpartyAccount: columnRefs.optional(),
  reference: columnRefs.optional(),
  /** A SEPA end-to-end id; used as the reference unless "NOTPROVIDED" or an RF reference exists. */
  endToEndId: columnRefs.optional(),
  bankRef: columnRefs.optional(),
  /** The running balance after each line; turns on the opening/closing balance check. */
  balance: columnRef.optional(),
  /** The statement's own account (IBAN or number); must be the same on every row. */
  account: columnRef.optional(),
});

/** Default words of a direction column (compared ignoring case), in EN, DE, NL, FR and ES. */
// biome-ignore format: word lists
export const DEBIT_WORDS = ["debit", "dr", "d", "db", "af", "s", "soll", "belastung", "débit", "débito",
  "debito", "cargo", "withdrawal", "out"];
// biome-ignore format: word lists
export const CREDIT_WORDS = ["credit", "cr", "c", "bij", "h", "haben", "gutschrift", "crédit", "crédito",
  "credito", "abono", "deposit", "in"];

const wordList = z.array(z.string().trim().min(1)).min(1).max(50);

export const csvProfileSchema = z
  .strictObject({
    /** The layout, for people: "Sparkasse", "Schwab checking", "my bank". */
    name: z.string().max(100).optional(),
    delimiter: z.enum([",", ";", "\t", "auto"]).default("auto"),
    /** Physical lines (blank or not) before the header line, or before the data when headerless. */
    skipRows: z.number().int().min(0).max(1_000).default(0),
    hasHeader: z.boolean().default(true),
    columns: columnsSchema,
    /** A fixed ISO 4217 currency, or the fallback when the currency column is blank. */
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, "an ISO 4217 code such as EUR")
      .optional(),
    /** Tokens YYYY YY MM M MMM DD D with separators - . / space; e.g. "DD.MM.YYYY". */
    dateFormat: z.string().refine((f) => compileDateFormat(f) !== undefined, {
      error: 'a date format of YYYY or YY, MM, M or MMM, DD or D and separators, e.g. "DD.MM.YYYY"',
    }),
    decimalSeparator: z.enum([".", ","]),
    /** Grouping of thousands; when absent, the other of . and , or a space or apostrophe. */
    thousandsSeparator: z.enum([",", ".", " ", "'", ""]).optional(),
    /** "negated" for exports that list money out as positive (card and shop statements). */
    amountSign: z.enum(["as-written", "negated"]).default("as-written"),
    /** Values of the `direction` column (compared ignoring case); defaults cover EN/DE/NL/FR/ES. */
    directionValues: z.strictObject({ debit: wordList, credit: wordList }).optional(),
    /** Keep only rows whose column holds one of the values (e.g. Status "Posted"). */
    keepRowsWhere: z.strictObject({ column: columnRef, values: wordList }).optional(),
    /** Rows with every amount cell blank are not transactions (pending or cancelled orders). */
    skipRowsWithoutAmount: z.boolean().default(false),
    /** The account (IBAN or number) the statement is for: CSV exports rarely say. */
    account: z.string().trim().min(1).max(64).optional(),
  })
  .superRefine((p, ctx) => {
    const c = p.columns;
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: "custom", path, message });
    const split = c.debit !== undefined || c.credit !== undefined;
    if (c.amount === undefined && !split) {
      issue(["columns"], 'name either "amount" or both "debit" and "credit"');
    }
    if (c.amount !== undefined && split) {
      issue(["columns"], 'name either "amount" or "debit" and "credit", not both');
    }
    if (split && (c.debit === undefined || c.credit === undefined)) {
      issue(["columns", c.debit === undefined ? "debit" : "credit"], "debit needs credit too");
    }
    if (c.direction !== undefined && c.amount === undefined) {
      issue(["columns", "direction"], 'a direction column goes with "amount"');
    }
    if (p.amountSign === "negated" && c.amount === undefined) {
      issue(["amountSign"], 'only applies to an "amount" column');
    }
    if (c.currency === undefined && p.currency === undefined) {
      issue(["currency"], 'give a fixed "currency" or a "currency" column');
    }
    if (!p.hasHeader) {
      for (const [key, ref] of Object.entries(c)) {
        const refs = Array.isArray(ref) ? ref : [ref];
        if (refs.some((r) => typeof r === "string")) {
          issue(["columns", key], "a file without a header names columns by 0-based index");
        }
      }
      if (typeof p.keepRowsWhere?.column === "string") {
        issue(
          ["keepRowsWhere", "column"],
          "a file without a header names columns by 0-based index",
        );
      }
    }
    if (p.thousandsSeparator === p.decimalSeparator) {
      issue(["thousandsSeparator"], "must differ from the decimal separator");
    }
  });

export type CsvProfile = z.infer<typeof csvProfileSchema>;
/** What a person writes (defaults may be left out). */
export type CsvProfileInput = z.input<typeof csvProfileSchema>;

const keysAt: Record<string, readonly string[]> = {
  "": Object.keys(csvProfileSchema.shape),
  columns: Object.keys(columnsSchema.shape),
  directionValues: ["debit", "credit"],
  keepRowsWhere: ["column", "values"],
};

/** A profile from JSON (a saved mapping, a CLI flag); names each wrong or unknown key. */
export function parseCsvProfile(value: unknown): CsvProfile {
  const parsed = csvProfileSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.slice(0, 5).map((issue) => {
    const at = issue.path.join(".");
    if (issue.code === "unrecognized_keys") {
      const allowed = keysAt[at]?.join(", ") ?? "";
      const where = at === "" ? "the profile" : `"${at}"`;
      return `unknown key ${issue.keys.map((k) => `"${k}"`).join(", ")} in ${where} (allowed: ${allowed})`;
    }
    return `${at === "" ? "profile" : at}: ${issue.message}`;
  });
  throw new CashloopError("csv_profile_invalid", `CSV profile: ${problems.join("; ")}`, {
    field: parsed.error.issues[0]?.path.join(".") ?? "",
  });
}
