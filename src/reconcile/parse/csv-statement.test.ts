import { describe, expect, it } from "vitest";
import { parseCalendarDate } from "../../kernel/dates.js";
import { StatementParseError } from "../statement-model.js";
import { type CsvProfileInput, parseCsvProfile } from "./csv-profile.js";
import { referenceOf } from "./csv-row.js";
import { checkRunningBalances } from "./csv-running-balance.js";
import { parseCsvStatement } from "./csv-statement.js";

const utf8 = (text: string) => new TextEncoder().encode(text);

/** Windows-1252 bytes for the Latin-1 range (enough for accents) plus the euro sign. */
function cp1252(text: string): Uint8Array {
  return Uint8Array.from([...text].map((ch) => (ch === "€" ? 0x80 : ch.charCodeAt(0))));
}

function parse(text: string | Uint8Array, profile: CsvProfileInput, file = "stmt.csv") {
  const bytes = typeof text === "string" ? utf8(text) : text;
  return parseCsvStatement(bytes, file, parseCsvProfile(profile));
}

function failure(run: () => unknown): StatementParseError {
  try {
    run();
  } catch (error) {
    if (error instanceof StatementParseError) return error;
    throw error;
  }
  throw new Error("expected a StatementParseError");
}

const german: CsvProfileInput = {
  delimiter: ";",
  columns: {
    bookingDate: "Buchungstag",
    valueDate: "Valuta",
    amount: "Betrag",
    counterpartyName: "Empfänger",
    counterpartyAccount: "IBAN",
    reference: "Verwendungszweck",
  },
  currency: "EUR",
  dateFormat: "DD.MM.YYYY",
  decimalSeparator: ",",
  thousandsSeparator: ".",
};

const germanFile = [
  "Buchungstag;Valuta;Empfänger;IBAN;Verwendungszweck;Betrag",
  '02.01.2026;03.01.2026;"Müller; GmbH";DE89 3704 0044 0532 0130 00;"Rechnung  RE-1001\nDanke";1.234,56',
  "15.01.2026;;Stadtwerke;;Abschlag Januar;-1.234.567,89",
].join("\r\n");

