/**
 * A CSV mapping profile: which columns of a bank's CSV export hold the booking date, the amount,
 * the counterparty… and how its dates and numbers are written. Validated by zod, strictly: an
 * unknown key (a typo such as "refrence") is rejected, never silently ignored, because an ignored
 * key would quietly drop a column. Also here: what a date format and the decimal and thousands
 * separators mean (the parser and the detector share them), and the built-in layouts of common
 * banks' exports.
 */
import { z } from "zod";
import { type CalendarDate, dateFromParts } from "../../kernel/dates.js";
import { CashloopError } from "../../kernel/errors.js";

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

// ---- What a date format means ----

type DatePart = "year" | "shortYear" | "month" | "monthName" | "day";
export type CompiledDateFormat = { format: string; regex: RegExp; parts: DatePart[] };

const dateTokens = /YYYY|YY|MMM|MM|M|DD|D|[-./ ]/y;
const timeSuffix =
  "(?:(?:[ T]|,\\s*)\\d{1,2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?(?:\\s*[AaPp][Mm])?(?:\\s*(?:Z|UTC|GMT|[+-]\\d{2}:?\\d{2}))?)?";
const compiled = new Map<string, CompiledDateFormat | undefined>();

/** "DD.MM.YYYY" → a matcher; undefined when the format is not one year, month and day. */
export function compileDateFormat(format: string): CompiledDateFormat | undefined {
  if (compiled.has(format)) return compiled.get(format);
  const tokens: string[] = [];
  dateTokens.lastIndex = 0;
  while (typeof format === "string" && dateTokens.lastIndex < format.length) {
    const match = dateTokens.exec(format);
    if (!match) break;
    tokens.push(match[0]);
  }
  const complete = tokens.join("") === format && format.length > 0;
  const compact = !tokens.some((t) => /^[-./ ]$/.test(t)); // YYYYMMDD: fixed widths
  const parts: DatePart[] = [];
  const pattern = tokens.map((t) => {
    if (t === "YYYY") return parts.push("year") && "(\\d{4})";
    if (t === "YY") return parts.push("shortYear") && "(\\d{2})";
    if (t === "MMM") return parts.push("monthName") && "(\\p{L}{3,9})\\.?";
    if (t === "MM" || t === "M")
      return parts.push("month") && (compact ? "(\\d{2})" : "(\\d{1,2})");
    if (t === "DD" || t === "D") return parts.push("day") && (compact ? "(\\d{2})" : "(\\d{1,2})");
    return t === " " ? "\\s+" : t === "." ? "\\." : t;
  });
  const count = (...kinds: DatePart[]) => parts.filter((p) => kinds.includes(p)).length;
  const valid =
    complete &&
    count("year", "shortYear") === 1 &&
    count("month", "monthName") === 1 &&
    count("day") === 1;
  const result = valid
    ? { format, regex: new RegExp(`^${pattern.join("")}${timeSuffix}$`, "u"), parts }
    : undefined;
  if (compiled.size < 200) compiled.set(format, result);
  return result;
}

/** Month names and abbreviations in English, German, Dutch, French and Spanish. */
// biome-ignore format: a table
const monthNames: Record<string, number> = {
  jan: 1, ene: 1, janv: 1, feb: 2, fev: 2, fevr: 2, mar: 3, mrz: 3, mrt: 3, maer: 3, apr: 4,
  abr: 4, avr: 4, may: 5, mai: 5, mei: 5, jun: 6, june: 6, juin: 6, jul: 7, july: 7, juil: 7,
  aug: 8, ago: 8, aou: 8, sep: 9, sept: 9, set: 9, oct: 10, okt: 10, nov: 11, dec: 12, dez: 12,
  dic: 12,
};

function monthFromName(name: string): number | undefined {
  const plain = name.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  return monthNames[plain] ?? monthNames[plain.slice(0, 4)] ?? monthNames[plain.slice(0, 3)];
}

/** The calendar date `text` names in `format` (a time after it is ignored), else undefined. */
export function parseDateAs(text: string, format: CompiledDateFormat): CalendarDate | undefined {
  const match = format.regex.exec(text.trim());
  if (!match) return undefined;
  let year = 0;
  let month: number | undefined;
  let day = 0;
  format.parts.forEach((part, i) => {
    const value = match[i + 1] ?? "";
    if (part === "year") year = Number(value);
    else if (part === "shortYear") year = Number(value) + (Number(value) < 70 ? 2000 : 1900);
    else if (part === "month") month = Number(value);
    else if (part === "monthName") month = monthFromName(value);
    else day = Number(value);
  });
  if (month === undefined) return undefined;
  try {
    return dateFromParts(year, month, day);
  } catch {
    return undefined;
  }
}

