import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CashloopError } from "../../kernel/errors.js";
import { normaliseAmount } from "./csv-amount.js";
import { compileDateFormat, parseDateAs } from "./csv-date-format.js";
import { CSV_LAYOUTS } from "./csv-layouts.js";
import { parseCsvProfile } from "./csv-profile.js";

const base = {
  columns: { bookingDate: "Date", amount: "Amount" },
  currency: "EUR",
  dateFormat: "YYYY-MM-DD",
  decimalSeparator: ".",
};

function profileError(value: unknown): string {
  try {
    parseCsvProfile(value);
  } catch (error) {
    expect(error).toBeInstanceOf(CashloopError);
    expect((error as CashloopError).code).toBe("csv_profile_invalid");
    return (error as Error).message;
  }
  throw new Error("expected the profile to be rejected");
}

describe("csvProfileSchema", () => {
  it("fills defaults", () => {
    expect(parseCsvProfile(base)).toMatchObject({
      delimiter: "auto",
      skipRows: 0,
      hasHeader: true,
      amountSign: "as-written",
      skipRowsWithoutAmount: false,
    });
  });

  it("rejects an unknown key, naming it and the keys allowed", () => {
    const message = profileError({ ...base, delimeter: ";" });
    expect(message).toContain('unknown key "delimeter" in the profile');
    expect(message).toContain("allowed: name, delimiter, skipRows");
  });

  it("rejects an unknown column key, naming where it is", () => {
    const message = profileError({ ...base, columns: { ...base.columns, refrence: "Memo" } });
    expect(message).toContain('unknown key "refrence" in "columns"');
    expect(message).toContain("counterpartyName");
  });

  it.each([
    [
      { ...base, columns: { bookingDate: "Date" } },
      'name either "amount" or both "debit" and "credit"',
    ],
    [{ ...base, columns: { bookingDate: "D", amount: "A", debit: "X", credit: "Y" } }, "not both"],
    [{ ...base, columns: { bookingDate: "D", debit: "X" } }, "columns.credit: debit needs credit"],
    [{ ...base, currency: undefined }, 'give a fixed "currency" or a "currency" column'],
    [{ ...base, currency: "euro" }, "currency: an ISO 4217 code"],
    [
      { ...base, hasHeader: false },
      "columns.bookingDate: a file without a header names columns by 0-based index",
    ],
    [{ ...base, dateFormat: "DD.MM" }, "dateFormat: a date format of YYYY"],
    [
      { ...base, decimalSeparator: ",", thousandsSeparator: "," },
      "thousandsSeparator: must differ",
    ],
    [
      { ...base, columns: { bookingDate: "D", debit: "X", credit: "Y" }, amountSign: "negated" },
      "amountSign",
    ],
    [{ ...base, columns: { bookingDate: -1, amount: "A" } }, "columns.bookingDate"],
  ])("rejects %j", (profile, expected) => {
    expect(profileError(profile)).toContain(expected);
  });

  it("accepts every built-in layout once a date format is chosen", () => {
    for (const layout of CSV_LAYOUTS) {
      const currency =
        layout.profile.currency ?? (layout.profile.columns.currency ? undefined : "USD");
      const profile = { ...layout.profile, currency, dateFormat: layout.dateFormats[0] };
      expect(() => parseCsvProfile(profile), layout.name).not.toThrow();
      for (const format of layout.dateFormats)
        expect(compileDateFormat(format), format).toBeDefined();
    }
  });
});

