import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDecimalToMinor } from "../../kernel/money.js";
import { type ParsedStatementFile, StatementParseError } from "../statement-model.js";
import { looksLikeOfx, parseOfx } from "./ofx.js";
import { decodeEntities, namedEntities } from "./ofx-sgml.js";

const CORPORA = join(import.meta.dirname, "../../../../shared/corpora");
const OFXPARSE = join(CORPORA, "ofx/jseutter-ofxparse");
const CSV2OFX = join(CORPORA, "csv/reubano-csv2ofx");

const bytes = (text: string) => new TextEncoder().encode(text);
const parse = (text: string) => parseOfx(bytes(text), "t.ofx");
/** 1-based line of the first occurrence of `needle`. */
const lineOf = (text: string, needle: string) =>
  text.slice(0, text.indexOf(needle)).split("\n").length;

function failure(run: () => unknown): StatementParseError {
  try {
    run();
  } catch (error) {
    if (error instanceof StatementParseError) return error;
    throw error;
  }
  throw new Error("expected a StatementParseError");
}

const HEADER =
  "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\n" +
  "COMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n";

/** An OFX 1.x bank statement with SGML leaves (no end tags). */
function sgml(trns: string, curdef = "EUR", ledger = "<BALAMT>1500.25\n<DTASOF>20260131") {
  return `${HEADER}<OFX>\n<SIGNONMSGSRSV1><SONRS><STATUS><CODE>0\n<SEVERITY>INFO\n</STATUS>
<DTSERVER>20260201<LANGUAGE>ENG\n</SONRS></SIGNONMSGSRSV1>\n<BANKMSGSRSV1>\n<STMTTRNRS>
<TRNUID>1\n<STATUS><CODE>0\n<SEVERITY>INFO\n</STATUS>\n<STMTRS>\n<CURDEF>${curdef}
<BANKACCTFROM>\n<BANKID>37040044\n<ACCTID>DE89370400440532013000\n<ACCTTYPE>CHECKING
</BANKACCTFROM>\n<BANKTRANLIST>\n<DTSTART>20260101\n<DTEND>20260131\n${trns}
</BANKTRANLIST>\n<LEDGERBAL>\n${ledger}\n</LEDGERBAL>\n</STMTRS>\n</STMTTRNRS>
</BANKMSGSRSV1>\n</OFX>\n`;
}

const trn = (fields: string) => `<STMTTRN>\n<TRNTYPE>OTHER\n${fields}\n</STMTTRN>`;
const line = (fields: string) => parse(sgml(trn(fields))).statements[0]?.lines[0];

function ofxFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return ofxFiles(path);
    return name.endsWith(".ofx") ? [path] : [];
  });
}

// The corpus's declared negative cases (fail_nice/), plus the two responses in which the bank
// reports an error instead of a statement. Each must fail at this line, naming this field.
const NEGATIVE: Record<string, { line: string; field: string }> = {
  "fail_nice/date_missing.ofx": { line: "33", field: "DTPOSTED is missing" },
  "fail_nice/decimal_error.ofx": { line: "36", field: "STMTTRN/DTPOSTED" },
  "fail_nice/empty_balance.ofx": { line: "38", field: "LEDGERBAL/BALAMT" },
  "error_message.ofx": { line: "22", field: "STMTTRNRS/STATUS" },
  "signon_fail.ofx": { line: "11", field: "SONRS/STATUS" },
};

