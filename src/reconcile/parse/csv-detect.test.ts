import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDecimalToMinor } from "../../kernel/money.js";
import { type StatementLine, StatementParseError } from "../statement-model.js";
import { detectCsvProfile, looksLikeCsv } from "./csv-detect.js";
import { type CsvProfile, parseCsvProfile } from "./csv-profile.js";
import { parseCsvStatement } from "./csv-statement.js";
import { decodeStatementBytes } from "./decode-text.js";

const corpus = join(import.meta.dirname, "../../../../shared/corpora/csv/reubano-csv2ofx");
const csvFiles = readdirSync(join(corpus, "test")).filter((f) => f.endsWith(".csv"));

/** Files that name no currency: csv2ofx reads them as USD, its default. */
const needCurrency = ["default.csv", "mint_headerless.csv", "xero.csv"];
/** A trimmed sample whose running balance skips rows; csv2ofx's mapping reads no balance. */
const balanceBreaks: Record<string, string> = { "ingesp.csv": "3" };

function failure(run: () => unknown): StatementParseError {
  try {
    run();
  } catch (error) {
    if (error instanceof StatementParseError) return error;
    throw error;
  }
  throw new Error("expected a StatementParseError");
}

/** The detected profile, or the profile csv2ofx's options amount to where detection must differ. */
function profileFor(file: string, text: string): CsvProfile {
  const profile = detectCsvProfile(
    text,
    file,
    needCurrency.includes(file) ? { currency: "USD" } : {},
  );
  if (!(file in balanceBreaks)) return profile;
  const { balance: _, ...columns } = profile.columns;
  return parseCsvProfile({ ...profile, columns });
}

function parseCorpus(file: string) {
  const bytes = readFileSync(join(corpus, "test", file));
  const statement = parseCsvStatement(
    bytes,
    file,
    profileFor(file, decodeStatementBytes(bytes).text),
  ).statements[0];
  if (!statement) throw new Error(`${file}: no statement`);
  return statement;
}

describe("the csv2ofx corpus", () => {
  it("holds the bank exports this test expects", () => {
    expect(csvFiles).toHaveLength(25);
  });

  it.each(csvFiles)("%s is recognised as CSV and parses with its detected profile", (file) => {
    const bytes = readFileSync(join(corpus, "test", file));
    const text = decodeStatementBytes(bytes).text;
    expect(looksLikeCsv(text)).toBe(true);
    if (needCurrency.includes(file)) {
      const error = failure(() => detectCsvProfile(text, file));
      expect([error.where, error.problem]).toEqual([
        "1",
        expect.stringContaining("names no currency"),
      ]);
    }
    const brokenAt = balanceBreaks[file];
    if (brokenAt) {
      const error = failure(() => parseCsvStatement(bytes, file, detectCsvProfile(text, file)));
      expect([error.where, error.problem]).toEqual([
        brokenAt,
        expect.stringContaining('balance (column "balance")'),
      ]);
    }
    const statement = parseCorpus(file);
    expect(statement.lines.length).toBeGreaterThan(0);
    for (const line of statement.lines) expect(Number.isSafeInteger(line.amount)).toBe(true);
  });

  it("keeps the list of files that need more than detection small and stable", () => {
    expect([...needCurrency, ...Object.keys(balanceBreaks)].sort()).toEqual([
      "default.csv",
      "ingesp.csv",
      "mint_headerless.csv",
      "xero.csv",
    ]);
  });

  it("reconciles opening + lines = closing wherever both balances are given", () => {
    const withBalances = csvFiles
      .map((file) => ({ file, statement: parseCorpus(file) }))
      .filter(({ statement: s }) => s.openingBalance !== null && s.closingBalance !== null);
    const off = withBalances.filter(
      ({ statement: s }) =>
        (s.openingBalance ?? 0) + s.lines.reduce((sum, l) => sum + l.amount, 0) !==
        s.closingBalance,
    );
    expect(withBalances.map((w) => w.file)).toContain("gls.csv");
    expect(withBalances).toHaveLength(10); // GLS, Payoneer, UBS, and the Schwab files but case 7
    expect(off.map((o) => o.file)).toEqual([]);
  });
});

type Expected = {
  date: string;
  amount: number;
  name: string | null;
  memo: string | null;
  id: string | null;
};

