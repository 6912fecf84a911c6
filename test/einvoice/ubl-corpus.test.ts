/**
 * The Peppol BIS Billing 3.0 examples and snippets (shared corpus, read-only): read with
 * readUbl, written back with toUblXml; the totals and the tax breakdown must survive exactly and
 * the re-export must pass the XSD and every rule the original passes. Then the Peppol unit
 * testSets check the validator itself (our Schematron compile must give the expected outcome).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readUbl } from "../../src/billing/ubl-read.js";
import { toUblXml, UBL_NS } from "../../src/billing/ubl-write.js";
import { parseXml, type XmlElement } from "../../src/billing/xml-parse.js";
import { parseDecimalToMinor } from "../../src/kernel/decimal.js";
import { CashloopError } from "../../src/kernel/errors.js";
import { parseMoney } from "../../src/kernel/money.js";
import {
  closeEinvoiceValidator,
  corporaDir,
  einvoiceToolsMissing,
  type UblValidation,
  validateUblBatch,
} from "../support/einvoice-validate.js";

const peppolDir = join(corporaDir, "ubl", "OpenPEPPOL-peppol-bis-invoice-3");
const corpusMissing = existsSync(peppolDir) ? null : `corpus not found at ${peppolDir}`;
const toolsMissing = einvoiceToolsMissing();
for (const why of [corpusMissing, toolsMissing]) if (why) console.warn(`SKIPPED: ${why}`);

function xmlFiles(dir: string): string[] {
  if (!existsSync(join(peppolDir, dir))) return [];
  const names = readdirSync(join(peppolDir, dir)).filter((f) => f.endsWith(".xml"));
  return names.sort().map((f) => `${dir}/${f}`);
}
const exampleDirs = ["examples", "snippets", "national-examples/GR", "national-examples/NO"];
const files = exampleDirs.flatMap(xmlFiles);

/** Documents InvoiceDocument cannot hold exactly, and the code readUbl refuses them with. */
const unsupported: Record<string, string> = {
  // BT-114 PayableRoundingAmount: payable ≠ total − prepaid has no place in the model.
  "national-examples/NO/Norwegian-example-1.xml": "ubl_feature_unsupported",
};

/** Rules a re-export newly fails because InvoiceDocument has no field for what they check. */
const knownGaps: Record<string, string[]> = {
  // The seller is identified only by BT-29 (PartyIdentification): no field for it.
  "examples/vat-category-O.xml": ["BR-CO-26"],
  // The seller's VAT id is its tax representative's (BG-11): no field for a tax representative.
  "national-examples/GR/GR-base-example-TaxRepresentative.xml": ["BR-CO-26", "BR-S-02", "BR-S-04"],
  // The Greek MARK number travels as an AdditionalDocumentReference: no field for it.
  "national-examples/GR/GR-base-example-correct.xml": ["GR-R-004-1"],
};

function kids(e: XmlElement | undefined, ns: string, name: string): XmlElement[] {
  return e?.children.filter((c) => c.ns === ns && c.name === name) ?? [];
}

/** Totals and tax breakdown straight from the XML, independent of InvoiceDocument. */
function totalsOf(xml: string) {
  const root = parseXml(xml);
  const currency = kids(root, UBL_NS.cbc, "DocumentCurrencyCode")[0]?.text.trim() ?? "";
  const amount = (e: XmlElement | undefined, name: string) => {
    const text = kids(e, UBL_NS.cbc, name)[0]?.text.trim();
    return text === undefined ? null : parseMoney(text, currency).amountMinor;
  };
  const sums = kids(root, UBL_NS.cac, "LegalMonetaryTotal")[0];
  const taxTotal = kids(root, UBL_NS.cac, "TaxTotal").find(
    (t) => kids(t, UBL_NS.cac, "TaxSubtotal").length > 0,
  );
  const breakdown = kids(taxTotal, UBL_NS.cac, "TaxSubtotal").map((s) => {
    const category = kids(s, UBL_NS.cac, "TaxCategory")[0];
    const percent = kids(category, UBL_NS.cbc, "Percent")[0]?.text.trim();
    return {
      category: kids(category, UBL_NS.cbc, "ID")[0]?.text.trim(),
      rateBps: percent === undefined ? 0 : parseDecimalToMinor(percent, 2),
      taxable: amount(s, "TaxableAmount"),
      tax: amount(s, "TaxAmount"),
    };
  });
  const names = ["LineExtensionAmount", "TaxExclusiveAmount", "TaxInclusiveAmount"] as const;
  const totals = Object.fromEntries(names.map((n) => [n, amount(sums, n)]));
  return {
    ...totals,
    payable: amount(sums, "PayableAmount"),
    tax: amount(taxTotal, "TaxAmount"),
    breakdown,
  };
}

