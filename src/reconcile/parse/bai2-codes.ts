/**
 * BAI2 codes: record codes, the summary/status type codes the importer reads, which detail type
 * codes move money in or out, and the funds-type codes (with how many fields each one adds).
 * Ranges follow the BAI Cash Management Balance Reporting Specifications v2.
 */

export const RECORD = {
  fileHeader: "01",
  groupHeader: "02",
  account: "03",
  detail: "16",
  continuation: "88",
  accountTrailer: "49",
  groupTrailer: "98",
  fileTrailer: "99",
} as const;

export const RECORD_CODES: ReadonlySet<string> = new Set(Object.values(RECORD));

export const RECORD_NAMES: Readonly<Record<string, string>> = {
  "01": "01 file header",
  "02": "02 group header",
  "03": "03 account identifier",
  "16": "16 transaction detail",
  "88": "88 continuation",
  "49": "49 account trailer",
  "98": "98 group trailer",
  "99": "99 file trailer",
};

/** Summary/status codes in the 03 record that become the statement's balances. */
export const OPENING_LEDGER = "010";
export const CLOSING_LEDGER = "015";
export const OPENING_AVAILABLE = "040";
export const CLOSING_AVAILABLE = "045";

/** 890 "contains non-monetary information": reported, but moves no money. */
export const NON_MONETARY = "890";

export type DetailDirection = "credit" | "debit" | "non_monetary";

/**
 * How a 16 record's unsigned amount is signed. 100–399 and the custom 920–959 are credits,
 * 400–699 and the custom 960–999 debits, 890 is informational. Status codes (001–099, 900–919),
 * the loan codes (700–799, credit or debit per bank) and the unassigned 800s have no direction:
 * undefined, and the caller refuses the file rather than guess a sign.
 */
export function detailDirection(typeCode: string): DetailDirection | undefined {
  if (!/^\d{3}$/.test(typeCode)) return undefined;
  if (typeCode === NON_MONETARY) return "non_monetary";
  const code = Number.parseInt(typeCode, 10);
  if ((code >= 100 && code <= 399) || (code >= 920 && code <= 959)) return "credit";
  if ((code >= 400 && code <= 699) || (code >= 960 && code <= 999)) return "debit";
  return undefined;
}

/**
 * Fields a funds type adds after itself: none for unknown/immediate/1-day/2+-day ("", Z, 0, 1,
 * 2); S adds immediate, one-day and two-or-more-day amounts; V adds value date (YYMMDD) and
 * value time; D adds a count n and then n pairs of (days, amount) — "distribution".
 */
export const FUNDS_TYPES = ["", "Z", "0", "1", "2", "S", "V", "D"] as const;
export type FundsType = (typeof FUNDS_TYPES)[number];

export function isFundsType(s: string): s is FundsType {
  return (FUNDS_TYPES as readonly string[]).includes(s);
}

/** At most this many availability distributions after a D funds type. */
export const distributionsMax = 100;

/*
 * Conventions banks use inside the free text of a 16 record. BAI2 has no counterparty field,
 * so a name is taken only from a clear label: "ORIG CO NAME:" (ACH), "ORIGINATOR:", "B/O" or
 * "B/O CUSTOMER" (wires, "by order of"), "ORIG:"/"ORG=" — never guessed from unlabelled text.
 */
const nameLabels = [
  /\bORIG(?:INATOR)? CO(?:MPANY)? NAME\s*[:=]\s*/i,
  /\bORIGINATOR(?: NAME)?\s*[:=]\s*/i,
  /\bB\/O(?: CUSTOMER)?\s*[:=]?\s*/i,
  /\bORI?G\s*[:=]\s*/i,
];

/** Labels that typically follow a name: the name stops before them (or at 2+ spaces). */
const nextLabel =
  /\s{2,}|\s+(?:ORIG ID|ORIG BK|ORIG BNK|ORIG CO ID|CO ID|CO ENTRY DESCR|ENTRY DESCR|DESC DATE|SEC|TRACE#?|TRACE NO|EED|IND ID|IND NAME|ID|REF|TRN|OBI|BNF|BBI|BBK|SND BK|IMAD|OMAD|SRF#?|RFB|ADDENDA|PMT DET|RMR|INFO)\s?[:=#]/i;

export function counterpartyFromText(
  text: string,
): { name: string; account: string | null } | null {
  for (const label of nameLabels) {
    const found = label.exec(text);
    if (!found) continue;
    let tail = text.slice(found.index + found[0].length);
    const stop = nextLabel.exec(tail);
    if (stop) tail = tail.slice(0, stop.index);
    let account: string | null = null;
    const withAccount = /^\/(\S+)\s+(.*)$/.exec(tail.trim()); // SWIFT style "/123456 NAME"
    if (withAccount) {
      account = withAccount[1] as string;
      tail = withAccount[2] as string;
    }
    const name = tail.replace(/\s+/g, " ").trim();
    if (name !== "") return { name, account };
  }
  return null;
}