/** Transactions (STMTTRN and transfers) and the ledger balance of a csv2ofx OFX output. */
function readOfx(text: string): { lines: Expected[]; balance: number | null } {
  const tag = (block: string, name: string) =>
    new RegExp(`<${name}>([^<\\n]*)`).exec(block)?.[1] ?? null;
  const blocks = [...text.matchAll(/<(STMTTRN|INTRARS)>([\s\S]*?)<\/\1>/g)].map((m) => m[2] ?? "");
  const lines = blocks.map((b) => ({
    date: (tag(b, "DTPOSTED") ?? "").replace(/^(\d{4})(\d{2})(\d{2}).*/, "$1-$2-$3"),
    amount: parseDecimalToMinor(tag(b, "TRNAMT") ?? "", 2),
    name: tag(b, "NAME") || null,
    memo: tag(b, "MEMO")?.trim() || null,
    id: tag(b, "FITID") ?? tag(b, "SRVRTID"),
  }));
  const balance = tag(text, "BALAMT");
  return { lines, balance: balance === null ? null : parseDecimalToMinor(balance, 2) };
}

/** Transactions of a csv2ofx QIF output (account headers and split lines left out). */
function readQif(text: string): Expected[] {
  return text
    .split(/^\^$/m)
    .map((record) => record.split("\n").filter((l) => l !== "" && !l.startsWith("!Type")))
    .filter((fields) => fields.length > 0 && !fields.some((f) => f.startsWith("!")))
    .map((fields) => {
      const field = (code: string) => fields.find((f) => f.startsWith(code))?.slice(1) ?? null;
      const date = field("D") ?? "";
      const us = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(date);
      return {
        date: us ? `${us[3]}-${us[1]}-${us[2]}` : date,
        amount: parseDecimalToMinor(field("T") ?? "", 2),
        name: field("P"),
        memo: field("M"),
        id: field("N"),
      };
    });
}

type Field = "counterpartyName" | "reference" | "bankRef";
type Check = {
  /** Our lines the oracle run left out, and why. */
  keep?: (line: StatementLine) => boolean;
  name?: Field;
  memo?: Field;
  id?: Field;
  /** The oracle's ledger balance is our closing balance (mappings with a balance column). */
  balance?: boolean;
  /** Oracle dates csv2ofx misread, and the date the file means. */
  misread?: Record<string, string>;
};
const inRange = (from: string, to: string) => (l: StatementLine) =>
  l.bookingDate >= from && l.bookingDate <= to;
/** How each oracle's fields map onto ours; dates and amounts are compared for every one. */
const checks: Record<string, Check> = {
  "default.qif": { name: "counterpartyName", id: "reference" },
  "default_w_splits.qif": { name: "counterpartyName", id: "reference" },
  "default.ofx": { name: "counterpartyName", id: "bankRef" },
  "default_w_splits.ofx": { id: "bankRef" },
  "mint.qif": { name: "counterpartyName", memo: "reference" },
  "mint.ofx": {},
  "mint_alt.qif": { name: "counterpartyName", keep: inRange("2015-06-13", "2015-06-14") }, // -s -e
  "mint_extra.qif": { name: "counterpartyName", keep: (l) => Math.abs(l.amount) < 250_000 }, // its filter
  "creditunion.qif": { name: "counterpartyName", id: "reference" },
  "stripe-default.ofx": { name: "counterpartyName", memo: "reference", id: "bankRef" },
  "stripe-all.ofx": { name: "counterpartyName", memo: "reference", id: "bankRef" },
  "stripe-default.qif": { name: "counterpartyName", memo: "reference" },
  "stripe-all.qif": { name: "counterpartyName", memo: "reference" },
  "gls.ofx": { name: "counterpartyName" },
  "pcmastercard.ofx": {},
  // 08/04/2022 in a file of DD/MM dates (24/03, 31/12…) is 8 April; csv2ofx read it month first.
  "ingesp.ofx": { misread: { "2022-08-04": "2022-04-08" } },
  "amazon.ofx": {
    memo: "reference",
    id: "bankRef",
    keep: (l) => l.bankRef !== "114-5269613-6941034",
  }, // card 9876 excluded
  "payoneer.ofx": { memo: "reference", id: "bankRef", balance: true },
  "n26.ofx": {},
  "outbank.ofx": { name: "counterpartyName" },
  "ubs-ch-fr.qif": { id: "bankRef" },
};
for (const n of ["", "-msmoney", ...[1, 2, 3, 4, 5, 6, 7].map((k) => `-baltest-case${k}`)]) {
  checks[`schwab-checking${n}.ofx`] = { memo: "reference", balance: true };
}
/** Mint without a header: no column says which text is the payee, so it is the reference. */
const headerless: Check = { name: "reference" };

