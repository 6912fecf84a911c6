import { describe, expect, it } from "vitest";
import { CashloopError } from "../kernel/errors.js";
import { DEFAULT_POLICY, formatNumber, parsePolicy } from "./policy.js";
import { parsePolicyChanges } from "./set-policy.js";

/** The CashloopError `fn` throws (failing the test when it throws nothing or something else). */
function thrown(fn: () => unknown): CashloopError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CashloopError);
    return error as CashloopError;
  }
  throw new Error("expected a CashloopError, nothing was thrown");
}

describe("DEFAULT_POLICY", () => {
  it("holds every field's default", () => {
    expect(DEFAULT_POLICY).toEqual({
      autoIssue: false,
      highValueMinor: 500_000,
      requireTaxId: false,
      dueOnBusinessDay: true,
      groupEventsByDay: true,
      duplicateWindowDays: 14,
      anomalyHistoryCount: 6,
      anomalyHistoryMin: 3,
      anomalyFactorPct: 300,
      invoiceNumberFormat: "INV-{YYYY}-{SEQ:6}",
      creditNoteNumberFormat: "CN-{YYYY}-{SEQ:6}",
      yearlyReset: true,
    });
  });

  it("is itself a valid policy", () => {
    expect(parsePolicy(DEFAULT_POLICY)).toEqual(DEFAULT_POLICY);
  });
});

describe("parsePolicy", () => {
  it.each([undefined, null, {}])("fills every default from %j", (value) => {
    expect(parsePolicy(value)).toEqual(DEFAULT_POLICY);
  });

  it("keeps the fields it is given", () => {
    const policy = parsePolicy({
      autoIssue: true,
      highValueMinor: 0,
      duplicateWindowDays: 0,
      invoiceNumberFormat: "{YY}/{SEQ}",
      creditNoteNumberFormat: "CN{SEQ:4}",
      yearlyReset: false,
    });
    expect(policy).toEqual({
      ...DEFAULT_POLICY,
      autoIssue: true,
      highValueMinor: 0,
      duplicateWindowDays: 0,
      invoiceNumberFormat: "{YY}/{SEQ}",
      creditNoteNumberFormat: "CN{SEQ:4}",
      yearlyReset: false,
    });
  });

  it("rejects an unknown field, naming it", () => {
    const error = thrown(() => parsePolicy({ autoIssue: true, colour: "blue" }));
    expect(error.code).toBe("policy_invalid");
    expect(error.message).toContain("colour");
  });

  it.each<[string, Record<string, unknown>]>([
    ["highValueMinor", { highValueMinor: -1 }],
    ["highValueMinor", { highValueMinor: 1.5 }],
    ["highValueMinor", { highValueMinor: "500000" }],
    ["duplicateWindowDays", { duplicateWindowDays: -1 }],
    ["duplicateWindowDays", { duplicateWindowDays: 367 }],
    ["anomalyHistoryCount", { anomalyHistoryCount: 0 }],
    ["anomalyHistoryMin", { anomalyHistoryMin: -3 }],
    ["anomalyFactorPct", { anomalyFactorPct: 100 }],
    ["autoIssue", { autoIssue: "yes" }],
    ["invoiceNumberFormat", { invoiceNumberFormat: "" }],
  ])("rejects a bad %s (%j), naming the field", (field, value) => {
    const error = thrown(() => parsePolicy(value));
    expect(error.code).toBe("policy_invalid");
    expect(error.details.field).toBe(field);
    expect(error.message).toMatch(new RegExp(`^policy ${field}: `));
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ["invoiceNumberFormat", { invoiceNumberFormat: "INV-{YYYY}" }, /needs a \{SEQ\} token/],
    ["invoiceNumberFormat", { invoiceNumberFormat: "INV-{YYYY}-{SEQ:x}" }, /\{SEQ\} token/],
    ["invoiceNumberFormat", { invoiceNumberFormat: "INV-{YYYY}-{SEQ:123}" }, /\{SEQ\} token/],
    ["creditNoteNumberFormat", { creditNoteNumberFormat: "CN-{YY}" }, /\{SEQ\} token/],
    ["invoiceNumberFormat", { invoiceNumberFormat: "INV-{SEQ:6}" }, /resets every year/],
    ["creditNoteNumberFormat", { creditNoteNumberFormat: "CN-{SEQ}" }, /needs \{YYYY\} or \{YY\}/],
  ])("rejects a %s without its tokens (%j)", (field, value, mentions) => {
    const error = thrown(() => parsePolicy(value));
    expect(error.code).toBe("policy_invalid");
    expect(error.details.field).toBe(field);
    expect(error.message).toMatch(new RegExp(`^policy ${field}: `));
    expect(error.message).toMatch(mentions);
  });

  it("accepts a format without the year when the series never resets", () => {
    const policy = parsePolicy({ invoiceNumberFormat: "INV-{SEQ:6}", yearlyReset: false });
    expect(policy.invoiceNumberFormat).toBe("INV-{SEQ:6}");
  });
});

