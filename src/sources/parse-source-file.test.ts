import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CashloopError } from "../kernel/errors.js";
import { asCurrencyCode } from "../kernel/money.js";
import { SOURCE_KINDS, type SourceKind } from "./model.js";
import { parseSourceFile } from "./parse-source-file.js";

const defaults = { currency: asCurrencyCode("USD") };

function parseText<K extends SourceKind>(kind: K, text: string, file = `${kind}.csv`) {
  return parseSourceFile(kind, new TextEncoder().encode(text), {
    file,
    encoding: "utf8",
    defaults,
  });
}

/** [line, column] of every issue. */
const where = (issues: readonly { line: number; column: string }[]) =>
  issues.map((i) => [i.line, i.column]);

describe("parseSourceFile: the whole file is checked", () => {
  it("reports exactly the three bad rows of a customers file, every problem of each", () => {
    const bytes = readFileSync(
      new URL("../../examples/bad/customers-three-bad-rows.csv", import.meta.url),
    );
    const { rows, issues } = parseSourceFile("customers", bytes, {
      file: "customers-three-bad-rows.csv",
      encoding: "utf8",
      defaults,
    });
    expect(where(issues)).toEqual([
      [3, "currency"],
      [3, "time_zone"],
      [5, "payment_terms"],
      [7, "country"],
      [7, "segment"],
    ]);
    expect(new Set(issues.map((i) => i.line))).toEqual(new Set([3, 5, 7]));
    expect(issues[0]).toEqual({
      file: "customers-three-bad-rows.csv",
      line: 3,
      column: "currency",
      reason: 'unknown currency "USX"; use an ISO 4217 code like USD or MXN',
    });
    expect(rows.map((r) => r.line)).toEqual([2, 4, 6, 8]);
  });

  it("reads latin1 files with semicolons", () => {
    const header = "code;name;unit_price;tax_code\n";
    const bytes = Uint8Array.from([
      ...new TextEncoder().encode(`${header}CAF;Caf`),
      0xe9,
      0x3b,
      0x31,
      0x3b,
      0x53,
    ]);
    const parsed = parseSourceFile("products", bytes, {
      file: "p.csv",
      encoding: "latin1",
      defaults,
    });
    expect(parsed.issues).toEqual([]);
    expect(parsed.rows[0]?.record.name).toBe("Café");
  });

  it("reports the right line after a quoted field with a newline", () => {
    const text = "code,name,rate\n" + 'A,"Rate with\na long name",16\n' + "B,Bad rate,abc\n";
    expect(where(parseText("tax-rates", text).issues)).toEqual([[4, "rate"]]);
  });

  it("reports a duplicate external id or code on the later line, naming the earlier one", () => {
    const contacts = parseText(
      "contacts",
      "external_id,customer_external_id,name,email\nP-1,C-1,Ana,a@example.com\nP-2,C-1,Bo,b@example.com\nP-1,C-2,Cy,c@example.com\n",
    );
    expect(contacts.issues).toEqual([
      {
        file: "contacts.csv",
        line: 4,
        column: "external_id",
        reason: 'duplicate external_id "P-1"; line 2 has it already',
      },
    ]);
    const products = parseText(
      "products",
      "code,name,unit_price,tax_code\nX,One,1,T\nX,Two,oops,T\n",
    );
    expect(where(products.issues)).toEqual([
      [3, "unit_price"],
      [3, "code"],
    ]);
    expect(products.issues[1]?.reason).toContain("line 2");
  });

  it("reports contract-level columns that differ between lines of one contract", () => {
    const text =
      "external_id,customer_external_id,schedule,start_on,product_code\n" +
      "K-1,C-1,monthly,2026-01-01,A\n" +
      "K-2,C-2,yearly,2026-01-01,A\n" +
      "K-1,C-1,weekly:mon,2026-02-01,B\n";
    const { rows, issues } = parseText("contracts", text);
    expect(where(issues)).toEqual([
      [4, "schedule"],
      [4, "start_on"],
    ]);
    expect(issues[0]?.reason).toBe(
      'differs from line 2 of the same contract "K-1" ("monthly" there, "weekly:mon" here); repeat the same value on every line',
    );
    expect(rows.map((r) => r.record.externalId)).toEqual(["K-2"]);
  });

  it("reports event-level notes that differ between lines of one event", () => {
    const text =
      "external_id,kind,customer_external_id,occurred_at,product_code,notes\n" +
      "E-1,manual,C-1,2026-03-01,A,first\n" +
      "E-1,manual,C-1,2026-03-01,B,\n";
    expect(parseText("events", text).issues[0]).toMatchObject({ line: 3, column: "notes" });
  });

  it("names unknown columns, with a suggestion", () => {
    const { rows, issues } = parseText(
      "contacts",
      "external_id,customer_external_id,name,emial,fax\nP-1,C-1,Ana,a@example.com,1\n",
    );
    expect(where(issues)).toEqual([
      [1, "emial"],
      [1, "fax"],
    ]);
    expect(issues[0]?.reason).toContain('did you mean "email"?');
    expect(rows).toEqual([]);
  });

  it("reports all missing required columns in one issue on the header line", () => {
    const { issues } = parseText("customers", "External_ID, Legal_Name ,currency\nC-1,Acme,USD\n");
    expect(issues).toEqual([
      {
        file: "customers.csv",
        line: 1,
        column: "language, time_zone, payment_terms, segment",
        reason: "missing required columns: language, time_zone, payment_terms, segment",
      },
    ]);
  });

  it("reports a column named twice and values in no named column", () => {
    expect(where(parseText("tax-rates", "code,name,rate,code\n").issues)).toEqual([[1, "code"]]);
    const stray = parseText("tax-rates", "code,name,rate\nA,Zero,0,extra\n");
    expect(where(stray.issues)).toEqual([[2, "(row)"]]);
  });

  it("turns broken quoting into an issue with the line", () => {
    const { issues } = parseText("tax-rates", 'code,name,rate\nA,"open,0\n');
    expect(where(issues)).toEqual([[2, "(file)"]]);
  });

  it("throws for a file with no header or bytes that are not UTF-8", () => {
    expect(() => parseText("customers", "\n\n")).toThrow(CashloopError);
    expect(() =>
      parseSourceFile("customers", Uint8Array.from([0x61, 0xff]), {
        file: "x.csv",
        encoding: "utf8",
        defaults,
      }),
    ).toThrow(/x\.csv:1: not valid UTF-8/);
  });

  it("accepts a header-only file as empty", () => {
    expect(parseText("products", "code,name,unit_price,tax_code\n")).toEqual({
      rows: [],
      issues: [],
    });
  });
});

describe("the example files", () => {
  it.each(SOURCE_KINDS)("examples/%s.csv parses with no issues", (kind) => {
    const bytes = readFileSync(new URL(`../../examples/${kind}.csv`, import.meta.url));
    const { rows, issues } = parseSourceFile(kind, bytes, {
      file: `${kind}.csv`,
      encoding: "utf8",
      defaults,
    });
    expect(issues).toEqual([]);
    const expected = {
      customers: 5,
      contacts: 6,
      products: 5,
      "tax-rates": 3,
      contracts: 5,
      events: 6,
    };
    expect(rows).toHaveLength(expected[kind]);
  });
});
