import fc from "fast-check";
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { StatementParseError } from "../statement-model.js";
import { looksLikeCamt, parseCamt } from "./camt.js";

const ns53 = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02";
const ns54 = "urn:iso:std:iso:20022:tech:xsd:camt.054.001.08";
const iban = "DE89370400440532013000";

function doc(records: string, options: { ns?: string; body?: string; prolog?: string } = {}) {
  const body = options.body ?? "BkToCstmrStmt";
  return [
    options.prolog ?? `<?xml version="1.0" encoding="UTF-8"?>`,
    `<Document xmlns="${options.ns ?? ns53}">`,
    `<${body}>`,
    "<GrpHdr><MsgId>M1</MsgId><CreDtTm>2024-03-01T08:00:00+01:00</CreDtTm></GrpHdr>",
    records,
    `</${body}>`,
    "</Document>",
    "",
  ].join("\n");
}

function stmt(inner: string, acct = `<Acct><Id><IBAN>${iban}</IBAN></Id><Ccy>EUR</Ccy></Acct>`) {
  return `<Stmt>\n<Id>S1</Id>\n<CreDtTm>2024-03-02T09:00:00+01:00</CreDtTm>\n${acct}\n${inner}\n</Stmt>`;
}

function bal(code: string, amount: string, ind = "CRDT", ccy = "EUR") {
  return `<Bal><Tp><CdOrPrtry><Cd>${code}</Cd></CdOrPrtry></Tp><Amt Ccy="${ccy}">${amount}</Amt><CdtDbtInd>${ind}</CdtDbtInd><Dt><Dt>2024-03-01</Dt></Dt></Bal>`;
}

function ntry(
  amount: string,
  ind: string,
  rest = "",
  dates = "<BookgDt><Dt>2024-03-01</Dt></BookgDt><ValDt><Dt>2024-03-02</Dt></ValDt>",
) {
  return `<Ntry>\n<Amt Ccy="EUR">${amount}</Amt>\n<CdtDbtInd>${ind}</CdtDbtInd>\n<Sts>BOOK</Sts>\n${dates}\n${rest}\n</Ntry>`;
}

function tx(inner: string, amount?: string) {
  const amt = amount ? `<AmtDtls><TxAmt><Amt Ccy="EUR">${amount}</Amt></TxAmt></AmtDtls>` : "";
  return `<TxDtls>${amt}${inner}</TxDtls>`;
}

const bytes = (text: string) => new TextEncoder().encode(text);
const parse = (text: string, file = "s.xml") => parseCamt(bytes(text), file);

function parseError(run: () => unknown): StatementParseError {
  try {
    run();
  } catch (e) {
    if (e instanceof StatementParseError) return e;
    throw e;
  }
  throw new Error("expected a StatementParseError");
}

const debtor = (name: string, ibanText: string) =>
  `<RltdPties><Dbtr><Nm>${name}</Nm></Dbtr><DbtrAcct><Id><IBAN>${ibanText}</IBAN></Id></DbtrAcct><Cdtr><Nm>Us</Nm></Cdtr></RltdPties>`;