type Case = { input: string; expected: string };
const cases: Case[] = JSON.parse(readFileSync(join(corpus, "cases.json"), "utf8")).cases;
// Converted files without an active csv2ofx test still are its output for these inputs.
const oracles = [
  ...cases,
  { input: "test/outbank.csv", expected: "converted/outbank.ofx" },
  { input: "test/ubs-ch-fr_trimmed.csv", expected: "converted/ubs-ch-fr.qif" },
].filter((c) => !c.expected.endsWith("xero.qif"));

describe("against csv2ofx's converted output (the oracle)", () => {
  it("covers every case of cases.json", () => {
    expect(cases).toHaveLength(30);
    expect(Object.keys(checks).sort()).toEqual(
      [...new Set(oracles.map((c) => c.expected.split("/")[1]))].sort(),
    );
  });

  it.each(oracles)("$input matches $expected", ({ input, expected }) => {
    const name = expected.split("/")[1] ?? "";
    const check = input.endsWith("mint_headerless.csv") ? headerless : (checks[name] ?? {});
    const text = readFileSync(join(corpus, expected), "utf8");
    const oracle = name.endsWith(".ofx") ? readOfx(text) : { lines: readQif(text), balance: null };
    for (const l of oracle.lines) l.date = check.misread?.[l.date] ?? l.date;
    const statement = parseCorpus(input.split("/")[1] ?? "");
    const ours = statement.lines.filter(check.keep ?? (() => true));
    const sorted = <T>(xs: T[]) => xs.map((x) => JSON.stringify(x)).sort();
    expect(sorted(ours.map((l) => [l.bookingDate, l.amount]))).toEqual(
      sorted(oracle.lines.map((l) => [l.date, l.amount])),
    );
    for (const [theirs, field] of [
      ["name", check.name],
      ["memo", check.memo],
      ["id", check.id],
    ] as const) {
      if (!field) continue;
      const want = oracle.lines.map((l) => [l.date, l.amount, l[theirs]]);
      expect(
        sorted(ours.map((l) => [l.bookingDate, l.amount, l[field]])),
        `${theirs} → ${field}`,
      ).toEqual(sorted(want));
    }
    if (check.balance) {
      // csv2ofx gives no balance when it cannot order the lines; case 2 we order by date.
      const want = name === "schwab-checking-baltest-case2.ofx" ? 87_847 : oracle.balance;
      expect(statement.closingBalance).toBe(want);
    }
  });

  it("ING España: the payee csv2ofx cuts from the description ends our reference", () => {
    const oracle = readOfx(readFileSync(join(corpus, "converted/ingesp.ofx"), "utf8"));
    const ours = parseCorpus("ingesp.csv").lines;
    oracle.lines.forEach((want, i) => {
      expect(ours[i]?.amount).toBe(want.amount);
      if (want.name?.trim()) expect(ours[i]?.reference?.endsWith(want.name.trim())).toBe(true);
    });
  });

  it("Xero: the journal rows csv2ofx splits per invoice are all there and balance to zero", () => {
    const qif = readFileSync(join(corpus, "converted/xero.qif"), "utf8");
    const splits = [...qif.matchAll(/^\$(-?[\d.]+)$/gm)].map((m) =>
      parseDecimalToMinor(m[1] ?? "", 2),
    );
    const dates = readQif(qif).map((l) => l.date);
    const lines = parseCorpus("xero.csv").lines;
    expect(lines).toHaveLength(13);
    expect(lines.reduce((sum, l) => sum + l.amount, 0)).toBe(0);
    for (const amount of splits)
      expect(lines.map((l) => Math.abs(l.amount))).toContain(Math.abs(amount));
    for (const date of dates) expect(lines.map((l) => l.bookingDate)).toContain(date);
  });

  it("Capital One (no oracle): card debits and credits by posted date", () => {
    const lines = parseCorpus("capitalone.csv").lines;
    expect(lines.map((l) => [l.bookingDate, l.valueDate, l.amount, l.reference])).toEqual([
      ["2016-01-02", "2015-12-31", -100_000, "Airplanes R Us"],
      ["2016-01-02", "2015-12-31", 100_000, "CAPITAL ONE AUTOPAY PYMT"],
    ]);
  });
});

function detectAndParse(text: string, options: { currency?: string } = {}) {
  const profile = detectCsvProfile(text, "export.csv", options);
  const bytes = new TextEncoder().encode(text);
  return { profile, statement: parseCsvStatement(bytes, "export.csv", profile).statements[0] };
}

