/**
 * InvoiceDocument → UBL 2.1 Invoice / CreditNote following Peppol BIS Billing 3.0 (EN 16931).
 * Pure: no I/O. Every amount is printed from integer minor units with `toDecimalString`; the
 * output is deterministic (same document → same bytes). Element order follows the UBL 2.1 XSD.
 */
import { CashloopError } from "../kernel/errors.js";
import { type CurrencyCode, money, subtract, sum, toDecimalString } from "../kernel/money.js";
import type {
  DocumentLine,
  InvoiceDocument,
  Party,
  TaxCategory,
  TaxSubtotal,
} from "./document-model.js";

export const UBL_NS = {
  invoice: "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
  creditNote: "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
  cac: "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
  cbc: "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
} as const;
export const PEPPOL_CUSTOMIZATION_ID =
  "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0";
export const PEPPOL_PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";

/** A Peppol electronic address (BT-34 / BT-49): an EAS scheme code and the identifier. */
export type UblEndpoint = { schemeId: string; id: string };
export type UblWriteOptions = { sellerEndpoint?: UblEndpoint; buyerEndpoint?: UblEndpoint };

/**
 * EAS codes for VAT numbers, by the VAT id's country prefix: the default electronic address when
 * none is given. A party without a VAT id from one of these countries gets no EndpointID, which
 * the Peppol rules PEPPOL-EN16931-R010 / R020 then report.
 */
// biome-ignore format: a table
const vatEasByCountry: Readonly<Record<string, string>> = {
  AD: "9922", AL: "9923", AT: "9914", BA: "9924", BE: "9925", BG: "9926", CH: "9927",
  CY: "9928", CZ: "9929", DE: "9930", EE: "9931", EL: "9933", ES: "9920", FR: "9957",
  GB: "9932", GR: "9933", HR: "9934", HU: "9910", IE: "9935", IT: "0211", LI: "9936",
  LT: "9937", LU: "9938", LV: "9939", MC: "9940", ME: "9941", MK: "9942", MT: "9943",
  NL: "9944", PL: "9945", PT: "9946", RO: "9947", RS: "9948", SI: "9949", SK: "9950",
  SM: "9951", TR: "9952", VA: "9953",
};

type El = { name: string; attrs: readonly (readonly [string, string])[]; body: string | El[] };
type Child = El | null;

function el(name: string, body: string | Child[], attrs: Record<string, string> = {}): El {
  const kids = typeof body === "string" ? body : body.filter((c): c is El => c !== null);
  return { name, attrs: Object.entries(attrs), body: kids };
}

/** An element only when the value is present and not blank (Peppol forbids empty elements). */
function opt(name: string, value: string | null | undefined): Child {
  return value === null || value === undefined || value.trim() === "" ? null : el(name, value);
}

function escapeXml(text: string, field: string): string {
  // XML 1.0 allows tab, LF, CR and everything from U+0020 except U+FFFE and U+FFFF.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters XML forbids
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(text)) {
    throw new CashloopError("ubl_text_invalid", `${field} holds a character XML cannot carry`, {
      field,
      value: text,
    });
  }
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("\r", "&#13;");
}

function serialize(node: El, indent: string, out: string[]): void {
  const attrs = node.attrs.map(([k, v]) => ` ${k}="${escapeXml(v, `${node.name}/@${k}`)}"`);
  const open = `${indent}<${node.name}${attrs.join("")}>`;
  if (typeof node.body === "string") {
    out.push(`${open}${escapeXml(node.body, node.name)}</${node.name}>`);
    return;
  }
  out.push(open);
  for (const child of node.body) serialize(child, `${indent}  `, out);
  out.push(`${indent}</${node.name}>`);
}

function amount(name: string, minor: number, currency: CurrencyCode): El {
  return el(name, toDecimalString(money(minor, currency)), { currencyID: currency });
}

/** 2100 → "21", 550 → "5.5", 0 → "0": the exact percent of a rate in basis points. */
export function percentOfBps(bps: number): string {
  const sign = bps < 0 ? "-" : "";
  const abs = Math.abs(bps);
  const fraction = String(abs % 100)
    .padStart(2, "0")
    .replace(/0+$/, "");
  return `${sign}${Math.trunc(abs / 100)}${fraction ? `.${fraction}` : ""}`;
}

function taxScheme(): El {
  return el("cac:TaxScheme", [el("cbc:ID", "VAT")]);
}

/** Categories that carry an exemption reason (BR-E-10, BR-AE-10, BR-O-10); S and Z must not. */
function exemption(category: TaxCategory, reason: string | null): Child[] {
  if (category !== "E" && category !== "AE" && category !== "O") return [];
  if (reason !== null && /^VATEX-/i.test(reason.trim())) {
    return [el("cbc:TaxExemptionReasonCode", reason.trim().toUpperCase())];
  }
  return [opt("cbc:TaxExemptionReason", reason)];
}