describe("parseCamt: statements and entries", () => {
  it("reads account, balances with sign, dates, amounts and the bank's reference", () => {
    const text = doc(
      stmt(
        `${bal("OPBD", "10.00", "DBIT")}${bal("CLBD", "90.50")}
        ${ntry("100.50", "CRDT", `<AcctSvcrRef>BANK-1</AcctSvcrRef><NtryDtls>${tx(`<Refs><EndToEndId>E2E-1</EndToEndId></Refs>${debtor("Anna  Berg", "NL91ABNA0417164300")}`)}</NtryDtls>`)}`,
      ),
    );
    expect(parse(text)).toEqual({
      format: "camt.053",
      statements: [
        {
          account: iban,
          currency: "EUR",
          openingBalance: -1000,
          closingBalance: 9050,
          lines: [
            {
              bookingDate: "2024-03-01",
              valueDate: "2024-03-02",
              amount: 10050,
              currency: "EUR",
              counterpartyName: "Anna Berg",
              counterpartyAccount: "NL91ABNA0417164300",
              reference: "E2E-1",
              bankRef: "BANK-1",
            },
          ],
        },
      ],
    });
  });

  it("takes the creditor for a debit, a v8 Pty name and an Othr account id", () => {
    const parties = `<RltdPties><Dbtr><Pty><Nm>Us</Nm></Pty></Dbtr><Cdtr><Pty><Nm>Stadtwerke Köln</Nm></Pty></Cdtr><CdtrAcct><Id><Othr><Id>12345678</Id></Othr></Id></CdtrAcct></RltdPties>`;
    const text = doc(
      stmt(ntry("5", "DBIT", `<NtryRef>N-7</NtryRef><NtryDtls>${tx(parties)}</NtryDtls>`)),
      {
        ns: "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08",
      },
    );
    const [line] = parse(text).statements[0]?.lines ?? [];
    expect(line).toMatchObject({ amount: -500, counterpartyName: "Stadtwerke Köln" });
    expect(line).toMatchObject({ counterpartyAccount: "12345678", bankRef: "N-7" });
  });

  it("falls back to the transaction's AcctSvcrRef when the entry has neither id", () => {
    const inner = "<Refs><AcctSvcrRef>TX-9</AcctSvcrRef></Refs>";
    const text = doc(stmt(ntry("1", "CRDT", `<NtryDtls>${tx(inner)}</NtryDtls>`)));
    expect(parse(text).statements[0]?.lines[0]?.bankRef).toBe("TX-9");
  });

  it.each([
    [
      "an RF creditor reference first",
      `<Refs><EndToEndId>E2E</EndToEndId></Refs><RmtInf><Ustrd>x</Ustrd><Strd><CdtrRefInf><Ref>RF18539007547034</Ref></CdtrRefInf></Strd></RmtInf>`,
      "RF18539007547034",
    ],
    [
      "the end-to-end id next",
      `<Refs><EndToEndId>E2E</EndToEndId></Refs><RmtInf><Ustrd>free</Ustrd></RmtInf>`,
      "E2E",
    ],
    [
      "free text joined when the end-to-end id is NOTPROVIDED",
      `<Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs><RmtInf><Ustrd> Invoice\n  2024-17 </Ustrd><Ustrd>thanks</Ustrd></RmtInf>`,
      "Invoice 2024-17 thanks",
    ],
    ["null when there is nothing", "<Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>", null],
  ])("reference: %s", (_case, inner, reference) => {
    const text = doc(stmt(ntry("1", "CRDT", `<NtryDtls>${tx(inner)}</NtryDtls>`)));
    expect(parse(text).statements[0]?.lines[0]?.reference).toBe(reference);
  });

  it("takes the date part of DtTm, falls back to ValDt, then to the statement's day", () => {
    const entries = [
      ntry("1", "CRDT", "", "<BookgDt><DtTm>2024-03-01T23:30:00-05:00</DtTm></BookgDt>"),
      ntry("2", "CRDT", "", "<ValDt><Dt>2024-03-04</Dt></ValDt>"),
      ntry("3", "CRDT", "", ""),
    ];
    const lines = parse(doc(stmt(entries.join("\n")))).statements[0]?.lines ?? [];
    expect(lines.map((l) => [l.bookingDate, l.valueDate])).toEqual([
      ["2024-03-01", null],
      ["2024-03-04", "2024-03-04"],
      ["2024-03-02", null],
    ]);
  });

  it("uses PRCD without OPBD and drops a balance in another currency than the account's", () => {
    const text = doc(stmt(`${bal("PRCD", "7.00")}${bal("CLBD", "7.00", "CRDT", "USD")}`));
    expect(parse(text).statements[0]).toMatchObject({ openingBalance: 700, closingBalance: null });
  });

  it("reads camt.054 notifications and scales JPY and KWD amounts by ISO 4217", () => {
    const acct = (ccy: string) => `<Acct><Id><IBAN>${iban}</IBAN></Id><Ccy>${ccy}</Ccy></Acct>`;
    const record = (ccy: string, amount: string) =>
      `<Ntfctn><Id>N</Id><CreDtTm>2024-03-02T09:00:00Z</CreDtTm>${acct(ccy)}${ntry(amount, "DBIT").replace(/EUR/g, ccy)}</Ntfctn>`;
    const parsed = parse(
      doc(record("JPY", "1234") + record("KWD", "1.234"), {
        ns: ns54,
        body: "BkToCstmrDbtCdtNtfctn",
      }),
    );
    expect(parsed.format).toBe("camt.054");
    expect(parsed.statements.map((s) => [s.currency, s.lines[0]?.amount])).toEqual([
      ["JPY", -1234],
      ["KWD", -1234],
    ]);
  });
});