describe("parseCsvStatement", () => {
  it("reads DD.MM.YYYY dates, decimal commas with thousands dots, quoted ; and newlines, CRLF", () => {
    const parsed = parse(`\uFEFF${germanFile}\r\n`, german);
    expect(parsed.format).toBe("csv");
    expect(parsed.statements).toHaveLength(1);
    const [statement] = parsed.statements;
    expect(statement).toMatchObject({
      account: null,
      currency: "EUR",
      openingBalance: null,
      closingBalance: null,
    });
    expect(statement?.lines).toEqual([
      {
        bookingDate: "2026-01-02",
        valueDate: "2026-01-03",
        amount: 123_456,
        currency: "EUR",
        counterpartyName: "Müller; GmbH",
        counterpartyAccount: "DE89370400440532013000",
        reference: "Rechnung RE-1001 Danke",
        bankRef: null,
      },
      {
        bookingDate: "2026-01-15",
        valueDate: null,
        amount: -123_456_789,
        currency: "EUR",
        counterpartyName: "Stadtwerke",
        counterpartyAccount: null,
        reference: "Abschlag Januar",
        bankRef: null,
      },
    ]);
  });

  it("reads debit and credit columns: a debit is money out whether written positive or negative", () => {
    const file = [
      "Date,Details,Paid out,Paid in,Ref",
      "2026-03-01,Rent,1200.00,,A1",
      "2026-03-02,Fee,-3.50,,A2",
      "2026-03-03,Invoice 7,,450.00,A3",
      "2026-03-04,Refund,0.00,12.00,A4",
    ].join("\n");
    const lines = parse(file, {
      columns: {
        bookingDate: "Date",
        debit: "Paid out",
        credit: "Paid in",
        reference: "Details",
        bankRef: "Ref",
      },
      currency: "GBP",
      dateFormat: "YYYY-MM-DD",
      decimalSeparator: ".",
    }).statements[0]?.lines;
    expect(lines?.map((l) => [l.amount, l.bankRef])).toEqual([
      [-120_000, "A1"],
      [-350, "A2"],
      [45_000, "A3"],
      [1_200, "A4"],
    ]);
  });

  it("refuses a row with both or neither of debit and credit, naming the line and columns", () => {
    const profile: CsvProfileInput = {
      columns: { bookingDate: "Date", debit: "Out", credit: "In" },
      currency: "USD",
      dateFormat: "MM/DD/YYYY",
      decimalSeparator: ".",
    };
    const both = failure(() =>
      parse("Date,Out,In\n01/02/2026,1.00,\n01/03/2026,2.00,3.00\n", profile),
    );
    expect([both.where, both.problem]).toEqual([
      "3",
      'amount: debit (column "Out") and credit (column "In") both hold an amount',
    ]);
    const neither = failure(() => parse("Date,Out,In\n01/02/2026,,\n", profile));
    expect(neither.where).toBe("2");
    expect(neither.problem).toContain("are both empty");
  });

  it("finds the header after 3 junk rows when told to skip them", () => {
    const file = [
      "Kontoauszug Girokonto",
      "Konto;DE89370400440532013000",
      "Zeitraum;01.01.2026 - 31.01.2026",
      germanFile,
    ].join("\n");
    const parsed = parse(file, { ...german, skipRows: 3, account: "DE89370400440532013000" });
    expect(parsed.statements[0]?.account).toBe("DE89370400440532013000");
    expect(parsed.statements[0]?.lines.map((l) => l.amount)).toEqual([123_456, -123_456_789]);
    // Without the skip the first junk line is taken for the header.
    const unskipped = failure(() => parse(file, german));
    expect(unskipped.where).toBe("2");
  });

  it("reads a Windows-1252 file with accents and a euro sign", () => {
    const file =
      "Date;Libellé;Bénéficiaire;Montant\n05/01/2026;Réf. facture 12 à régler;Société Générale;-1 234,50 €\n";
    const parsed = parse(cp1252(file), {
      delimiter: ";",
      columns: {
        bookingDate: "Date",
        amount: "Montant",
        reference: "Libellé",
        counterpartyName: "Bénéficiaire",
      },
      currency: "EUR",
      dateFormat: "DD/MM/YYYY",
      decimalSeparator: ",",
    });
    expect(parsed.statements[0]?.lines[0]).toMatchObject({
      bookingDate: "2026-01-05",
      amount: -123_450,
      counterpartyName: "Société Générale",
      reference: "Réf. facture 12 à régler",
    });
  });

  describe("running balance", () => {
    const profile: CsvProfileInput = {
      columns: { bookingDate: "Date", amount: "Amount", balance: "Balance" },
      currency: "EUR",
      dateFormat: "YYYY-MM-DD",
      decimalSeparator: ".",
    };

    it("gives opening = first balance − first amount and closing = last balance", () => {
      const file =
        "Date,Amount,Balance\n2026-01-01,10.00,110.00\n2026-01-02,-5.00,105.00\n2026-01-02,,\n";
      const oldestFirst = "Date,Amount,Balance\n2026-01-01,10.00,110.00\n2026-01-02,-5.00,105.00\n";
      const statement = parse(oldestFirst, profile).statements[0];
      expect([statement?.openingBalance, statement?.closingBalance]).toEqual([10_000, 10_500]);
      expect(failure(() => parse(file, profile)).problem).toContain(
        'amount (column "Amount") is empty',
      );
    });

    it("reads newest-first exports the same way", () => {
      const file = "Date,Amount,Balance\n2026-01-02,-5.00,105.00\n2026-01-01,10.00,110.00\n";
      const statement = parse(file, profile).statements[0];
      expect([statement?.openingBalance, statement?.closingBalance]).toEqual([10_000, 10_500]);
    });

    it("refuses a balance that does not follow, naming the line, column and expected value", () => {
      const file =
        "Date,Amount,Balance\n2026-01-01,10.00,110.00\n2026-01-02,-5.00,105.00\n2026-01-03,1.00,107.00\n";
      const error = failure(() => parse(file, profile));
      expect(error.where).toBe("4");
      expect(error.problem).toBe(
        'balance (column "Balance"): 107.00 does not follow from the balance before it and this line\'s amount 1.00 (expected 106.00)',
      );
      expect(error.message).toBe(`stmt.csv:4: ${error.problem}`);
    });

    it("gives no balance when the order cannot be told (same day, fits both ways)", () => {
      const date = parseCalendarDate("2022-08-17");
      const rows = [
        { line: 2, date, amount: -2_000, balance: 85_847 },
        { line: 3, date, amount: 2_000, balance: 87_847 },
      ];
      expect(checkRunningBalances(rows, () => new Error("mismatch"))).toEqual({
        opening: null,
        closing: null,
      });
    });

    it("carries the balance over rows where it is blank", () => {
      const file =
        "Date,Amount,Balance\n2026-01-01,10.00,\n2026-01-02,-5.00,105.00\n2026-01-03,1.00,\n";
      const statement = parse(file, profile).statements[0];
      expect([statement?.openingBalance, statement?.closingBalance]).toEqual([10_000, 10_600]);
    });
  });

  describe("bad input names the line and the column", () => {
    it("a bad date", () => {
      const error = failure(() => parse(`${germanFile}\n31.02.2026;;X;;Y;1,00\n`, german));
      expect(error.where).toBe("5");
      expect(error.problem).toBe(
        'booking date (column "Buchungstag"): "31.02.2026" is not a date written DD.MM.YYYY',
      );
    });

    it("a bad amount", () => {
      const error = failure(() => parse(`${germanFile}\n31.01.2026;;X;;Y;12.50\n`, german));
      expect(error.where).toBe("5");
      expect(error.problem).toBe(
        'amount (column "Betrag"): "12.50" is not an amount written with decimal separator ","',
      );
    });

    it("an amount more precise than its currency", () => {
      const profile = { ...german, currency: "JPY" };
      const error = failure(() =>
        parse("Buchungstag;Betrag\n01.01.2026;12,5\n", {
          ...profile,
          columns: { bookingDate: "Buchungstag", amount: "Betrag" },
        }),
      );
      expect([error.where, error.problem]).toEqual([
        "2",
        'amount (column "Betrag"): "12,5" has more decimals than JPY has (0)',
      ]);
    });

    it("a truncated file: a quote never closed", () => {
      const error = failure(() => parse(`${germanFile}\n31.01.2026;;"Cut off`, german));
      expect(error.where).toBe("5");
      expect(error.problem).toContain("never closed");
    });

    it("a truncated row: fewer fields than the header", () => {
      const error = failure(() => parse(`${germanFile}\n31.01.2026;;X`, german));
      expect(error.where).toBe("5");
      expect(error.problem).toContain("this row has 3 fields but the header has 6");
    });

    it("an empty file", () => {
      expect(failure(() => parse("\n\n", german)).problem).toContain("no rows");
    });

    it("a column the header does not have", () => {
      const error = failure(() => parse("Buchungstag;Summe\n01.01.2026;1,00\n", german));
      expect(error.where).toBe("1");
      expect(error.problem).toContain('value date: no column "Valuta"');
      expect(error.problem).toContain('the header has "Buchungstag", "Summe"');
    });

    it("an unknown currency code", () => {
      const profile: CsvProfileInput = {
        ...german,
        currency: undefined,
        columns: { bookingDate: "Buchungstag", amount: "Betrag", currency: "Währung" },
      };
      const error = failure(() =>
        parse("Buchungstag;Betrag;Währung\n01.01.2026;1,00;EURO\n", profile),
      );
      expect([error.where, error.problem]).toEqual([
        "2",
        'currency (column "Währung"): "EURO" is not an ISO 4217 code',
      ]);
    });

    it("two accounts in one file", () => {
      const profile = {
        ...german,
        columns: { bookingDate: "Buchungstag", amount: "Betrag", account: "Konto" },
      };
      const error = failure(() =>
        parse("Konto;Buchungstag;Betrag\nA;01.01.2026;1,00\nB;02.01.2026;1,00\n", profile),
      );
      expect(error.where).toBe("3");
      expect(error.problem).toContain('"B" differs from "A" on line 2');
    });

    it("a direction word it does not know", () => {
      const profile: CsvProfileInput = {
        columns: { bookingDate: 0, amount: 1, direction: 2 },
        hasHeader: false,
        currency: "USD",
        dateFormat: "M/D/YY",
        decimalSeparator: ".",
      };
      const error = failure(() => parse("6/12/15,10.00,debit\n6/13/15,5.00,sideways\n", profile));
      expect(error.where).toBe("2");
      expect(error.problem).toContain('direction (column 2): "sideways" is neither a debit');
    });
  });

  it("reads headerless files by index, with a direction column and negated amounts", () => {
    const profile: CsvProfileInput = {
      columns: { bookingDate: 0, amount: 1, direction: 2, reference: [3, 4] },
      hasHeader: false,
      currency: "USD",
      dateFormat: "M/D/YY",
      decimalSeparator: ".",
    };
    const lines = parse(
      '6/12/15,"1,000.00",debit,Transfer,to savings\n6/13/15,5.00,Credit,,\n',
      profile,
    ).statements[0]?.lines;
    expect(lines?.map((l) => [l.amount, l.reference])).toEqual([
      [-100_000, "Transfer to savings"],
      [500, null],
    ]);
    const card = parse("Date,Amount\n01/10/2019,36.33\n", {
      columns: { bookingDate: "Date", amount: "Amount" },
      currency: "CAD",
      dateFormat: "MM/DD/YYYY",
      decimalSeparator: ".",
      amountSign: "negated",
    });
    expect(card.statements[0]?.lines[0]?.amount).toBe(-3_633);
  });

  it("tells a ; file with decimal commas from a , file (auto delimiter)", () => {
    const profile: CsvProfileInput = {
      columns: { bookingDate: 0, amount: 1 },
      hasHeader: false,
      currency: "EUR",
      dateFormat: "DD.MM.YYYY",
      decimalSeparator: ",",
    };
    const lines = parse("01.01.2026;1,50\n02.01.2026;-2,00\n", profile).statements[0]?.lines;
    expect(lines?.map((l) => l.amount)).toEqual([150, -200]);
    const commas = parse('01.01.2026,"1,50",x;y\n02.01.2026,"-2,00",z\n', profile).statements[0]
      ?.lines;
    expect(commas?.map((l) => l.amount)).toEqual([150, -200]);
  });

  it("skips repeated headers, rows the filter leaves out and rows without an amount when told", () => {
    const file =
      "Date,Status,Amount\n2026-01-01,Posted,1.00\n2026-01-02,Pending,2.00\npending,Posted,\nDate,Status,Amount\n";
    const profile: CsvProfileInput = {
      columns: { bookingDate: "Date", amount: "Amount" },
      currency: "USD",
      dateFormat: "YYYY-MM-DD",
      decimalSeparator: ".",
      keepRowsWhere: { column: "Status", values: ["posted"] },
      skipRowsWithoutAmount: true,
    };
    expect(parse(file, profile).statements[0]?.lines.map((l) => l.amount)).toEqual([100]);
    const strict = { ...profile, skipRowsWithoutAmount: false };
    expect(failure(() => parse(file, strict)).where).toBe("4");
  });
});

describe("referenceOf", () => {
  it.each([
    ["Invoice 12 RF18 5390 0754 7034 thanks", "E2E-1", "RF18539007547034"],
    ["Invoice 12 RF18539007547034", undefined, "RF18539007547034"],
    ["Invoice 12 RF19539007547034", undefined, "Invoice 12 RF19539007547034"], // bad check digits
    ["Invoice 12", "E2E-1", "E2E-1"],
    ["Invoice 12", "NOTPROVIDED", "Invoice 12"],
    ["", undefined, null],
  ])("%j, end-to-end %j → %j", (text, e2e, expected) => {
    expect(referenceOf(text, e2e)).toBe(expected);
  });
});