function taxCategory(
  name: string,
  category: TaxCategory,
  rateBps: number,
  reason: string | null,
): El {
  // Category O ("not subject to VAT") carries no rate (BR-O-05, BR-O-09).
  const percent = category === "O" ? null : el("cbc:Percent", percentOfBps(rateBps));
  return el(name, [el("cbc:ID", category), percent, ...exemption(category, reason), taxScheme()]);
}

function endpointFor(party: Party, given: UblEndpoint | undefined): Child {
  if (given) return el("cbc:EndpointID", given.id, { schemeID: given.schemeId });
  const taxId = party.taxId?.trim().toUpperCase() ?? "";
  const scheme = vatEasByCountry[taxId.slice(0, 2)];
  return scheme && taxId.length > 2 ? el("cbc:EndpointID", taxId, { schemeID: scheme }) : null;
}

function partyElement(role: string, party: Party, endpoint: UblEndpoint | undefined): El {
  const a = party.address;
  const address =
    a === null
      ? null
      : el("cac:PostalAddress", [
          opt("cbc:StreetName", a.line1),
          opt("cbc:AdditionalStreetName", a.line2),
          opt("cbc:CityName", a.city),
          opt("cbc:PostalZone", a.postalCode),
          opt("cbc:CountrySubentity", a.region),
          el("cac:Country", [el("cbc:IdentificationCode", a.country.trim().toUpperCase())]),
        ]);
  const vat = opt("cbc:CompanyID", party.taxId);
  return el(role, [
    el("cac:Party", [
      endpointFor(party, endpoint),
      party.legalName.trim() ? el("cac:PartyName", [el("cbc:Name", party.legalName)]) : null,
      address,
      vat && el("cac:PartyTaxScheme", [vat, taxScheme()]),
      el("cac:PartyLegalEntity", [opt("cbc:RegistrationName", party.legalName)]),
      party.email ? el("cac:Contact", [opt("cbc:ElectronicMail", party.email)]) : null,
    ]),
  ]);
}

function paymentElements(doc: InvoiceDocument): Child[] {
  const p = doc.payment;
  const account = p.iban?.replaceAll(" ", "") || p.accountNumber;
  let code = "1"; // instrument not defined
  if (p.iban) code = doc.currency === "EUR" ? "58" : "30";
  else if (account) code = "30";
  else if (p.paymentLink) code = "68"; // online payment service
  const dueDate = doc.kind === "credit_note" ? opt("cbc:PaymentDueDate", doc.dueOn) : null;
  const branch = opt("cbc:ID", p.bic);
  const means = el("cac:PaymentMeans", [
    el("cbc:PaymentMeansCode", code),
    dueDate,
    opt("cbc:PaymentID", p.reference),
    account
      ? el("cac:PayeeFinancialAccount", [
          el("cbc:ID", account),
          opt("cbc:Name", p.accountName),
          branch && el("cac:FinancialInstitutionBranch", [branch]),
        ])
      : null,
  ]);
  // BR-CO-25: an amount due needs a due date or payment terms; no due date means on receipt.
  const terms =
    doc.dueOn === null && doc.payableMinor > 0
      ? el("cac:PaymentTerms", [el("cbc:Note", "Payable on receipt")])
      : null;
  return [means, terms];
}

type DocumentCharge = { subtotal: TaxSubtotal; amountMinor: number; charge: boolean };

/**
 * A subtotal whose taxable amount differs from its lines' net amounts was adjusted by a
 * document-level allowance or charge (only documents read from elsewhere have these: cashloop
 * bills every amount as a line). The difference is written back as one allowance or charge per
 * subtotal so the totals keep adding up (BR-CO-13, BR-S-08 and their kin).
 */
function documentCharges(doc: InvoiceDocument): DocumentCharge[] {
  return doc.taxBreakdown.flatMap((subtotal) => {
    const lineSum = doc.lines
      .filter((l) => l.taxCategory === subtotal.taxCategory && l.taxRateBps === subtotal.taxRateBps)
      .reduce((s, l) => s + BigInt(l.netMinor), 0n);
    const difference = Number(BigInt(subtotal.taxableMinor) - lineSum);
    if (difference === 0) return [];
    return [{ subtotal, amountMinor: Math.abs(difference), charge: difference > 0 }];
  });
}

function chargeElement(c: DocumentCharge, currency: CurrencyCode): El {
  const s = c.subtotal;
  return el("cac:AllowanceCharge", [
    el("cbc:ChargeIndicator", String(c.charge)),
    el("cbc:AllowanceChargeReason", c.charge ? "Charge" : "Allowance"),
    amount("cbc:Amount", c.amountMinor, currency),
    taxCategory("cac:TaxCategory", s.taxCategory, s.taxRateBps, null),
  ]);
}