describe("parseCamt: batched entries", () => {
  const batch = (total: string, amounts: [string, string, string], nb = "") =>
    ntry(
      total,
      "CRDT",
      `<AcctSvcrRef>BATCH-1</AcctSvcrRef><NtryDtls>${nb}
      ${tx(`<Refs><AcctSvcrRef>TX-1</AcctSvcrRef><EndToEndId>INV-1</EndToEndId></Refs>${debtor("Ann", "NL91ABNA0417164300")}`, amounts[0])}
      ${tx(`<Refs><EndToEndId>INV-2</EndToEndId></Refs>${debtor("Bob", "NL39RABO0300065264")}`, amounts[1])}
      ${tx(`<RmtInf><Strd><CdtrRefInf><Ref>RF71</Ref></CdtrRefInf></Strd></RmtInf>${debtor("Cy", "NL02ABNA0123456789")}`, amounts[2])}</NtryDtls>`,
    );

  it("splits into one line per TxDtls with its own amount, party and reference", () => {
    const lines = parse(doc(stmt(batch("60.00", ["10.00", "20.00", "30.00"])))).statements[0]
      ?.lines;
    expect(lines?.map((l) => [l.amount, l.counterpartyName, l.reference, l.bankRef])).toEqual([
      [1000, "Ann", "INV-1", "TX-1"],
      [2000, "Bob", "INV-2", "BATCH-1"],
      [3000, "Cy", "RF71", "BATCH-1"],
    ]);
  });

  it("refuses a batch whose transaction amounts do not add up, naming the entry", () => {
    const e = parseError(() => parse(doc(stmt(batch("60.00", ["10.00", "20.00", "30.01"])))));
    expect(e.where).toBe("Document/BkToCstmrStmt/Stmt[1]/Ntry[1]");
    expect(e.problem).toBe(
      "batched entry: the TxDtls amounts sum to 60.01 EUR but the entry Amt is 60.00 EUR",
    );
  });

  it("keeps one line when the batch has no per-transaction amounts, with only shared facts", () => {
    const same = debtor("Ann", "NL91ABNA0417164300");
    const text = doc(
      stmt(
        ntry(
          "60.00",
          "CRDT",
          `<NtryDtls><Btch><NbOfTxs>2</NbOfTxs></Btch>${tx(`<Refs><EndToEndId>A</EndToEndId></Refs>${same}`)}${tx(`<Refs><EndToEndId>B</EndToEndId></Refs>${same}`)}</NtryDtls>`,
        ),
      ),
    );
    expect(parse(text).statements[0]?.lines).toEqual([
      expect.objectContaining({ amount: 6000, counterpartyName: "Ann", reference: null }),
    ]);
  });

  it("property: any split of a booking into transaction amounts comes back exactly", () => {
    const minor = fc.integer({ min: 0, max: 10 ** 12 });
    fc.assert(
      fc.property(
        fc.array(minor, { minLength: 2, maxLength: 6 }),
        fc.boolean(),
        (parts, credit) => {
          const text = (n: number) => `${Math.floor(n / 100)}.${String(n % 100).padStart(2, "0")}`;
          const total = parts.reduce((a, b) => a + b, 0);
          const txs = parts
            .map((p, i) => tx(`<Refs><EndToEndId>E${i}</EndToEndId></Refs>`, text(p)))
            .join("");
          const xml = doc(
            stmt(ntry(text(total), credit ? "CRDT" : "DBIT", `<NtryDtls>${txs}</NtryDtls>`)),
          );
          const lines = parse(xml).statements[0]?.lines ?? [];
          expect(lines.map((l) => l.amount)).toEqual(parts.map((p) => (credit ? p : -p) + 0));
        },
      ),
    );
  });
});