// ---- What the separators mean ----

export type AmountStyle = {
  decimalSeparator: "." | ",";
  thousandsSeparator?: "," | "." | " " | "'" | "" | undefined;
};

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * "1.234,56-", "(1,234.56)", "$-57.27", "-123,45 €", "11'373.94" → a plain decimal such as
 * "-1234.56"; undefined when the text is not one amount in this style. Grouping must come in
 * threes before the decimal separator, so a swapped separator is caught, not misread.
 */
export function normaliseAmount(text: string, style: AmountStyle): string | undefined {
  let s = text.trim().replace(/\u2212/g, "-");
  let negative = false;
  const parens = /^\((.*)\)$/.exec(s);
  if (parens) {
    negative = true;
    s = parens[1] ?? "";
  }
  s = s
    .replace(/[$€£¥₹]/gu, "")
    .replace(/^[A-Z]{3}\s*|\s*[A-Z]{3}$/g, "")
    .trim();
  const leading = /^([+-])\s*(.*)$/.exec(s);
  const trailing = /^(.*?)\s*-$/.exec(s); // "12,50-" in German exports
  if (leading) {
    negative = negative !== (leading[1] === "-");
    s = leading[2] ?? "";
  } else if (trailing) {
    negative = !negative;
    s = trailing[1] ?? "";
  }
  const d = escapeRegex(style.decimalSeparator);
  const groups =
    style.thousandsSeparator !== undefined
      ? style.thousandsSeparator === ""
        ? []
        : [style.thousandsSeparator]
      : [style.decimalSeparator === "." ? "," : ".", " ", "\u00a0", "\u202f", "'", "\u2019"];
  const grouped = groups.map((g) => `\\d{1,3}(?:${escapeRegex(g)}\\d{3})+`);
  const match = new RegExp(`^(\\d+|${[...grouped, ""].join("|")})(?:${d}(\\d+))?$`, "u").exec(s);
  if (!match || (match[1] === "" && match[2] === undefined)) return undefined;
  const whole = (match[1] ?? "").replace(/\D/g, "") || "0";
  return `${negative ? "-" : ""}${whole}${match[2] === undefined ? "" : `.${match[2]}`}`;
}

// ---- Built-in layouts ----

/**
 * A bank's export, recognised by its header line. Names match ignoring case, accents and extra
 * spaces; a column named here but missing from the file is left out of the detected profile.
 */
export type CsvLayout = {
  name: string;
  /** Header names that must all be present. */
  signature: readonly string[];
  /** Date formats to try; the one that reads the most values wins. */
  dateFormats: readonly string[];
  profile: Omit<CsvProfileInput, "name" | "delimiter" | "skipRows" | "hasHeader" | "dateFormat">;
};

const eu = { decimalSeparator: ",", thousandsSeparator: "." } as const;
const us = { decimalSeparator: "." } as const;
const swiss = { decimalSeparator: ".", thousandsSeparator: "'" } as const;
const vwz = Array.from({ length: 14 }, (_, i) => `vwz${i + 1}`);

