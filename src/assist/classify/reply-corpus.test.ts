import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildCorpusJsonl } from "../../../data/replies/build-corpus.js";
import { REPLY_LABELS } from "../model.js";
import { duplicateKey, parseCorpus } from "./corpus-row.js";
import { readReplyCorpus, replyCorpusUrl } from "./reply-corpus.js";

const { rows } = readReplyCorpus();
const count = (f: (r: (typeof rows)[number]) => boolean) => rows.filter(f).length;

describe("the reply corpus", () => {
  it("is what build-corpus.ts makes, byte for byte", () => {
    expect(buildCorpusJsonl() === readFileSync(replyCorpusUrl, "utf8")).toBe(true);
  });

  it("has at least 900 replies, 250 of them written whole by hand", () => {
    expect(rows.length).toBeGreaterThanOrEqual(900);
    expect(count((r) => r.origin === "hand")).toBeGreaterThanOrEqual(250);
  });

  it("is roughly 55% English and 45% Spanish, with every label at least 70 times", () => {
    expect(count((r) => r.language === "en") / rows.length).toBeGreaterThan(0.5);
    expect(count((r) => r.language === "en") / rows.length).toBeLessThan(0.6);
    for (const label of REPLY_LABELS) {
      expect(count((r) => r.label === label)).toBeGreaterThanOrEqual(70);
      for (const language of ["en", "es"]) {
        expect(count((r) => r.label === label && r.language === language)).toBeGreaterThan(20);
      }
    }
  });

  it("holds out 25% for test, stratified by label and language", () => {
    for (const label of REPLY_LABELS) {
      for (const language of ["en", "es"]) {
        const stratum = rows.filter((r) => r.label === label && r.language === language);
        const test = stratum.filter((r) => r.split === "test").length;
        expect(Math.abs(test - stratum.length / 4)).toBeLessThanOrEqual(2);
      }
    }
  });

  it("has no test reply that is a near-duplicate of a train reply", () => {
    const trainKeys = new Set(
      rows.filter((r) => r.split === "train").map((r) => duplicateKey(r.text)),
    );
    expect(rows.filter((r) => r.split === "test" && trainKeys.has(duplicateKey(r.text)))).toEqual(
      [],
    );
  });

  it("keeps each phrase template's variants on one side of the split", () => {
    const sides = new Map<string, Set<string>>();
    for (const r of rows) sides.set(r.group, (sides.get(r.group) ?? new Set()).add(r.split));
    expect([...sides.values()].filter((s) => s.size > 1)).toEqual([]);
  });

  it("annotates each field only on its label", () => {
    expect(count((r) => r.promisedOn !== undefined && r.label !== "promise_to_pay")).toBe(0);
    expect(count((r) => r.returnsOn !== undefined && r.label !== "out_of_office")).toBe(0);
    expect(count((r) => r.newContact !== undefined && r.label !== "wrong_contact")).toBe(0);
    expect(count((r) => r.promisedOn !== undefined)).toBeGreaterThan(100);
    expect(count((r) => r.returnsOn !== undefined)).toBeGreaterThan(100);
    expect(count((r) => r.newContact !== undefined)).toBeGreaterThan(60);
  });

  it("rejects a bad row with its line number", () => {
    expect(() => parseCorpus('{"id":"r0001"}\n')).toThrow(/line 1/);
    expect(() => parseCorpus("not json\n")).toThrow(/line 1: not valid JSON/);
  });
});