describe("parseOfx on the corpus", () => {
  const files = [
    ...ofxFiles(OFXPARSE).map((path) => ({ path, name: relative(OFXPARSE, path) })),
    ...ofxFiles(CSV2OFX).map((path) => ({ path, name: relative(CSV2OFX, path) })),
  ];
  const cache = new Map<string, ParsedStatementFile>();
  /** The parse of a corpus file that is not a negative case (each test can run alone). */
  const parsed = {
    get(name: string): ParsedStatementFile | undefined {
      const file = files.find((f) => f.name === name);
      if (!file || NEGATIVE[name]) return undefined;
      const hit = cache.get(name) ?? parseOfx(readFileSync(file.path), name);
      cache.set(name, hit);
      return hit;
    },
  };

  it("finds every OFX file (24 from ofxparse, 21 + 2 from csv2ofx)", () => {
    expect(files).toHaveLength(47);
  });

  it.each(files)("$name parses, or fails where the corpus says it is broken", ({ path, name }) => {
    const text = readFileSync(path);
    expect(looksLikeOfx(new TextDecoder().decode(text))).toBe(true);
    const negative = NEGATIVE[name];
    if (negative) {
      const error = failure(() => parseOfx(text, name));
      expect(error.where).toBe(negative.line);
      expect(error.problem).toContain(negative.field);
      return;
    }
    const result = parsed.get(name) as ParsedStatementFile;
    expect(result.format).toBe("ofx");
    for (const statement of result.statements) {
      // OFX carries no opening balance, so no file can be checked as opening + lines = closing.
      expect(statement.openingBalance).toBeNull();
      for (const l of statement.lines) {
        expect(Number.isSafeInteger(l.amount)).toBe(true);
        expect(l.bookingDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(l.currency).toBe(statement.currency);
      }
    }
  });

  it("reads every STMTTRN of a bank or card statement, summing to the raw TRNAMTs", () => {
    let checked = 0;
    for (const { path, name } of files) {
      const result = parsed.get(name);
      const text = readFileSync(path, "latin1");
      if (!result || text.includes("INVSTMTMSGSRSV1")) continue; // investment: not read
      const blocks = text.match(/<STMTTRN>[\s\S]*?<\/STMTTRN>/gi) ?? [];
      const raw = blocks.map((b) => /<TRNAMT>\s*([^<\s]+)/i.exec(b)?.[1] ?? "missing");
      const lines = result.statements.flatMap((s) => s.lines);
      expect(lines.length, name).toBe(blocks.length);
      const sum = (ns: number[]) => ns.reduce((a, b) => a + b, 0);
      expect(sum(lines.map((l) => l.amount)), name).toBe(
        sum(raw.map((a) => parseDecimalToMinor(a, 2))),
      );
      checked += lines.length;
    }
    expect(checked).toBe(85);
  });

  it("matches the values ofxparse's own tests assert", () => {
    const [medium] = parsed.get("bank_medium.ofx")?.statements ?? [];
    expect(medium).toMatchObject({ account: "12300 000012345678", currency: "CAD" });
    expect(medium?.closingBalance).toBe(38234);
    expect(medium?.lines).toHaveLength(3);
    expect(medium?.lines[0]).toMatchObject({
      counterpartyName: "MCDONALD'S #112",
      amount: -660,
      bookingDate: "2009-04-01",
      bankRef: "0000123456782009040100001",
      reference: "POS MERCHANDISE;MCDONALD'S #112",
    });
    const multiple = parsed.get("multiple_accounts2.ofx")?.statements ?? [];
    expect(multiple.map((s) => [s.account, s.closingBalance])).toEqual([
      ["9100", 11100],
      ["9200", 22200],
    ]);
    const [suncorp] = parsed.get("suncorp.ofx")?.statements ?? [];
    expect(suncorp?.lines[0]).toMatchObject({
      counterpartyName: "EFTPOS WDL HANDYWAY ALDI STORE",
      reference: "EFTPOS WDL HANDYWAY ALDI STORE GEELONG WEST VICAU",
      amount: -1685,
    });
    const [card] = parsed.get("anzcc.ofx")?.statements ?? [];
    expect(card).toMatchObject({ account: "1234123412341234", currency: "AUD" });
    expect(card?.closingBalance).toBe(-12345);
    // Empty CURDEF, FITID, NAME and LEDGERBAL: the currency comes from CURRENCY/CURSYM.
    const [empty] = parsed.get("ofx-v102-empty-tags.ofx")?.statements ?? [];
    expect(empty).toMatchObject({ account: "12345678", currency: "AUD", closingBalance: null });
    expect(empty?.lines[0]).toMatchObject({ amount: 1234, bankRef: null, counterpartyName: null });
  });

  it("reads csv2ofx output: two STMTRS in one STMTTRNRS, UTF-8 names, CHECKNUM references", () => {
    const statements = parsed.get("converted/default.ofx")?.statements ?? [];
    expect(statements.map((s) => s.lines.length)).toEqual([2, 6]);
    expect(statements[0]?.lines[0]).toMatchObject({
      counterpartyName: "Tchênzema Tchênzema",
      reference: "INV-7",
      amount: 4_500_000,
      bookingDate: "2015-03-24",
    });
    expect(parsed.get("converted/schwab-checking.ofx")?.statements[0]?.closingBalance).toBe(87847);
    // Transfer responses (INTRARS) and investment statements are not bank statements.
    for (const name of ["converted/mint.ofx", "example/transfer_example.ofx", "vanguard.ofx"]) {
      expect(parsed.get(name)?.statements, name).toEqual([]);
    }
  });
});

describe("parseOfx, written cases", () => {
  it("reads several accounts: two bank statements and a credit card, in file order", () => {
    const bank = (acct: string, amount: string) =>
      `<STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS><STMTRS><CURDEF>USD
<BANKACCTFROM><BANKID>1<ACCTID>${acct}<ACCTTYPE>CHECKING</BANKACCTFROM><BANKTRANLIST>
${trn(`<DTPOSTED>20260105<TRNAMT>${amount}<FITID>${acct}-1`)}</BANKTRANLIST></STMTRS></STMTTRNRS>`;
    const text = `${HEADER}<OFX><BANKMSGSRSV1>${bank("111", "10.00")}${bank("222", "-2.50")}
</BANKMSGSRSV1><CREDITCARDMSGSRSV1><CCSTMTTRNRS><TRNUID>2<STATUS><CODE>0<SEVERITY>INFO</STATUS>
<CCSTMTRS><CURDEF>USD<CCACCTFROM><ACCTID>4111</CCACCTFROM><BANKTRANLIST>
${trn("<DTPOSTED>20260106<TRNAMT>-42.10<FITID>cc-1<NAME>SHOP")}</BANKTRANLIST>
<LEDGERBAL><BALAMT>-42.10<DTASOF>20260107</LEDGERBAL></CCSTMTRS></CCSTMTTRNRS>
</CREDITCARDMSGSRSV1></OFX>`;
    const { statements } = parse(text);
    expect(statements.map((s) => [s.account, s.lines[0]?.amount, s.lines[0]?.bankRef])).toEqual([
      ["111", 1000, "111-1"],
      ["222", -250, "222-1"],
      ["4111", -4210, "cc-1"],
    ]);
    expect(statements[2]?.closingBalance).toBe(-4210);
  });

  it("reads OFX 2.x XML: CDATA, comments, PAYEE, BANKACCTTO, DTAVAIL", () => {
    const text = `<?xml version="1.0" encoding="UTF-8"?>
<?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>
<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>1</TRNUID><STMTRS><CURDEF>CHF</CURDEF>
<BANKACCTFROM><BANKID>x</BANKID><ACCTID>CH9300762011623852957</ACCTID></BANKACCTFROM>
<BANKTRANLIST><STMTTRN><TRNTYPE>CREDIT</TRNTYPE><!-- a comment -->
<DTPOSTED>20260105</DTPOSTED><DTUSER>20260101</DTUSER><DTAVAIL>20260107</DTAVAIL>
<TRNAMT>+1250.50</TRNAMT><FITID>F-1</FITID><PAYEE><NAME><![CDATA[Müller & Söhne <AG>]]></NAME>
</PAYEE><BANKACCTTO><BANKID>y</BANKID><ACCTID>CH5604835012345678009</ACCTID></BANKACCTTO>
<MEMO>Invoice   INV-2026-0001
 paid</MEMO></STMTTRN></BANKTRANLIST>
<LEDGERBAL><BALAMT>1250.50</BALAMT><DTASOF>20260131</DTASOF></LEDGERBAL></STMTRS>
</STMTTRNRS></BANKMSGSRSV1></OFX>`;
    const [statement] = parse(text).statements;
    expect(statement).toMatchObject({ account: "CH9300762011623852957", currency: "CHF" });
    expect(statement?.closingBalance).toBe(125050);
    expect(statement?.lines).toEqual([
      {
        bookingDate: "2026-01-05",
        valueDate: "2026-01-07",
        amount: 125050,
        currency: "CHF",
        counterpartyName: "Müller & Söhne <AG>",
        counterpartyAccount: "CH5604835012345678009",
        reference: "Invoice INV-2026-0001 paid",
        bankRef: "F-1",
      },
    ]);
  });

  it("decodes HTML-escaped values: XML, numeric and Latin-1 named entities", () => {
    const l = line(
      "<DTPOSTED>20260105<TRNAMT>1<NAME>Caf&eacute; &amp; Fils &lt;SA&gt; &#233;&#xF1;",
    );
    expect(l?.counterpartyName).toBe("Café & Fils <SA> éñ");
    expect(decodeEntities("AT&T &bogus; &nbsp;&euro;&yuml;")).toBe("AT&T &bogus; \u00a0€ÿ");
    expect([...namedEntities.keys()].filter((k) => k.length > 0)).toHaveLength(96 + 17 + 5);
  });

  it("reads a CHARSET:1252 file (é, ñ) and a UTF-8 file", () => {
    const text = sgml(trn("<DTPOSTED>20260105<TRNAMT>1<NAME>Jos\u00e9 Pe\u00f1a\n<MEMO>a\u00f1o"));
    const cp1252 = Uint8Array.from(text, (c) => c.charCodeAt(0));
    expect(cp1252).toContain(0xe9);
    const fromCp1252 = parseOfx(cp1252, "t.ofx").statements[0]?.lines[0];
    expect(fromCp1252).toMatchObject({ counterpartyName: "José Peña", reference: "año" });
    const utf8 = text.replace("CHARSET:1252", "CHARSET:NONE").replace("USASCII", "UTF-8");
    expect(parse(utf8).statements[0]?.lines[0]?.counterpartyName).toBe("José Peña");
  });

  it("takes the date part as written, never shifted by the zone; DTAVAIL is the value date", () => {
    const cases: [string, string][] = [
      ["20260105", "2026-01-05"],
      ["20260105120000", "2026-01-05"],
      ["20260105233000.000[-5:EST]", "2026-01-05"],
      ["20260105010000.000[+9:JST]", "2026-01-05"],
      ["20180804093914:014", "2018-08-04"],
    ];
    for (const [raw, date] of cases) {
      expect(line(`<DTPOSTED>${raw}<TRNAMT>1`)?.bookingDate, raw).toBe(date);
    }
    expect(line("<DTPOSTED>20260105<DTUSER>20260101<TRNAMT>1")?.valueDate).toBeNull();
    expect(line("<DTPOSTED>20260105<DTAVAIL>00000000<TRNAMT>1")?.valueDate).toBeNull();
    expect(line("<DTPOSTED>20260105<DTAVAIL>20260108<TRNAMT>1")?.valueDate).toBe("2026-01-08");
  });

  it("reads amounts with a comma, a leading +, grouping, and the currency's decimals", () => {
    const cases: [string, string, number][] = [
      ["-6.60", "EUR", -660],
      ["-1006,60", "EUR", -100660],
      ["+1.006,60", "EUR", 100660],
      ["-1,006.60", "EUR", -100660],
      ["+1 006,60", "EUR", 100660],
      ["-00000000001500.0000", "EUR", -150000],
      ["1500", "JPY", 1500],
      ["1.234", "KWD", 1234],
      ["null", "EUR", 0],
    ];
    for (const [raw, currency, minor] of cases) {
      const text = sgml(trn(`<DTPOSTED>20260105<TRNAMT>${raw}`), currency, "<BALAMT>0<DTASOF>0");
      const [statement] = parse(text).statements;
      expect(statement?.lines[0]?.amount, `${raw} ${currency}`).toBe(minor);
    }
  });

  it("round-trips any amount written with a dot or a comma, signed or not", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.boolean(), (minor, comma) => {
        const abs = Math.abs(minor);
        const digits = `${Math.floor(abs / 100)}${comma ? "," : "."}${String(abs % 100).padStart(2, "0")}`;
        const raw = `${minor < 0 ? "-" : minor > 0 ? "+" : ""}${digits}`;
        expect(line(`<DTPOSTED>20260105<TRNAMT>${raw}`)?.amount).toBe(minor);
      }),
      { numRuns: 200 },
    );
  });

  it("takes the reference from MEMO, else REFNUM, else a CHECKNUM that is not all zeros", () => {
    const base = "<DTPOSTED>20260105<TRNAMT>1";
    expect(line(`${base}<CHECKNUM>12<REFNUM>R-9<MEMO>  RF18 5390 0754\t7034 `)?.reference).toBe(
      "RF18 5390 0754 7034",
    );
    expect(line(`${base}<CHECKNUM>12<REFNUM>R-9`)?.reference).toBe("R-9");
    expect(line(`${base}<CHECKNUM>1001`)?.reference).toBe("1001");
    expect(line(`${base}<CHECKNUM>0000`)?.reference).toBeNull();
  });

  it("keeps the statement currency for a transaction in another CURRENCY or ORIGCURRENCY", () => {
    const l = line(
      "<DTPOSTED>20260105<TRNAMT>-10.00<CURRENCY><CURRATE>1.0857<CURSYM>USD</CURRENCY>" +
        "<ORIGCURRENCY><CURRATE>0.92<CURSYM>GBP</ORIGCURRENCY>",
    );
    expect(l).toMatchObject({ amount: -1000, currency: "EUR" });
  });

  it("moves what an SGML empty leaf without an end tag swallowed back to its parent", () => {
    const l = line("<DTPOSTED>20260105<NAME><TRNAMT>3.00<MEMO>after an empty NAME");
    expect(l).toMatchObject({
      amount: 300,
      counterpartyName: null,
      reference: "after an empty NAME",
    });
  });

  it("reads a file with no statements (sign-on only) as no statements", () => {
    expect(parse(`${HEADER}<OFX></OFX>`).statements).toEqual([]);
  });
});