describe("formatNumber", () => {
  it.each<[string, number, number, string]>([
    ["INV-{YYYY}-{SEQ:6}", 2026, 123, "INV-2026-000123"],
    ["INV-{YYYY}-{SEQ:6}", 2026, 1, "INV-2026-000001"],
    ["INV-{YYYY}-{SEQ:6}", 2026, 1_234_567, "INV-2026-1234567"], // wider than the pad: kept whole
    ["{YY}/{SEQ:4}", 2026, 42, "26/0042"],
    ["{YY}/{SEQ}", 2005, 7, "05/7"],
    ["R{SEQ}", 2026, 12_345, "R12345"],
    ["CN-{YYYY}-{SEQ:2}", 2027, 3, "CN-2027-03"],
  ])("%s in %i, number %i → %s", (format, year, seq, expected) => {
    expect(formatNumber(format, year, seq)).toBe(expected);
  });
});

describe("parsePolicyChanges", () => {
  it("types each KEY=VALUE by its field", () => {
    expect(parsePolicyChanges(["autoIssue=true", "highValueMinor=250000"])).toEqual({
      autoIssue: true,
      highValueMinor: 250_000,
    });
    expect(
      parsePolicyChanges(["requireTaxId=false", "invoiceNumberFormat=F={YY}-{SEQ:4}"]),
    ).toEqual({ requireTaxId: false, invoiceNumberFormat: "F={YY}-{SEQ:4}" });
  });

  it("gives no changes for no pairs", () => {
    expect(parsePolicyChanges([])).toEqual({});
  });

  it.each<[string, string]>([
    ["colour=blue", "colour"],
    ["autoissue=true", "autoissue"],
    ["autoIssue", "autoIssue"],
    ["=true", "=true"],
  ])("rejects %s as an unknown field", (pair, field) => {
    const error = thrown(() => parsePolicyChanges([pair]));
    expect(error.code).toBe("policy_field_unknown");
    expect(error.details.field).toBe(field);
    expect(error.message).toContain("highValueMinor");
  });

  it.each<[string, string, RegExp]>([
    ["autoIssue=yes", "autoIssue", /use true or false/],
    ["autoIssue=", "autoIssue", /use true or false/],
    ["requireTaxId=TRUE", "requireTaxId", /use true or false/],
    ["highValueMinor=abc", "highValueMinor", /"abc" is not a whole number/],
    ["highValueMinor=12.5", "highValueMinor", /not a whole number/],
    ["highValueMinor=-1", "highValueMinor", /not a whole number/],
    ["highValueMinor=", "highValueMinor", /not a whole number/],
  ])("rejects %s, naming the field", (pair, field, mentions) => {
    const error = thrown(() => parsePolicyChanges(["autoIssue=true", pair]));
    expect(error.code).toBe("policy_invalid");
    expect(error.details.field).toBe(field);
    expect(error.message).toMatch(mentions);
  });
});

describe("policy fixes found in review", () => {
  it("names an unknown field", () => {
    try {
      parsePolicy({ colour: "blue" });
      expect.unreachable();
    } catch (error) {
      expect((error as { details: { field: string } }).details.field).toBe("colour");
    }
  });
  it("refuses names every object has", () => {
    expect(() => parsePolicyChanges(["toString=1"])).toThrow(/KEY one of/);
  });
  it("fills every copy of a token", () => {
    expect(formatNumber("{YYYY}-{SEQ}-{YYYY}", 2026, 5)).toBe("2026-5-2026");
  });
  it("refuses an anomaly minimum above the history it looks at", () => {
    expect(() => parsePolicy({ anomalyHistoryMin: 10, anomalyHistoryCount: 6 })).toThrow(
      /anomalyHistoryMin/,
    );
  });
});