describe("parseCamt: zip and encodings", () => {
  const one = doc(stmt(ntry("1.00", "CRDT")));
  const two = doc(stmt(ntry("2.00", "DBIT")));

  it("reads every XML file of a zip, in archive order, and ignores the rest", () => {
    const zip = zipSync({
      "a.xml": strToU8(one),
      "readme.txt": strToU8("hi"),
      "sub/b.XML": strToU8(two),
    });
    const parsed = parseCamt(zip, "bank.zip");
    expect(parsed.format).toBe("camt.053");
    expect(parsed.statements.map((s) => s.lines[0]?.amount)).toEqual([100, -200]);
  });

  it("names the member and element of a bad file inside a zip", () => {
    const zip = zipSync({ "a.xml": strToU8(one), "b.xml": strToU8(two.replace("2.00", "2,00")) });
    const e = parseError(() => parseCamt(zip, "bank.zip"));
    expect([e.file, e.where]).toEqual([
      "bank.zip",
      "b.xml:Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/Amt",
    ]);
  });

  it.each([
    ["no XML inside", zipSync({ "a.txt": strToU8("x") }), /zip archive holds no XML file/],
    [
      "mixed camt.053 and camt.054",
      zipSync({
        "a.xml": strToU8(one),
        "b.xml": strToU8(
          doc("<Ntfctn/>", { ns: ns54, body: "BkToCstmrDbtCdtNtfctn" }).replace(
            "<Ntfctn/>",
            `<Ntfctn><CreDtTm>2024-03-02T09:00:00Z</CreDtTm><Acct><Id><IBAN>${iban}</IBAN></Id></Acct></Ntfctn>`,
          ),
        ),
      }),
      /b\.xml:Document: a camt\.054 file in a zip/,
    ],
    [
      "a broken archive",
      Uint8Array.from([0x50, 0x4b, 3, 4, 1, 2, 3]),
      /bank\.zip:zip: not a readable zip archive/,
    ],
  ])("refuses a zip with %s", (_case, zip, message) => {
    expect(() => parseCamt(zip, "bank.zip")).toThrow(message);
  });

  it("decodes an ISO-8859-1 file declared in the prolog", () => {
    const text = doc(
      stmt(
        ntry(
          "1",
          "CRDT",
          `<NtryDtls>${tx(debtor("Müller & Söhne, Société Générale", "FR7630006000011234567890189"))}</NtryDtls>`,
        ).replace("&", "&amp;"),
      ),
      { prolog: `<?xml version="1.0" encoding="ISO-8859-1"?>` },
    );
    const latin1 = Uint8Array.from(text, (c) => c.charCodeAt(0));
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(latin1)).toThrow();
    expect(parseCamt(latin1, "l1.xml").statements[0]?.lines[0]?.counterpartyName).toBe(
      "Müller & Söhne, Société Générale",
    );
  });
});

