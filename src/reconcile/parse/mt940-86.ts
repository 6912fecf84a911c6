/**
 * MT940 field :86: (information to account owner) → counterparty and reference. Banks fill it
 * in three ways: the German/Dutch `?nn` sub-fields (`166?00GUTSCHRIFT?20EREF+…?32NAME`), the
 * `/TAG/value/` form (ABN AMRO, ING, Rabobank: `/EREF/…/NAME/…/REMI/…`), or free text. Pure.
 */
import { creditorReference } from "../match/creditor-reference.js";

export type LineDetails = {
  counterpartyName: string | null;
  counterpartyAccount: string | null;
  reference: string | null;
};

/** What :61: says about the line, used where :86: is silent. */
export type StatementLineRefs = { customerRef: string; supplementary: string };

/** SEPA keywords inside the German ?20–?29 remittance text ("EREF+…SVWZ+…"). */
// biome-ignore format: a keyword table reads best packed
const sepaKeys = [
  "EREF", "KREF", "MREF", "CRED", "DEBT", "SVWZ", "ABWA", "ABWE", "IBAN", "BIC", "PURP", "MDAT",
  "COAM", "OAMT", "SQTP", "ORCR", "ORMR", "DDAT",
];
const sepaKeyPattern = new RegExp(`(${sepaKeys.join("|")})\\+`, "g");

/** Tags of the /TAG/value/ form; short codes (CD, ID, CUR) are left out so values keep them. */
// biome-ignore format: a keyword table reads best packed
const slashTags = [
  "TRTP", "IBAN", "BIC", "NAME", "ADDR", "REMI", "RMI", "EREF", "KREF", "MARF", "CSID", "CNTP",
  "ORDP", "BENM", "ULTD", "ULTC", "ULTB", "PURP", "CREF", "PREF", "IREF", "ISDT", "RTRN", "ATOS",
  "CHGS", "EXCH", "OCMT", "SVCL", "CDTRREFTP", "CDTRREF", "BUSP", "ACCW", "TRCD",
];
const slashTagPattern = new RegExp(`/(${slashTags.join("|")})/`, "g");

const ibanShape = /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/;
/** A line this long was cut at the bank's width, so the next line continues the same word. */
const fullLineChars = 64;

export function collapse(text: string | null | undefined): string | null {
  const out = (text ?? "").replace(/\s+/g, " ").trim();
  return out === "" ? null : out;
}

function notPlaceholder(text: string | null | undefined): string | null {
  const out = collapse(text);
  return out && !/^(NOTPROVIDED|NONREF|NONE|EREF|MARF|PREF)$/i.test(out) ? out : null;
}

function asIban(text: string | null | undefined): string | null {
  const compact = (text ?? "").replace(/\s+/g, "").toUpperCase();
  return ibanShape.test(compact) ? compact : null;
}

/** The first valid RF reference in the text, printed whole or in groups ("RF18 5390 0754 7034"). */
function creditorReferenceIn(text: string | null | undefined): string | null {
  return creditorReference(text ?? "");
}

/** Continuation lines of :86: as one text; `firstLinePrefix` is the tag's width on line one. */
function joinWrapped(lines: string[], firstLinePrefix: number): string {
  let out = "";
  lines.forEach((line, i) => {
    out += line;
    const width = line.length + (i === 0 ? firstLinePrefix : 0);
    if (i < lines.length - 1 && width < fullLineChars) out += "\n";
  });
  return out;
}

export function describeLine(
  info: string[] | null,
  refs: StatementLineRefs,
  firstLinePrefix: number,
): LineDetails {
  const fromInfo = info ? readInformation(info, refs, firstLinePrefix) : null;
  const customerAccount = asIban(refs.customerRef) ?? asIban(refs.supplementary);
  const customerRef = asIban(refs.customerRef) ? null : notPlaceholder(refs.customerRef);
  return {
    counterpartyName: fromInfo?.counterpartyName ?? null,
    counterpartyAccount: fromInfo?.counterpartyAccount ?? customerAccount,
    // With no :86: at all, the account owner's reference on :61: is the best there is.
    reference: fromInfo ? fromInfo.reference : (creditorReferenceIn(customerRef) ?? customerRef),
  };
}

function readInformation(info: string[], refs: StatementLineRefs, prefix: number): LineDetails {
  // Sub-fields are cut at fixed widths with no regard for words: join lines with nothing.
  const raw = info.join("").trimStart();
  const separator = /^\d{3}([?>])\d{2}/.exec(raw)?.[1] ?? (/^\?\d{2}/.test(raw) ? "?" : null);
  if (separator) return readSubfields(raw, separator);
  const text = joinWrapped(info, prefix).trim();
  if (new RegExp(`^/(${slashTags.join("|")})/`).test(text)) return readSlashTags(text);
  return readFreeText(text, refs);
}