type Case = { file: string; original: string; rewritten: string | null; refusal: string | null };
const cases: Case[] = files.map((file) => {
  const original = readFileSync(join(peppolDir, file), "utf8");
  try {
    const { document, sellerEndpoint, buyerEndpoint } = readUbl(original);
    const endpoints = {
      sellerEndpoint: sellerEndpoint ?? undefined,
      buyerEndpoint: buyerEndpoint ?? undefined,
    };
    return { file, original, rewritten: toUblXml(document, endpoints), refusal: null };
  } catch (e) {
    if (!(e instanceof CashloopError)) throw e;
    return { file, original, rewritten: null, refusal: e.code };
  }
});

describe.skipIf(corpusMissing !== null)("Peppol BIS examples survive read → write", () => {
  it("finds the examples and snippets", () => {
    expect(files.filter((f) => f.startsWith("examples/")).length).toBeGreaterThanOrEqual(9);
    expect(files.filter((f) => f.startsWith("snippets/")).length).toBeGreaterThanOrEqual(15);
  });

  it.each(cases.map((c) => [c.file, c] as const))(
    "%s: totals and tax breakdown are exact",
    (_, c) => {
      expect(c.refusal).toBe(unsupported[c.file] ?? null);
      if (c.rewritten === null) return;
      expect(totalsOf(c.rewritten)).toEqual(totalsOf(c.original));
    },
  );
});

describe.skipIf(corpusMissing !== null || toolsMissing !== null)(
  "Peppol BIS examples validate",
  () => {
    const written = cases.filter((c) => c.rewritten !== null);
    const results = new Map<string, { original: UblValidation; rewritten: UblValidation }>();
    beforeAll(async () => {
      const docs = written.flatMap((c) => [c.original, c.rewritten ?? ""]);
      const out = await validateUblBatch(docs);
      written.forEach((c, i) => {
        const [original, rewritten] = [out[2 * i], out[2 * i + 1]] as UblValidation[];
        if (original && rewritten) results.set(c.file, { original, rewritten });
      });
    });

    it.each(written.map((c) => [c.file, c] as const))(
      "%s: the re-export passes the XSD and the rules the original passes",
      (file, c) => {
        const r = results.get(c.file);
        expect(r?.rewritten.xsdErrors).toEqual([]);
        const originalFails = new Set(r?.original.fatal.map((f) => f.id));
        const newFails = r?.rewritten.fatal.filter((f) => !originalFails.has(f.id));
        expect(newFails?.map((f) => f.id).sort()).toEqual(knownGaps[file] ?? []);
      },
    );
  },
);

type UnitCase = { name: string; xml: string; expected: [string, string][] };

/** The UBL documents embedded in one VEFA testSet, each with its expected rule outcomes. */
function unitCases(file: string): UnitCase[] {
  const text = readFileSync(join(peppolDir, file), "utf8");
  return text
    .split(/<test>/)
    .slice(1)
    .flatMap((test, i) => {
      const doc = /<(Invoice|CreditNote)\b[\s\S]*<\/\1>/.exec(test);
      if (!doc) return [];
      const head = test.slice(0, doc.index);
      const expected = [...head.matchAll(/<(success|error|warning)>([^<]+)<\//g)];
      const xml = `<?xml version="1.0" encoding="UTF-8"?>\n${doc[0]}`;
      return [
        {
          name: `${file}#${i + 1}`,
          xml,
          expected: expected.map((m) => [m[1] ?? "", (m[2] ?? "").trim()]),
        },
      ];
    });
}

function outcome(r: UblValidation, id: string): string {
  if (r.fatal.some((f) => f.id === id)) return "error";
  return r.warnings.some((f) => f.id === id) ? "warning" : "success";
}

const unitDirs = existsSync(peppolDir)
  ? readdirSync(peppolDir)
      .filter((d) => d.startsWith("unit-UBL-"))
      .sort()
  : [];

describe.skipIf(corpusMissing !== null || toolsMissing !== null)(
  "the validator agrees with the Peppol unit testSets",
  () => {
    const byDir = new Map(unitDirs.map((d) => [d, xmlFiles(d).flatMap(unitCases)]));
    const mismatches = new Map<string, string[]>();
    beforeAll(async () => {
      const all = [...byDir.values()].flat();
      const out = await validateUblBatch(
        all.map((u) => u.xml),
        { xsd: false, ruleSets: ["peppol"] }, // the testSets expect Peppol rule ids only
      );
      all.forEach((u, i) => {
        const r = out[i] as UblValidation;
        const dir = u.name.split("/")[0] ?? "";
        const wrong = u.expected.filter(([want, id]) => outcome(r, id) !== want);
        const list = mismatches.get(dir) ?? [];
        list.push(
          ...wrong.map(([want, id]) => `${u.name} ${id}: want ${want}, got ${outcome(r, id)}`),
        );
        mismatches.set(dir, list);
      });
    });
    afterAll(closeEinvoiceValidator);

    it.each(unitDirs)("%s", (dir) => {
      expect(byDir.get(dir)?.length).toBeGreaterThan(0);
      expect(mismatches.get(dir) ?? []).toEqual([]);
    });
  },
);

it.runIf(process.env.CI === "true")("CI has the corpus and the e-invoice validation tools", () => {
  expect([corpusMissing, toolsMissing]).toEqual([null, null]);
});
