/**
 * ISO 20022 camt.053 bank-to-customer statements and camt.054 debit/credit notifications
 * (message versions 001.02–001.08 are tested; the elements read here are the same in later
 * ones) → ParsedStatementFile. Banks also deliver them zipped: a zip is opened and every XML
 * inside is read, all or nothing. camt.052 intraday reports are refused with a clear error: they
 * are provisional and repeat what the day's camt.053 books, so importing both would count twice.
 * Pure: bytes in, statements out.
 */
import { unzipSync } from "fflate";
import { parseXml, type XmlElement, xmlCharsMax } from "../../billing/xml-parse.js";
import type { CalendarDate } from "../../kernel/dates.js";
import { CashloopError } from "../../kernel/errors.js";
import { isCurrencyCode } from "../../kernel/money.js";
import {
  type ParsedStatementFile,
  type Statement,
  type StatementLine,
  StatementParseError,
} from "../statement-model.js";
import { entryLines } from "./camt-entry.js";
import {
  type At,
  child,
  children,
  currencyOf,
  descend,
  fail,
  readAmount,
  readDay,
  readSign,
  required,
  textOf,
} from "./camt-xml.js";
import { decodeStatementBytes } from "./decode-text.js";

/** The most XML files read from one zip archive. */
export const camtZipFilesMax = 1_000;
/** The most statement lines read from one file (all statements and zip members together). */
export const camtLinesMax = 1_000_000;

const messages = {
  BkToCstmrStmt: { format: "camt.053", record: "Stmt", number: "053" },
  BkToCstmrDbtCdtNtfctn: { format: "camt.054", record: "Ntfctn", number: "054" },
} as const;
type Message = (typeof messages)[keyof typeof messages];

/** Cheap check for a format detector: a camt.052/053/054 document, or a zip naming an XML file. */
export function looksLikeCamt(text: string): boolean {
  const head = text.slice(0, 4096);
  if (head.startsWith("PK\u0003\u0004")) return /\.xml/i.test(head.slice(0, 1024));
  return (
    /urn:iso:std:iso:20022:tech:xsd:camt\.05[234]\./.test(head) ||
    /<(?:[\w.-]+:)?BkToCstmr(?:Stmt|DbtCdtNtfctn|AcctRpt)[\s>]/.test(head)
  );
}

export function parseCamt(bytes: Uint8Array, file: string): ParsedStatementFile {
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  if (!isZip) return parseDocument(bytes, file, "");
  const parts = unzipMembers(bytes, file).map(([name, data]) => ({
    name,
    ...parseDocument(data, file, `${name}:`),
  }));
  const [first] = parts;
  if (!first) throw new StatementParseError(file, "zip", "the zip archive holds no XML file");
  const mixed = parts.find((part) => part.format !== first.format);
  if (mixed) {
    throw new StatementParseError(
      file,
      `${mixed.name}:Document`,
      `a ${mixed.format} file in a zip whose first XML file is ${first.format}`,
    );
  }
  const statements = parts.flatMap((part) => part.statements);
  if (statements.reduce((n, s) => n + s.lines.length, 0) > camtLinesMax) {
    throw new StatementParseError(file, "zip", `more than ${camtLinesMax} statement lines`);
  }
  return { format: first.format, statements };
}

function isXmlMember(name: string): boolean {
  const base = name.slice(name.lastIndexOf("/") + 1);
  // macOS archivers add "__MACOSX/._name.xml" resource forks: not XML despite the name
  return /\.xml$/i.test(base) && !base.startsWith("._") && !name.startsWith("__MACOSX/");
}

/** The XML members of a zip, in archive order, with their names for error messages. */
function unzipMembers(bytes: Uint8Array, file: string): [string, Uint8Array][] {
  let count = 0;
  let members: Record<string, Uint8Array>;
  try {
    members = unzipSync(bytes, {
      filter: ({ name, originalSize }) => {
        if (!isXmlMember(name)) return false;
        if (++count > camtZipFilesMax) {
          throw new StatementParseError(file, "zip", `more than ${camtZipFilesMax} XML files`);
        }
        if (originalSize > xmlCharsMax) {
          throw new StatementParseError(file, `${name}`, `larger than ${xmlCharsMax} bytes`);
        }
        return true;
      },
    });
  } catch (e) {
    if (e instanceof StatementParseError) throw e;
    const reason = e instanceof Error ? e.message : String(e);
    throw new StatementParseError(file, "zip", `not a readable zip archive (${reason})`);
  }
  return Object.entries(members);
}

/** The element path still open where a document ends early: what a truncated file cut off. */
function openElementsAt(xml: string): string {
  const stack: string[] = [];
  const noise = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>/g;
  for (const tag of xml.replace(noise, "").matchAll(/<(\/?)([^\s/>!?]+)[^>]*?(\/?)>/g)) {
    const [, closing, qname = "", selfClosing] = tag;
    const name = qname.slice(qname.indexOf(":") + 1);
    if (closing) stack.pop();
    else if (!selfClosing) stack.push(name);
  }
  return stack.join("/");
}