/** From the bank exports csv2ofx supports (github.com/reubano/csv2ofx), plus a few common ones. */
// biome-ignore format: a table, one bank per block
export const CSV_LAYOUTS: readonly CsvLayout[] = [
  { name: "Amazon order history", signature: ["order id", "order url", "items", "date", "total", "payments"],
    dateFormats: ["YYYY-MM-DD"],
    // Order totals are money out; pending and cancelled orders have no total.
    profile: { columns: { bookingDate: "date", amount: "total", reference: "items", bankRef: "order id" },
      currency: "USD", ...us, amountSign: "negated", skipRowsWithoutAmount: true } },
  { name: "Capital One", signature: ["transaction date", "posted date", "card no.", "description", "debit", "credit"],
    dateFormats: ["YYYY-MM-DD", "MM/DD/YYYY"],
    profile: { columns: { bookingDate: "posted date", valueDate: "transaction date", debit: "debit", credit: "credit",
      reference: "description" }, currency: "USD", ...us } },
  { name: "Credit Union", signature: ["check number", "date", "description", "amount", "category", "comments"],
    dateFormats: ["M/D/YY", "MM/DD/YYYY"],
    profile: { columns: { bookingDate: "date", amount: "amount", counterpartyName: "description",
      reference: ["check number", "comments"] }, currency: "USD", ...us } },
  { name: "DBS", signature: ["transaction date", "reference", "debit amount", "credit amount", "transaction ref1"],
    dateFormats: ["DD MMM YYYY"],
    profile: { columns: { bookingDate: "transaction date", debit: "debit amount", credit: "credit amount",
      reference: ["transaction ref1", "transaction ref2", "transaction ref3"] }, currency: "SGD", ...us } },
  { name: "GLS Bank", signature: ["kontonummer", "buchungstag", "wertstellung", "auftraggeber/empfänger", "betrag"],
    dateFormats: ["DD.MM.YYYY", "DD.MM.YY"],
    profile: { columns: { bookingDate: "buchungstag", valueDate: "wertstellung", amount: "betrag", currency: "währung",
      counterpartyName: "auftraggeber/empfänger", reference: vwz, balance: "kontostand", account: "kontonummer" },
      currency: "EUR", ...eu } },
  { name: "ING España", signature: ["date", "class", "subcategory", "desc", "amount", "balance"],
    dateFormats: ["DD/MM/YYYY"],
    profile: { columns: { bookingDate: "date", amount: "amount", reference: "desc", balance: "balance" },
      currency: "EUR", ...us } },
  { name: "ING Nederland", signature: ["datum", "naam / omschrijving", "rekening", "tegenrekening", "af bij", "bedrag (eur)"],
    dateFormats: ["YYYYMMDD", "DD-MM-YYYY"],
    profile: { columns: { bookingDate: "datum", amount: "bedrag (eur)", direction: "af bij",
      counterpartyName: "naam / omschrijving", counterpartyAccount: "tegenrekening", reference: "mededelingen",
      balance: "saldo na mutatie", account: "rekening" }, currency: "EUR", ...eu } },
  { name: "Mint", signature: ["date", "description", "original description", "amount", "transaction type"],
    dateFormats: ["M/D/YY", "MM/DD/YYYY"],
    profile: { columns: { bookingDate: "date", amount: "amount", direction: "transaction type",
      counterpartyName: "description", reference: ["original description", "notes"] }, currency: "USD", ...us } },
  { name: "N26", signature: ["booking date", "value date", "partner name", "partner iban", "amount (eur)"],
    dateFormats: ["YYYY-MM-DD"],
    profile: { columns: { bookingDate: "booking date", valueDate: "value date", amount: "amount (eur)",
      counterpartyName: "partner name", counterpartyAccount: "partner iban", reference: "payment reference" },
      currency: "EUR", ...us } },
  { name: "N26 (before 2023)", signature: ["date", "payee", "account number", "transaction type", "amount (eur)"],
    dateFormats: ["YYYY-MM-DD"],
    profile: { columns: { bookingDate: "date", amount: "amount (eur)", counterpartyName: "payee",
      counterpartyAccount: "account number", reference: "payment reference" }, currency: "EUR", ...us } },
  { name: "Outbank", signature: ["account", "date", "value date", "amount", "currency", "name", "number", "reason"],
    dateFormats: ["M/D/YY", "DD.MM.YY", "DD.MM.YYYY", "YYYY-MM-DD"],
    profile: { columns: { bookingDate: "date", valueDate: "value date", amount: "amount", currency: "currency",
      counterpartyName: "name", counterpartyAccount: "number", reference: "reason", endToEndId: "sepa reference",
      account: "account" }, ...eu } },
  // Payoneer's Source/Target are payer/payee whatever the direction, so no counterparty is taken.
  { name: "Payoneer", signature: ["transaction date", "transaction id", "credit amount", "debit amount", "currency"],
    dateFormats: ["MM/DD/YYYY"],
    profile: { columns: { bookingDate: "transaction date", debit: "debit amount", credit: "credit amount",
      currency: "currency", reference: "description", bankRef: "transaction id", balance: "running balance" },
      ...us, skipRowsWithoutAmount: true } },
  { name: "PC Financial Mastercard", signature: ["merchant name", "card used for transaction", "date", "time", "amount"],
    dateFormats: ["MM/DD/YYYY"],
    profile: { columns: { bookingDate: "date", amount: "amount", counterpartyName: "merchant name" },
      currency: "CAD", ...us, amountSign: "negated" } }, // card purchases are listed positive
  { name: "Rabobank", signature: ["iban/bban", "munt", "volgnr", "datum", "bedrag", "saldo na trn"],
    dateFormats: ["YYYY-MM-DD"],
    profile: { columns: { bookingDate: "datum", valueDate: "rentedatum", amount: "bedrag", currency: "munt",
      counterpartyName: "naam tegenpartij", counterpartyAccount: "tegenrekening iban/bban",
      reference: ["omschrijving-1", "omschrijving-2", "omschrijving-3"], endToEndId: "end-to-end id",
      bankRef: "volgnr", balance: "saldo na trn", account: "iban/bban" }, currency: "EUR", ...eu } },
  { name: "Charles Schwab checking", signature: ["date", "status", "checknumber", "description", "withdrawal", "deposit"],
    dateFormats: ["MM/DD/YYYY"],
    profile: { columns: { bookingDate: "date", debit: "withdrawal", credit: "deposit", reference: "description",
      balance: "runningbalance" }, currency: "USD", ...us,
      keepRowsWhere: { column: "status", values: ["Posted"] } } }, // pending lines are not booked yet
  { name: "Sparkasse", signature: ["auftragskonto", "buchungstag", "valutadatum", "beguenstigter/zahlungspflichtiger"],
    dateFormats: ["DD.MM.YY", "DD.MM.YYYY"],
    profile: { columns: { bookingDate: "buchungstag", valueDate: "valutadatum", amount: "betrag", currency: "waehrung",
      counterpartyName: "beguenstigter/zahlungspflichtiger", counterpartyAccount: ["kontonummer/iban", "kontonummer"],
      reference: "verwendungszweck", endToEndId: "kundenreferenz (end-to-end)", account: "auftragskonto" },
      currency: "EUR", ...eu } },
  { name: "Starling", signature: ["date", "counter party", "reference", "amount (gbp)"],
    dateFormats: ["DD/MM/YYYY"],
    profile: { columns: { bookingDate: "date", amount: "amount (gbp)", counterpartyName: "counter party",
      reference: "reference", balance: "balance (gbp)" }, currency: "GBP", ...us } },
  { name: "Stripe payments", signature: ["id", "description", "created", "amount", "amount_refunded", "currency"],
    dateFormats: ["YYYY-MM-DD"],
    profile: { columns: { bookingDate: "created", amount: "amount", currency: "currency",
      counterpartyName: ["customer_description", "card_name"], reference: "description", bankRef: "id" }, ...us } },
  { name: "SumUp", signature: ["datum der transaktion", "transaktions-id", "zahlungsbetrag ausgehend"],
    dateFormats: ["DD.MM.YY", "DD.MM.YYYY"],
    profile: { columns: { bookingDate: "datum der transaktion", debit: "zahlungsbetrag ausgehend",
      credit: "zahlungsbetrag eingehend", currency: "zahlungswährung", counterpartyName: "referenz",
      reference: "zahlungsreferenz", bankRef: "transaktions-id", balance: "verfügbares guthaben" }, ...us } },
  { name: "UBS (French)", signature: ["produit", "monn.", "date de valeur", "débit", "crédit"],
    dateFormats: ["DD.MM.YYYY"],
    profile: { columns: { bookingDate: ["date de comptabilisation", "date de valeur"], valueDate: "date de valeur",
      debit: "débit", credit: "crédit", currency: "monn.", reference: ["description 1", "description 2", "description 3"],
      bankRef: "n° de transaction", balance: "solde", account: "produit" }, ...swiss } },
  { name: "UBS", signature: ["ccy.", "value date", "description 1", "debit", "credit"],
    dateFormats: ["DD.MM.YYYY"],
    profile: { columns: { bookingDate: ["booking date", "value date"], valueDate: "value date", debit: "debit",
      credit: "credit", currency: "ccy.", reference: ["description 1", "description 2", "description 3"],
      bankRef: "transaction no.", balance: "balance", account: "product" }, ...swiss } },
  { name: "Xero journal report", signature: ["journalnumber", "journaldate", "accountname", "netamount", "description"],
    dateFormats: ["DD-MMM-YY", "DD MMM YYYY", "DD-MMM-YYYY"],
    profile: { columns: { bookingDate: "journaldate", amount: "netamount", reference: ["reference", "description"] },
      ...us } },
  { name: "C24", signature: ["transaktionstyp", "buchungsdatum", "betrag", "zahlungsempfänger", "kontoname"],
    dateFormats: ["DD.MM.YYYY"],
    profile: { columns: { bookingDate: "buchungsdatum", amount: "betrag", counterpartyName: "zahlungsempfänger",
      counterpartyAccount: "iban", reference: "verwendungszweck" }, currency: "EUR", ...eu } },
  { name: "csv2ofx default", signature: ["row", "num", "date", "reference", "description", "amount", "notes"],
    dateFormats: ["YYYY-MM-DD", "MM/DD/YYYY"],
    profile: { columns: { bookingDate: "date", amount: "amount", counterpartyName: "description",
      reference: ["num", "reference", "notes"], bankRef: "row" }, ...us } },
];