describe("parseOfx, bad input", () => {
  const good = sgml(trn("<DTPOSTED>20260105\n<TRNAMT>12.50\n<FITID>A1"));

  it("a truncated file names the line it ends on and the element left open", () => {
    const cut = good.slice(0, good.indexOf("<FITID>"));
    const error = failure(() => parse(cut));
    expect(error.where).toBe(String(cut.split("\n").length));
    expect(error.problem).toMatch(/ends before <\/STMTTRN> \(opened at line \d+\): truncated/);
    const midTag = failure(() => parse(good.slice(0, good.indexOf("<FITID>") + 4)));
    expect(midTag.problem).toContain("ends inside a tag");
  });

  it("a bad amount names the TRNAMT line and the field", () => {
    const text = good.replace("12.50", "12.5.0");
    const error = failure(() => parse(text));
    expect(error.where).toBe(String(lineOf(text, "<TRNAMT>")));
    expect(error.problem).toContain("STMTTRN/TRNAMT");
    expect(error.problem).toContain('"12.5.0"');
    const precise = failure(() => parse(good.replace("12.50", "12.505")));
    expect(precise.problem).toContain("not an amount in EUR");
  });

  it("a bad or missing date names the DTPOSTED line and the field", () => {
    const text = good.replace("<DTPOSTED>20260105", "<DTPOSTED>20260231");
    const error = failure(() => parse(text));
    expect(error.where).toBe(String(lineOf(text, "<DTPOSTED>")));
    expect(error.problem).toContain('STMTTRN/DTPOSTED: "20260231" is not a real date');
    const missing = failure(() => parse(good.replace("<DTPOSTED>20260105\n", "")));
    expect(missing.problem).toContain("STMTTRN: DTPOSTED is missing");
  });

  it("an unknown or unusable currency names CURDEF", () => {
    expect(
      failure(() => parse(sgml(trn("<DTPOSTED>20260105<TRNAMT>1"), "EURO"))).problem,
    ).toContain('CURDEF: "EURO" is not an ISO 4217 currency');
    const none = failure(() => parse(sgml(trn("<DTPOSTED>20260105<TRNAMT>1"), "")));
    expect(none.problem).toContain("CURDEF is missing or empty");
  });

  it("malformed markup and a bank error response are refused with their line", () => {
    const stray = good.replace("</BANKTRANLIST>", "</BANKTRANLST>");
    expect(failure(() => parse(stray)).where).toBe(String(lineOf(stray, "</BANKTRANLST>")));
    expect(failure(() => parse(`${HEADER}<STMTRS></STMTRS>`)).problem).toContain("not <OFX>");
    expect(failure(() => parse("")).problem).toContain("no <OFX> element");
    expect(parse(`${good}\u001a\n`).statements).toHaveLength(1); // trailing bytes are ignored
    expect(failure(() => parse(`${good}<OFX></OFX>`)).problem).toContain("after the end of <OFX>");
    const junk = good.replace("</BANKTRANLIST>", "</BANKTRANLIST>junk");
    expect(failure(() => parse(junk)).problem).toContain(
      'text "junk" among the elements of <STMTRS>',
    );
    const refused = good.replace(
      "<SEVERITY>INFO\n</STATUS>\n<STMTRS>",
      "<SEVERITY>ERROR\n</STATUS>\n<X>",
    );
    expect(failure(() => parse(refused.replace("</STMTRS>", "</X>"))).problem).toContain(
      "STMTTRNRS/STATUS: no statement: the bank reports error 0",
    );
  });
});

describe("looksLikeOfx", () => {
  it("recognises OFX 1.x and 2.x and nothing else", () => {
    expect(looksLikeOfx(HEADER)).toBe(true);
    expect(looksLikeOfx('<?xml version="1.0"?>\n<?OFX OFXHEADER="200"?>')).toBe(true);
    expect(looksLikeOfx("\n<OFX>\n<SIGNONMSGSRSV1>")).toBe(true);
    expect(looksLikeOfx("Date;Amount;Name\n2026-01-05;12,50;OFX Ltd")).toBe(false);
    expect(looksLikeOfx('<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022">')).toBe(
      false,
    );
    expect(looksLikeOfx(":20:STARTUMSE\n:25:10020030/1234567")).toBe(false);
  });
});
