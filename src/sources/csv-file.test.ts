import { describe, expect, it } from "vitest";
import { CashloopError } from "../kernel/errors.js";
import {
  decodeCsvBytes,
  detectDelimiter,
  firstInvalidUtf8Offset,
  readCsvRecords,
} from "./csv-file.js";

const utf8 = (s: string) => new TextEncoder().encode(s);
const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === "string" ? [...utf8(p)] : p)));

function thrown(f: () => unknown): CashloopError {
  try {
    f();
  } catch (error) {
    if (error instanceof CashloopError) return error;
    throw error;
  }
  throw new Error("expected a CashloopError");
}

describe("decodeCsvBytes", () => {
  it("drops a UTF-8 byte order mark", () => {
    expect(decodeCsvBytes(bytes([0xef, 0xbb, 0xbf], "a,b\n"), "f.csv", "utf8")).toBe("a,b\n");
  });

  it("reads UTF-8 without a byte order mark", () => {
    expect(decodeCsvBytes(utf8("name\nJosé Núñez\n"), "f.csv", "utf8")).toBe("name\nJosé Núñez\n");
  });

  it("reports invalid UTF-8 with the file, the byte offset and the line", () => {
    const error = thrown(() =>
      decodeCsvBytes(bytes("a,b\nJos", [0xe9], "\n"), "people.csv", "utf8"),
    );
    expect(error.code).toBe("file_encoding_invalid");
    expect(error.details).toMatchObject({ file: "people.csv", line: 2, offset: 7 });
    expect(error.message).toContain("people.csv:2");
    expect(error.message).toContain("offset 7");
    expect(error.message).toContain("--encoding latin1");
  });

  it("reads latin1 (Windows-1252): 0xE9 is é, 0x80 is €", () => {
    expect(decodeCsvBytes(bytes("Jos", [0xe9], " ", [0x80]), "f.csv", "latin1")).toBe("José €");
  });

  it("reads the Windows-1252 quotes and dashes Excel writes", () => {
    const text = decodeCsvBytes(bytes([0x93], "a", [0x94, 0x96, 0x92, 0xf1]), "f.csv", "latin1");
    expect(text).toBe("\u201ca\u201d\u2013\u2019ñ");
  });

  it("refuses a UTF-8 byte order mark under --encoding latin1", () => {
    const error = thrown(() => decodeCsvBytes(bytes([0xef, 0xbb, 0xbf], "a"), "f.csv", "latin1"));
    expect(error.code).toBe("file_encoding_mismatch");
  });

  it("names UTF-16 files", () => {
    const error = thrown(() =>
      decodeCsvBytes(Uint8Array.from([0xff, 0xfe, 0x61, 0]), "f.csv", "utf8"),
    );
    expect(error.message).toContain("UTF-16");
  });
});

describe("firstInvalidUtf8Offset", () => {
  it.each([
    ["ascii", [0x61, 0x62], -1],
    ["two-byte é", [0xc3, 0xa9], -1],
    ["four-byte emoji", [0xf0, 0x9f, 0x98, 0x80], -1],
    ["lone continuation byte", [0x61, 0x80], 1],
    ["overlong NUL", [0xc0, 0x80], 0],
    ["overlong three-byte", [0xe0, 0x80, 0x80], 0],
    ["surrogate", [0x61, 0xed, 0xa0, 0x80], 1],
    ["past U+10FFFF", [0xf4, 0x90, 0x80, 0x80], 0],
    ["truncated at the end", [0x61, 0x62, 0xe2, 0x82], 2],
  ])("%s", (_name, input, expected) => {
    expect(firstInvalidUtf8Offset(Uint8Array.from(input))).toBe(expected);
  });
});

describe("detectDelimiter", () => {
  it.each([
    ["a,b,c\n1;2;3", ","],
    ["a;b;c\n1,2,3", ";"],
    ['"a,b,c";d;e\n', ";"],
    ['"x;y;z",b\n', ","],
    ["\n\nname;amount\n", ";"],
    ["single\n", ","],
  ])("%j → %s", (text, expected) => {
    expect(detectDelimiter(text)).toBe(expected);
  });
});

describe("readCsvRecords", () => {
  it("lower-cases and trims header names and trims values", () => {
    const csv = readCsvRecords(" External_ID , Name \n  c-1 ,  Ana  \n", "f.csv");
    expect(csv.header).toEqual(["external_id", "name"]);
    expect(csv.rows).toEqual([
      { line: 2, values: { external_id: "c-1", name: "Ana" }, valuesWithoutHeader: [] },
    ]);
  });

  it("reads semicolon-separated files", () => {
    const csv = readCsvRecords("code;name;rate\nIVA;IVA general;16\n", "f.csv");
    expect(csv.rows[0]?.values).toEqual({ code: "IVA", name: "IVA general", rate: "16" });
  });

  it("keeps the start line of a quoted field with a newline, and counts lines after it", () => {
    const text = 'id,notes\n1,"first\nsecond\nthird"\n2,plain\n\n3,"x\r\ny"\r\n4,z';
    const csv = readCsvRecords(text, "f.csv");
    expect(csv.rows.map((r) => [r.line, r.values.id])).toEqual([
      [2, "1"],
      [5, "2"],
      [7, "3"],
      [9, "4"],
    ]);
    expect(csv.rows[0]?.values.notes).toBe("first\nsecond\nthird");
  });

  it("skips empty lines, whitespace-only lines and rows of empty fields", () => {
    const csv = readCsvRecords("\n\na,b\n\n   \n,,\n1,2\n\n", "f.csv");
    expect(csv.headerLine).toBe(3);
    expect(csv.rows).toEqual([{ line: 7, values: { a: "1", b: "2" }, valuesWithoutHeader: [] }]);
  });

  it("handles CRLF and CR line endings", () => {
    expect(readCsvRecords("a,b\r\n1,2\r\n3,4", "f.csv").rows.map((r) => r.line)).toEqual([2, 3]);
    expect(readCsvRecords("a,b\r1,2\r3,4", "f.csv").rows.map((r) => r.line)).toEqual([2, 3]);
  });

  it("fills missing trailing values with empty strings and keeps values past the header", () => {
    const csv = readCsvRecords("a,b,c\n1\n1,2,3,4,\n", "f.csv");
    expect(csv.rows[0]?.values).toEqual({ a: "1", b: "", c: "" });
    expect(csv.rows[1]?.valuesWithoutHeader).toEqual(["4"]);
  });

  it("throws csv_header_missing for an empty file", () => {
    expect(thrown(() => readCsvRecords("\n \n", "empty.csv")).code).toBe("csv_header_missing");
  });

  it("reports an unclosed quote at the line where the record starts", () => {
    const error = thrown(() => readCsvRecords('a,b\n1,2\n3,"open\n4,5\n', "f.csv"));
    expect(error.code).toBe("csv_malformed");
    expect(error.details.line).toBe(3);
  });

  it("rejects more rows than the limit instead of truncating", () => {
    const text = "a\n1\n2\n3\n";
    expect(readCsvRecords(text, "f.csv", { rowsMax: 3 }).rows).toHaveLength(3);
    expect(thrown(() => readCsvRecords(text, "f.csv", { rowsMax: 2 })).code).toBe(
      "csv_too_many_rows",
    );
  });
});