describe("parseCamt: bad input names the place and the field", () => {
  const good = doc(stmt(`${bal("OPBD", "1.00")}\n${ntry("12.50", "CRDT")}`));
  const at = "Document/BkToCstmrStmt/Stmt[1]";

  it.each([
    [
      "a bad amount",
      good.replace(">12.50<", ">12,50<"),
      `${at}/Ntry[1]/Amt`,
      /^Amt: "12,50" is not a decimal amount/,
    ],
    [
      "too many decimals",
      good.replace(">12.50<", ">12.505<"),
      `${at}/Ntry[1]/Amt`,
      /^Amt: .*more than 2 decimal places/,
    ],
    [
      "a negative amount",
      good.replace(">12.50<", ">-12.50<"),
      `${at}/Ntry[1]/Amt`,
      /^Amt "-12.50" is negative/,
    ],
    [
      "an unknown currency",
      good.replace('Ccy="EUR">12.50', 'Ccy="EUX">12.50'),
      `${at}/Ntry[1]/Amt`,
      /Ccy="EUX"/,
    ],
    [
      "a bad date",
      good.replace("2024-03-01</Dt></BookgDt>", "2024-02-30</Dt></BookgDt>"),
      `${at}/Ntry[1]/BookgDt/Dt`,
      /^Dt "2024-02-30" is not a valid date/,
    ],
    [
      "a missing CdtDbtInd",
      good.replace("<CdtDbtInd>CRDT</CdtDbtInd>\n<Sts>", "<Sts>"),
      `${at}/Ntry[1]`,
      /^CdtDbtInd is missing/,
    ],
    [
      "a bad CdtDbtInd",
      good.replace("<CdtDbtInd>CRDT</CdtDbtInd>\n<Sts>", "<CdtDbtInd>CR</CdtDbtInd><Sts>"),
      `${at}/Ntry[1]/CdtDbtInd`,
      /"CR" is neither CRDT nor DBIT/,
    ],
    ["a missing account", good.replace(/<Acct>.*<\/Acct>/, ""), at, /^Acct is missing/],
    [
      "two OPBD balances",
      good.replace("<Ntry>", `${bal("OPBD", "2.00")}<Ntry>`),
      `${at}/Bal[2]`,
      /a second OPBD balance/,
    ],
    [
      "a camt.052 report",
      doc("", { body: "BkToCstmrAcctRpt" }),
      "Document/BkToCstmrAcctRpt",
      /camt\.052/,
    ],
    [
      "a namespace that disagrees",
      good.replace("camt.053.001.02", "camt.054.001.02"),
      "Document",
      /namespace .* is camt\.054/,
    ],
  ])("%s", (_case, text, where, problem) => {
    const e = parseError(() => parse(text));
    expect(e.where).toBe(where);
    expect(e.problem).toMatch(problem);
    expect(e.message).toContain(`s.xml:${where}: `);
  });

  it("a truncated file: the line where it ends and the element it ends inside", () => {
    const cut = good.slice(0, good.indexOf("<Sts>"));
    const e = parseError(() => parse(cut));
    expect(e.where).toBe(String(cut.split("\n").length));
    expect(e.problem).toMatch(
      /ends early.*inside Document\/BkToCstmrStmt\/Stmt\/Ntry \(truncated\?\)/,
    );
  });

  it("malformed markup: the line of the problem", () => {
    const e = parseError(() => parse(good.replace("<Sts>BOOK</Sts>", "<Sts>BOOK</Stx>")));
    expect(e.where).toBe(String(good.split("\n").findIndex((l) => l.includes("<Sts>")) + 1));
    expect(e.problem).toMatch(/not well-formed: unexpected <\/Stx>/);
  });
});

describe("looksLikeCamt", () => {
  it.each([
    [doc(""), true],
    [`<ns2:Document xmlns:ns2="x"><ns2:BkToCstmrDbtCdtNtfctn>`, true],
    ["PK\u0003\u0004\u0014\u0000 ... camt053_2024.xml", true],
    ['<?xml version="1.0"?><OFX>', false],
    [":20:STARTUMS\n:25:12345678", false],
  ])("%#", (text, expected) => {
    expect(looksLikeCamt(text)).toBe(expected);
  });
});
