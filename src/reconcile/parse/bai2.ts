/**
 * BAI2 (BAI Cash Management Balance Reporting v2) → statements, one per 03 account. Records are
 * comma-separated and end with "/"; 88 records continue the record before them. Every 49, 98
 * and 99 trailer is checked (control total, record count, number of accounts and groups) before
 * anything is returned: a file that does not add up is refused whole. Pure.
 */
import type { CalendarDate } from "../../kernel/dates.js";
import {
  type ParsedStatementFile,
  type Statement,
  StatementParseError,
} from "../statement-model.js";
import { readAccount, readDetail } from "./bai2-account.js";
import { RECORD, RECORD_NAMES } from "./bai2-codes.js";
import {
  amountOf,
  type Bai2Record,
  currencyOf,
  fail,
  fields,
  Problem,
  yymmdd,
} from "./bai2-fields.js";
import { joinContinuations, splitRecords } from "./bai2-records.js";
import { decodeStatementBytes } from "./decode-text.js";

export type Bai2ParseOptions = {
  /**
   * Check the 49/98/99 control totals and counts (default true). Off only to read a damaged
   * file on purpose, e.g. test data whose trailers were never recomputed.
   */
  checkTrailers?: boolean;
};

/** A cheap sniff: a 01 header (sender, receiver, YYMMDD creation date) and a 02 group header. */
export function looksLikeBai2(text: string): boolean {
  return /^\uFEFF?\s*01,[^,\r\n]*,[^,\r\n]*,\d{6},/.test(text) && /(^|[\n/])\s*02,/.test(text);
}

export function parseBai2(
  bytes: Uint8Array,
  file: string,
  options: Bai2ParseOptions = {},
): ParsedStatementFile {
  try {
    const { text } = decodeStatementBytes(bytes);
    const lastLine = text.trimEnd().split(/\r\n|\r|\n/).length; // a truncated file names it
    const records = joinContinuations(splitRecords(text));
    return {
      format: "bai2",
      statements: readFile(records, options.checkTrailers ?? true, lastLine),
    };
  } catch (e) {
    if (e instanceof Problem) throw new StatementParseError(file, String(e.line), e.message);
    throw e;
  }
}

// ── records → statements, with the trailer checks ──────────────────────────────────────────

type Totals = { total: bigint; records: number; count: number; line: number };
type Group = Totals & { asOf: CalendarDate; currency: string };
type Account = Totals & { statement: Statement };

const opened = (r: Bai2Record): Totals => ({
  total: 0n,
  records: r.records,
  count: 0,
  line: r.line,
});

/** How deep each record belongs: 0 in the file, 1 in a group, 2 in an account. */
const DEPTH: Record<string, number> = { "02": 0, "03": 1, "16": 2, "49": 2, "98": 1, "99": 0 };

function readFile(records: Bai2Record[], check: boolean, lastLine: number): Statement[] {
  const first = records[0];
  if (first?.code !== RECORD.fileHeader) fail(first, "the file does not start with a 01 header", 1);
  const version = fields(first)[7];
  if (version?.value !== "2") fail(first, `01 file header: version "${version?.value}" is not 2`);
  const statements: Statement[] = [];
  const fileT: Totals = { total: 0n, records: first.records, count: 0, line: first.line };
  let group: Group | undefined;
  let account: Account | undefined;
  let closed = false;
  for (const r of records.slice(1)) {
    const depth = account ? 2 : group ? 1 : 0;
    if (closed || DEPTH[r.code] !== depth) {
      const open = account ?? group;
      const state = closed
        ? "after the 99 file trailer"
        : open
          ? `in the ${depth === 2 ? "account" : "group"} that starts on line ${open.line}`
          : "outside any group";
      fail(r, `${RECORD_NAMES[r.code]} ${state}: records are out of order or a trailer is missing`);
    }
    for (const t of [fileT, group, account]) if (t) t.records += r.records;
    if (r.code === RECORD.groupHeader) {
      const f = fields(r);
      const currency = currencyOf(r, f[5], "USD"); // BAI2's default currency
      group = { ...opened(r), currency, asOf: yymmdd(r, f[3], "as-of date") };
    } else if (r.code === RECORD.account && group) {
      account = { ...opened(r), ...readAccount(r, group.currency) };
    } else if (r.code === RECORD.detail && group && account) {
      const { amount, line } = readDetail(r, group.asOf, account.statement.currency as string);
      account.total += amount;
      if (line) account.statement.lines.push(line);
    } else if (r.code === RECORD.accountTrailer && group && account) {
      checkTrailer(r, check, account, null);
      statements.push(account.statement);
      group.total += account.total;
      group.count++;
      account = undefined;
    } else if (r.code === RECORD.groupTrailer && group) {
      checkTrailer(r, check, group, "number of accounts");
      fileT.total += group.total;
      fileT.count++;
      group = undefined;
    } else if (r.code === RECORD.fileTrailer) {
      checkTrailer(r, check, fileT, "number of groups");
      closed = true;
    }
  }
  if (!closed) {
    const where = account ? "inside an account" : group ? "inside a group" : "after its last group";
    fail({ line: lastLine }, `truncated: the file ends ${where}, with no 99 file trailer`);
  }
  return statements;
}

/** A 49/98/99 trailer: control total, then (98, 99) the number of accounts/groups, then records. */
function checkTrailer(r: Bai2Record, check: boolean, t: Totals, countName: string | null): void {
  const [totalField, ...counts] = fields(r);
  const name = RECORD_NAMES[r.code];
  const total = amountOf(r, totalField, `${name}: control total`, true);
  if (!check) return;
  if (total !== t.total) {
    fail(
      r,
      `${name}: control total ${totalField?.value} is not the sum of the amounts, ${t.total}`,
    );
  }
  const expected: [string, number][] = [["number of records", t.records]];
  if (countName) expected.unshift([countName, t.count]);
  for (const [i, [what, actual]] of expected.entries()) {
    const field = counts[i];
    const value = field?.value ?? "";
    if (!/^\d+$/.test(value) || Number.parseInt(value, 10) !== actual) {
      fail(field ?? r, `${name}: ${what} "${field?.value ?? ""}" is not the ${actual} counted`);
    }
  }
}