describe("parseDateAs", () => {
  const read = (text: string, format: string) => {
    const compiled = compileDateFormat(format);
    if (!compiled) throw new Error(`bad format ${format}`);
    return parseDateAs(text, compiled) ?? null;
  };

  it.each([
    ["2022-08-17", "YYYY-MM-DD", "2022-08-17"],
    ["2021-02-03 13:12", "YYYY-MM-DD", "2021-02-03"],
    ["2021-02-03T13:12:00Z", "YYYY-MM-DD", "2021-02-03"],
    ["17.08.2022", "DD.MM.YYYY", "2022-08-17"],
    ["29.12.24, 13:56", "DD.MM.YY", "2024-12-29"],
    ["08/04/2022", "MM/DD/YYYY", "2022-08-04"],
    ["08/04/2022", "DD/MM/YYYY", "2022-04-08"],
    ["20220817", "YYYYMMDD", "2022-08-17"],
    ["6/12/15", "M/D/YY", "2015-06-12"],
    ["6/12/15", "D/M/YY", "2015-12-06"],
    ["1/2/99", "D/M/YY", "1999-02-01"],
    ["23-Jan-15", "DD-MMM-YY", "2015-01-23"],
    ["06 May 2020", "DD MMM YYYY", "2020-05-06"],
    ["03 Mär 2020", "DD MMM YYYY", "2020-03-03"],
    ["12 déc. 2021", "DD MMM YYYY", "2021-12-12"],
    ["2022-02-29", "YYYY-MM-DD", null],
    ["31.04.2022", "DD.MM.YYYY", null],
    ["2022-08-17", "DD.MM.YYYY", null],
    ["2022817", "YYYYMMDD", null],
    ["05 Foo 2020", "DD MMM YYYY", null],
    ["17.08.2022 junk", "DD.MM.YYYY", null],
  ])("%s as %s → %s", (text, format, expected) => {
    expect(read(text, format)).toBe(expected);
  });

  it.each(["", "YYYY", "DD.MM", "YYYY-MM-DD-DD", "YYYY-QQ-DD", "hello"])(
    "rejects the format %j",
    (format) => {
      expect(compileDateFormat(format)).toBeUndefined();
    },
  );
});

describe("normaliseAmount", () => {
  it.each([
    ["1234.56", ".", undefined, "1234.56"],
    ["1,234.56", ".", undefined, "1234.56"],
    ["1.234,56", ",", undefined, "1234.56"],
    ["-1.234.567,89", ",", ".", "-1234567.89"],
    ["1.234,56-", ",", undefined, "-1234.56"],
    ["(1,234.56)", ".", undefined, "-1234.56"],
    ["$1,036.47", ".", undefined, "1036.47"],
    ["-$57.27", ".", undefined, "-57.27"],
    ["$-57.27", ".", undefined, "-57.27"],
    ["-123,45 €", ",", undefined, "-123.45"],
    ["EUR 12,00", ",", undefined, "12.00"],
    ["11'373.94", ".", "'", "11373.94"],
    ["1 234,56", ",", undefined, "1234.56"],
    ["+2.83", ".", undefined, "2.83"],
    ["50000", ".", undefined, "50000"],
    ["−5.00", ".", undefined, "-5.00"],
    ["1.234", ",", undefined, "1234"],
    ["1.234", ".", undefined, "1.234"],
    ["1,234.56", ".", "", undefined],
    ["1.234,56", ".", undefined, undefined],
    ["12,34,56", ",", undefined, undefined],
    ["1,23.45", ".", undefined, undefined],
    ["abc", ".", undefined, undefined],
    ["", ".", undefined, undefined],
    ["--5", ".", undefined, undefined],
  ] as const)("%j with decimal %j, thousands %j → %j", (text, decimal, thousands, expected) => {
    expect(
      normaliseAmount(text, { decimalSeparator: decimal, thousandsSeparator: thousands }),
    ).toBe(expected);
  });

  it("reads back any amount written with grouped thousands, either way round", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.boolean(),
        (cents, european) => {
          const abs = cents < 0n ? -cents : cents;
          const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+$)/g, european ? "." : ",");
          const fraction = (abs % 100n).toString().padStart(2, "0");
          const text = `${cents < 0n ? "-" : ""}${whole}${european ? "," : "."}${fraction}`;
          const plain = normaliseAmount(text, { decimalSeparator: european ? "," : "." });
          const expected = `${cents < 0n ? "-" : ""}${abs / 100n}.${fraction}`;
          expect(plain).toBe(expected);
        },
      ),
    );
  });
});