function readRoot(text: string, file: string, prefix: string): XmlElement {
  try {
    return parseXml(text);
  } catch (e) {
    if (!(e instanceof CashloopError) || e.code !== "xml_malformed") throw e;
    // parseXml counts offsets in its normalised text: no BOM, "\n" line ends
    const xml = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
    const offset = Math.min(Number(e.details.value) || 0, xml.length);
    const line = xml.slice(0, offset).split("\n").length;
    const open = offset >= xml.length ? openElementsAt(xml) : "";
    const inside = open ? `; the file ends inside ${open} (truncated?)` : "";
    throw new StatementParseError(file, `${prefix}${line}`, `${e.message}${inside}`);
  }
}

function parseDocument(bytes: Uint8Array, file: string, prefix: string) {
  const root = readRoot(decodeStatementBytes(bytes).text, file, prefix);
  const doc: At = { el: root, path: `${prefix}${root.name}`, file };
  if (root.name !== "Document") throw fail(doc, `the root element is ${root.name}, not Document`);
  const report = child(doc, "BkToCstmrAcctRpt") ?? child(doc, "BkToCstmrAcctRptV01");
  if (report) {
    throw fail(report, "camt.052 account reports are provisional and not imported; use camt.053");
  }
  const found = root.children.find((c) => Object.hasOwn(messages, c.name));
  if (!found) {
    const v1 = root.children.find((c) => /^BkToCstmr\w+V01$/.test(c.name));
    if (v1) throw fail(doc, `${v1.name}: message version 001.01 is not supported (001.02 on)`);
    throw fail(doc, "Document holds neither BkToCstmrStmt (camt.053) nor BkToCstmrDbtCdtNtfctn");
  }
  const message: Message = messages[found.name as keyof typeof messages];
  const body = required(doc, found.name);
  const declared = /camt\.(\d{3})\.\d{3}\.\d{2}/.exec(root.ns)?.[1];
  if (declared && declared !== message.number) {
    throw fail(doc, `the namespace ${root.ns} is camt.${declared} but holds ${found.name}`);
  }
  const records = children(body, message.record);
  if (records.length === 0) throw fail(body, `no ${message.record} element: nothing to import`);
  const groupDay = () => dayOf(descend(body, "GrpHdr", "CreDtTm"));
  const statements = records.map((record) => readRecord(record, groupDay));
  if (statements.reduce((n, s) => n + s.lines.length, 0) > camtLinesMax) {
    throw fail(body, `more than ${camtLinesMax} statement lines`);
  }
  return { format: message.format, statements };
}

function dayOf(creDtTm: At | undefined): CalendarDate | null {
  return creDtTm ? readDay(creDtTm, "dateTime") : null;
}

/**
 * The booked balance of the first code present (OPBD before PRCD). A balance in another currency
 * than the account's cannot be compared with its lines, so it counts as absent.
 */
function bookedBalance(balances: At[], codes: string[], currency: string | null): number | null {
  for (const code of codes) {
    const matching = balances.filter((b) => textOf(descend(b, "Tp", "CdOrPrtry", "Cd")) === code);
    const [balance, second] = matching;
    if (second) throw fail(second, `a second ${code} balance in one statement`);
    if (!balance) continue;
    const amount = readAmount(required(balance, "Amt"));
    const sign = readSign(balance);
    return amount.currency === currency ? sign * amount.minor + 0 : null;
  }
  return null;
}

function readRecord(record: At, groupDay: () => CalendarDate | null): Statement {
  const id = required(required(record, "Acct"), "Id");
  const account = textOf(child(id, "IBAN")) ?? textOf(descend(id, "Othr", "Id"));
  if (!account) throw fail(id, "Acct/Id has neither IBAN nor Othr/Id");
  const ccy = descend(record, "Acct", "Ccy");
  const accountCurrency = textOf(ccy);
  if (ccy && (!accountCurrency || !isCurrencyCode(accountCurrency))) {
    throw fail(ccy, `Acct/Ccy "${accountCurrency ?? ""}" is not an ISO 4217 currency`);
  }
  const recordDay = () => dayOf(child(record, "CreDtTm")) ?? groupDay();
  const lines: StatementLine[] = [];
  for (const ntry of children(record, "Ntry")) {
    lines.push(...entryLines(ntry, recordDay));
    if (lines.length > camtLinesMax) throw fail(ntry, `more than ${camtLinesMax} lines`);
  }
  const balances = children(record, "Bal");
  const firstBalance = balances[0] && child(balances[0], "Amt");
  const currency =
    accountCurrency ?? lines[0]?.currency ?? (firstBalance ? currencyOf(firstBalance) : null);
  return {
    account,
    currency,
    openingBalance: bookedBalance(balances, ["OPBD", "PRCD"], currency),
    closingBalance: bookedBalance(balances, ["CLBD"], currency),
    lines,
  };
}