describe("detectCsvProfile beyond the corpus", () => {
  it("finds a German header after 3 junk rows and infers dates, decimal commas and currency", () => {
    const text = [
      "Umsatzanzeige;Girokonto",
      "Kontoinhaber;Erika Mustermann",
      "Zeitraum;01.01.2026 bis 31.01.2026",
      "Buchungstag;Wertstellung;Empfänger;IBAN;Verwendungszweck;Betrag;Währung",
      "30.01.2026;31.01.2026;Muster GmbH;DE89 3704 0044 0532 0130 00;RE-2026-17;1.250,00;EUR",
      "02.01.2026;02.01.2026;Stadtwerke;;Abschlag;-89,90;EUR",
    ].join("\r\n");
    const { profile, statement } = detectAndParse(text);
    expect(profile).toMatchObject({
      delimiter: ";",
      skipRows: 3,
      dateFormat: "DD.MM.YYYY",
      decimalSeparator: ",",
    });
    expect(profile.columns).toMatchObject({
      bookingDate: "Buchungstag",
      valueDate: "Wertstellung",
      amount: "Betrag",
      currency: "Währung",
    });
    expect(
      statement?.lines.map((l) => [
        l.bookingDate,
        l.amount,
        l.counterpartyName,
        l.counterpartyAccount,
        l.reference,
      ]),
    ).toEqual([
      ["2026-01-30", 125_000, "Muster GmbH", "DE89370400440532013000", "RE-2026-17"],
      ["2026-01-02", -8_990, "Stadtwerke", null, "Abschlag"],
    ]);
  });

  it("reads Spanish headers, a euro sign in a header and a running balance", () => {
    const text =
      "Fecha;Concepto;Importe (€);Saldo\n13/01/2026;Transferencia recibida FRA-9;1.500,00;2.000,00\n14/01/2026;Recibo luz;-45,10;1.954,90\n";
    const { profile, statement } = detectAndParse(text);
    expect(profile).toMatchObject({
      dateFormat: "DD/MM/YYYY",
      decimalSeparator: ",",
      currency: "EUR",
    });
    expect(statement).toMatchObject({
      currency: "EUR",
      openingBalance: 50_000,
      closingBalance: 195_490,
    });
  });

  it("reads French debit and credit columns", () => {
    const text =
      "Date opération;Libellé;Débit;Crédit\n05/02/2026;Facture F-88;;1 200,00\n06/02/2026;Loyer;850,00;\n";
    const { profile, statement } = detectAndParse(text, { currency: "EUR" });
    expect(profile.columns).toMatchObject({
      debit: "Débit",
      credit: "Crédit",
      reference: ["Libellé"],
    });
    expect(statement?.lines.map((l) => l.amount)).toEqual([120_000, -85_000]);
  });

  it("knows ING Nederland: YYYYMMDD dates and an Af Bij column", () => {
    const text = [
      '"Datum","Naam / Omschrijving","Rekening","Tegenrekening","Code","Af Bij","Bedrag (EUR)","Mutatiesoort","Mededelingen"',
      '"20260105","Klant BV","NL91ABNA0417164300","NL20INGB0001234567","GT","Bij","1.210,00","Overschrijving","Factuur 2026-004"',
      '"20260106","Huur","NL91ABNA0417164300","NL20INGB0007654321","IC","Af","950,00","Incasso","Januari"',
    ].join("\n");
    const { profile, statement } = detectAndParse(text);
    expect(profile.name).toBe("ING Nederland");
    expect(statement?.account).toBe("NL91ABNA0417164300");
    expect(statement?.lines.map((l) => [l.bookingDate, l.amount, l.reference])).toEqual([
      ["2026-01-05", 121_000, "Factuur 2026-004"],
      ["2026-01-06", -95_000, "Januari"],
    ]);
  });

  it("knows DBS behind its account-details preamble", () => {
    const text = [
      "Account Details For:,DBS Savings Plus Account",
      "Statement as at:,06 May 2026",
      "",
      "Transaction Date,Reference,Debit Amount,Credit Amount,Transaction Ref1,Transaction Ref2,Transaction Ref3",
      "",
      "06 May 2026,MST, 34.65, ,COLD STORAGE,4628-4500-,",
      "05 May 2026,ICT, ,1200.00,INVOICE 77,ACME PTE LTD,",
    ].join("\n");
    const { profile, statement } = detectAndParse(text);
    expect(profile).toMatchObject({
      name: "DBS",
      skipRows: 3,
      dateFormat: "DD MMM YYYY",
      currency: "SGD",
    });
    expect(statement?.lines.map((l) => [l.bookingDate, l.amount, l.reference])).toEqual([
      ["2026-05-06", -3_465, "COLD STORAGE 4628-4500-"],
      ["2026-05-05", 120_000, "INVOICE 77 ACME PTE LTD"],
    ]);
  });

  it("knows Sparkasse (two-digit years, end-to-end id) and SumUp (date with time)", () => {
    const sparkasse = [
      '"Auftragskonto";"Buchungstag";"Valutadatum";"Buchungstext";"Verwendungszweck";"Kundenreferenz (End-to-End)";"Beguenstigter/Zahlungspflichtiger";"Kontonummer/IBAN";"BIC (SWIFT-Code)";"Betrag";"Waehrung";"Info"',
      '"DE11520513735120710131";"04.11.25";"04.11.25";"GUTSCHRIFT";"Rechnung 4711";"E2E-4711";"Kunde AG";"DE02120300000000202051";"BYLADEM1001";"1.024,14";"EUR";"Umsatz gebucht"',
    ].join("\n");
    const s = detectAndParse(sparkasse);
    expect(s.profile).toMatchObject({ name: "Sparkasse", dateFormat: "DD.MM.YY" });
    expect(s.statement?.lines[0]).toMatchObject({
      bookingDate: "2025-11-04",
      amount: 102_414,
      reference: "E2E-4711",
    });
    const sumup = [
      "Datum der Transaktion,Transaktions-ID,Art der Transaktion,Referenz,Zahlungsreferenz,Status,Zahlungsbetrag ausgehend,Zahlungsbetrag eingehend,Zahlungswährung,Verfügbares Guthaben",
      '"29.12.25, 13:56",TX2,Ausgehende Banküberweisung,Lieferant,Miete,Genehmigt,500.00,0.00,EUR,50.00',
      '"28.12.25, 09:10",TX1,Eingehende Banküberweisung,Kunde,RE-9,Genehmigt,0.00,40.00,EUR,550.00',
    ].join("\n");
    const u = detectAndParse(sumup);
    expect(u.profile.name).toBe("SumUp");
    expect(u.statement).toMatchObject({ openingBalance: 51_000, closingBalance: 5_000 });
    expect(u.statement?.lines.map((l) => [l.bookingDate, l.amount, l.bankRef])).toEqual([
      ["2025-12-29", -50_000, "TX2"],
      ["2025-12-28", 4_000, "TX1"],
    ]);
  });

  it("finds an unsigned amount's direction column", () => {
    const text =
      "Date,Details,Amount,Type\n12/24/2025,Invoice 3,100.00,CREDIT\n12/26/2025,Coffee,3.20,DEBIT\n";
    const { profile, statement } = detectAndParse(text, { currency: "USD" });
    expect(profile).toMatchObject({ dateFormat: "MM/DD/YYYY", columns: { direction: "Type" } });
    expect(statement?.lines.map((l) => l.amount)).toEqual([10_000, -320]);
  });

  it("stops at dates that read two ways, naming the column", () => {
    const error = failure(() =>
      detectCsvProfile("Date,Amount\n05/03/2026,1.00\n06/03/2026,2.00\n", "x.csv", {
        currency: "USD",
      }),
    );
    expect(error.where).toBe("1");
    expect(error.problem).toContain(
      'column "Date": dates such as "05/03/2026" read both as DD/MM/YYYY and as MM/DD/YYYY',
    );
  });

  it("stops when no currency can be found, and takes one when given", () => {
    const text = "Date,Description,Amount\n2026-01-02,Sale,$10.00\n";
    expect(failure(() => detectCsvProfile(text, "x.csv")).problem).toContain("names no currency");
    expect(detectAndParse(text, { currency: "CAD" }).statement?.lines[0]).toMatchObject({
      amount: 1_000,
      currency: "CAD",
    });
  });

  it("asks for a profile when nothing can be inferred", () => {
    const error = failure(() => detectCsvProfile("colour,size\nred,large\nblue,small\n", "x.csv"));
    expect(error.where).toBe("1");
    expect(error.problem).toContain("give a CSV profile");
  });
});

describe("looksLikeCsv", () => {
  it.each([
    ["Date,Amount\n2026-01-01,1.00\n", true],
    ["Datum;Betrag\n01.01.2026;1,00\n", true],
    ["Date\tAmount\n2026-01-01\t1.00\n", true],
    ["OFXHEADER:100\nDATA:OFXSGML\n<OFX>", false],
    ['<?xml version="1.0"?>\n<Document>', false],
    [":20:STARTUMS\n:25:12345678/0001\n", false],
    ["01,BANK,CUST,260101,0800,1,,,2/\n02,CUST,BANK,1,260101,,USD,2/\n", false],
    ["Just a letter, with a comma.\nAnd a second line without one\nand a third\n", false],
    ["", false],
  ])("%j → %s", (text, expected) => {
    expect(looksLikeCsv(text)).toBe(expected);
  });
});