/** `166?00GUTSCHRIFT?10931?20EREF+…?21…?30BIC?31IBAN?32NAME?33NAME…` (German banks, Triodos `>`). */
function readSubfields(raw: string, separator: string): LineDetails {
  const parts = raw.split(new RegExp(`\\${separator}(\\d{2})`));
  const byCode = new Map<number, string[]>();
  for (let i = 1; i + 1 < parts.length; i += 2) {
    const code = Number(parts[i]);
    byCode.set(code, [...(byCode.get(code) ?? []), parts[i + 1] ?? ""]);
  }
  const take = (codes: number[]) => codes.flatMap((c) => byCode.get(c) ?? []).join("");
  const range = (from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => from + i);
  const purpose = take([...range(20, 29), ...range(60, 63)]);
  const keyed = sepaValues(purpose);
  const remittance = keyed.values.get("SVWZ") ?? keyed.lead;
  return {
    counterpartyName: collapse(take([32, 33])),
    counterpartyAccount:
      asIban(take([31])) ??
      asIban(keyed.values.get("IBAN")) ??
      asIban(take([38])) ??
      collapse(take([31])),
    reference:
      creditorReferenceIn(purpose) ??
      notPlaceholder(keyed.values.get("EREF")) ??
      collapse(remittance) ??
      collapse(purpose.replace(sepaKeyPattern, " ")), // e.g. "KREF+…" alone
  };
}

/** "EREF+abc MREF+def SVWZ+text" → values by key, plus the text before the first key. */
function sepaValues(text: string): { lead: string; values: Map<string, string> } {
  const marks = [...text.matchAll(sepaKeyPattern)];
  const values = new Map<string, string>();
  marks.forEach((m, i) => {
    const key = m[1] ?? "";
    const start = (m.index ?? 0) + m[0].length;
    const end = marks[i + 1]?.index ?? text.length;
    if (!values.has(key)) values.set(key, text.slice(start, end));
  });
  return { lead: text.slice(0, marks[0]?.index ?? text.length), values };
}

/** `/EREF/…/ORDP//NAME/…/IBAN/…/REMI/USTD//…/` and ING's `/CNTP/account/BIC/name/city/`. */
function readSlashTags(text: string): LineDetails {
  const marks = [...text.matchAll(slashTagPattern)];
  const values = new Map<string, string>();
  marks.forEach((m, i) => {
    const key = m[1] ?? "";
    const start = (m.index ?? 0) + m[0].length;
    const end = marks[i + 1]?.index ?? text.length;
    if (!values.has(key)) values.set(key, text.slice(start, end).replace(/\/+$/, ""));
  });
  const counterparty = (values.get("CNTP") ?? "").split("/");
  const remittance = (values.get("REMI") ?? values.get("RMI") ?? "").replace(
    /^(USTD|STRD)?\/*(CUR\/|ISO\/|SCOR\/)*/i,
    "",
  );
  return {
    counterpartyName: collapse(values.get("NAME")) ?? collapse(counterparty[2]),
    counterpartyAccount:
      asIban(values.get("IBAN")) ?? collapse(values.get("IBAN")) ?? collapse(counterparty[0]),
    reference:
      creditorReferenceIn(values.get("CREF")) ??
      creditorReferenceIn(values.get("CDTRREF")) ??
      creditorReferenceIn(remittance) ??
      notPlaceholder(values.get("EREF")) ??
      collapse(remittance),
  };
}

/**
 * Free text. Two common shapes carry a counterparty: ASN/SNS repeat ":61:" account and name as
 * the first words ("NL47INGB… hr paulissen  Betaling…"); Knab ends with "REK: <iban>/NAAM: <name>".
 */
function readFreeText(text: string, refs: StatementLineRefs): LineDetails {
  let rest = text;
  let name: string | null = null;
  let account: string | null = null;
  const knab = /REK:\s*([A-Z0-9.]+)\s*\/\s*NAAM:\s*(.+)$/is.exec(rest);
  if (knab) {
    account = asIban(knab[1]) ?? collapse(knab[1]);
    name = collapse(knab[2]);
    rest = rest.slice(0, knab.index);
  }
  const lead = collapse(`${refs.customerRef} ${refs.supplementary}`);
  const flat = collapse(rest) ?? "";
  if (!knab && refs.customerRef.trim() && refs.supplementary.trim() && lead) {
    if (flat.toUpperCase().startsWith(lead.toUpperCase())) {
      account = asIban(refs.customerRef) ?? collapse(refs.customerRef);
      name = collapse(refs.supplementary);
      rest = flat.slice(lead.length);
    }
  }
  return {
    counterpartyName: name,
    counterpartyAccount: account,
    reference: creditorReferenceIn(text) ?? collapse(rest),
  };
}