function totalElements(doc: InvoiceDocument, charges: DocumentCharge[]): El[] {
  const c = doc.currency;
  const subtotals = doc.taxBreakdown.map((s) =>
    el("cac:TaxSubtotal", [
      amount("cbc:TaxableAmount", s.taxableMinor, c),
      amount("cbc:TaxAmount", s.taxMinor, c),
      taxCategory("cac:TaxCategory", s.taxCategory, s.taxRateBps, s.exemptionReason),
    ]),
  );
  const sumOf = (charge: boolean) =>
    sum(
      c,
      charges.filter((x) => x.charge === charge).map((x) => money(x.amountMinor, c)),
    ).amountMinor;
  const taxExclusive = subtract(money(doc.totalMinor, c), money(doc.taxMinor, c));
  const allowances = charges.some((x) => !x.charge) ? sumOf(false) : null;
  const surcharges = charges.some((x) => x.charge) ? sumOf(true) : null;
  return [
    el("cac:TaxTotal", [amount("cbc:TaxAmount", doc.taxMinor, c), ...subtotals]),
    el("cac:LegalMonetaryTotal", [
      amount("cbc:LineExtensionAmount", doc.subtotalMinor, c),
      amount("cbc:TaxExclusiveAmount", taxExclusive.amountMinor, c),
      amount("cbc:TaxInclusiveAmount", doc.totalMinor, c),
      allowances === null ? null : amount("cbc:AllowanceTotalAmount", allowances, c),
      surcharges === null ? null : amount("cbc:ChargeTotalAmount", surcharges, c),
      amount("cbc:PrepaidAmount", doc.prepaidMinor, c),
      amount("cbc:PayableAmount", doc.payableMinor, c),
    ]),
  ];
}

function lineElement(doc: InvoiceDocument, line: DocumentLine): El {
  const c = doc.currency;
  const invoice = doc.kind === "invoice";
  const discount =
    line.discountMinor === 0
      ? null
      : el("cac:AllowanceCharge", [
          el("cbc:ChargeIndicator", String(line.discountMinor < 0)),
          el("cbc:AllowanceChargeReason", line.discountMinor < 0 ? "Charge" : "Discount"),
          amount("cbc:Amount", Math.abs(line.discountMinor), c),
        ]);
  return el(invoice ? "cac:InvoiceLine" : "cac:CreditNoteLine", [
    el("cbc:ID", String(line.position)),
    el(invoice ? "cbc:InvoicedQuantity" : "cbc:CreditedQuantity", line.quantity, {
      unitCode: line.unitCode,
    }),
    amount("cbc:LineExtensionAmount", line.netMinor, c),
    discount,
    el("cac:Item", [
      opt("cbc:Name", line.description),
      taxCategory("cac:ClassifiedTaxCategory", line.taxCategory, line.taxRateBps, null),
    ]),
    el("cac:Price", [amount("cbc:PriceAmount", line.unitPriceMinor, c)]),
  ]);
}

function headerElements(doc: InvoiceDocument): Child[] {
  const invoice = doc.kind === "invoice";
  const period =
    doc.periodStart || doc.periodEnd
      ? el("cac:InvoicePeriod", [
          opt("cbc:StartDate", doc.periodStart),
          opt("cbc:EndDate", doc.periodEnd),
        ])
      : null;
  const credited = doc.creditedInvoiceNumber
    ? el("cac:BillingReference", [
        el("cac:InvoiceDocumentReference", [
          el("cbc:ID", doc.creditedInvoiceNumber),
          opt("cbc:IssueDate", doc.creditedInvoiceIssueOn),
        ]),
      ])
    : null;
  return [
    el("cbc:CustomizationID", PEPPOL_CUSTOMIZATION_ID),
    el("cbc:ProfileID", PEPPOL_PROFILE_ID),
    el("cbc:ID", doc.number),
    el("cbc:IssueDate", doc.issueOn),
    invoice ? opt("cbc:DueDate", doc.dueOn) : null,
    invoice ? el("cbc:InvoiceTypeCode", "380") : el("cbc:CreditNoteTypeCode", "381"),
    opt("cbc:Note", doc.note),
    el("cbc:DocumentCurrencyCode", doc.currency),
    opt("cbc:BuyerReference", doc.buyerReference),
    period,
    credited,
  ];
}

/** The document as a UBL 2.1 Invoice (kind invoice) or CreditNote (kind credit_note). */
export function toUblXml(doc: InvoiceDocument, options: UblWriteOptions = {}): string {
  const invoice = doc.kind === "invoice";
  const charges = documentCharges(doc);
  const root = el(
    invoice ? "Invoice" : "CreditNote",
    [
      ...headerElements(doc),
      partyElement("cac:AccountingSupplierParty", doc.seller, options.sellerEndpoint),
      partyElement("cac:AccountingCustomerParty", doc.buyer, options.buyerEndpoint),
      ...paymentElements(doc),
      ...charges.map((c) => chargeElement(c, doc.currency)),
      ...totalElements(doc, charges),
      ...doc.lines.map((line) => lineElement(doc, line)),
    ],
    {
      xmlns: invoice ? UBL_NS.invoice : UBL_NS.creditNote,
      "xmlns:cac": UBL_NS.cac,
      "xmlns:cbc": UBL_NS.cbc,
    },
  );
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  serialize(root, "", out);
  return `${out.join("\n")}\n`;
}
