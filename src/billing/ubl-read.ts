/**
 * UBL 2.1 Invoice / CreditNote (Peppol BIS Billing 3.0) → InvoiceDocument. Pure: no I/O.
 * Elements are found by namespace URI, never by the prefix a document happens to use. Amounts go
 * through `parseMoney` (exact decimal → minor units, never a float). A document the model cannot
 * hold exactly (a payable rounding amount, a unit price finer than the currency) is refused with
 * `ubl_feature_unsupported` rather than read approximately.
 */
import { type CalendarDate, parseCalendarDate } from "../kernel/dates.js";
import { parseDecimal, parseDecimalToMinor, pow10 } from "../kernel/decimal.js";
import { CashloopError } from "../kernel/errors.js";
import {
  asCurrencyCode,
  assertSafeAmount,
  type CurrencyCode,
  currencyExponent,
  parseMoney,
} from "../kernel/money.js";
import type { Address } from "../sources/model.js";
import type {
  DocumentLine,
  InvoiceDocument,
  Party,
  PaymentInstructions,
  TaxCategory,
  TaxSubtotal,
} from "./document-model.js";
import { UBL_NS, type UblEndpoint } from "./ubl-write.js";
import { parseXml, type XmlElement } from "./xml-parse.js";

/** The most lines one document may have. */
export const ublLinesMax = 10_000;

export type UblReadResult = {
  document: InvoiceDocument;
  /** The parties' electronic addresses (BT-34 / BT-49), which InvoiceDocument has no field for. */
  sellerEndpoint: UblEndpoint | null;
  buyerEndpoint: UblEndpoint | null;
};

const invalid = (field: string, reason: string) =>
  new CashloopError("ubl_document_invalid", `UBL ${field}: ${reason}`, { field });
const unsupported = (field: string, reason: string) =>
  new CashloopError("ubl_feature_unsupported", `UBL ${field}: ${reason}`, { field });

const prefixes: Readonly<Record<string, string>> = { cac: UBL_NS.cac, cbc: UBL_NS.cbc };

/** Elements at a path of `cac:`/`cbc:` steps below `from`. */
function all(from: XmlElement | undefined, path: string): XmlElement[] {
  let found = from ? [from] : [];
  for (const step of path.split("/")) {
    const [prefix = "", name] = step.split(":");
    const ns = prefixes[prefix];
    found = found.flatMap((e) => e.children.filter((c) => c.ns === ns && c.name === name));
  }
  return found;
}

function first(from: XmlElement | undefined, path: string): XmlElement | undefined {
  return all(from, path)[0];
}

/** The trimmed text at path; null when absent or blank. */
function textAt(from: XmlElement | undefined, path: string): string | null {
  const text = first(from, path)?.text.trim();
  return text ? text : null;
}

function required(from: XmlElement, path: string): string {
  const text = textAt(from, path);
  if (text === null) throw invalid(path, "is missing");
  return text;
}

function dateAt(from: XmlElement | undefined, path: string): CalendarDate | null {
  const text = textAt(from, path);
  return text === null ? null : parseCalendarDate(text);
}

/** Minor units of the amount at path, in the document currency; `fallback` when absent. */
function amountAt(from: XmlElement, path: string, currency: CurrencyCode, fallback?: number) {
  const e = first(from, path);
  const text = e?.text.trim();
  if (!e || !text) {
    if (fallback === undefined) throw invalid(path, "is missing");
    return fallback;
  }
  const currencyId = e.attrs.get("currencyID");
  if (currencyId !== undefined && currencyId !== currency) {
    throw invalid(path, `amount in ${currencyId}, document currency is ${currency}`);
  }
  return parseMoney(text, currency).amountMinor;
}

const taxCategories: readonly string[] = ["S", "Z", "E", "AE", "O"];

function categoryAt(from: XmlElement, path: string): { category: TaxCategory; rateBps: number } {
  const id = required(from, `${path}/cbc:ID`);
  if (!taxCategories.includes(id)) throw unsupported(path, `tax category ${id}`);
  const percent = textAt(from, `${path}/cbc:Percent`);
  const rateBps = percent === null ? 0 : parseDecimalToMinor(percent, 2);
  return { category: id as TaxCategory, rateBps };
}

function readAddress(e: XmlElement | undefined): Address | null {
  if (!e) return null;
  return {
    line1: textAt(e, "cbc:StreetName") ?? "",
    line2: textAt(e, "cbc:AdditionalStreetName"),
    city: textAt(e, "cbc:CityName") ?? "",
    region: textAt(e, "cbc:CountrySubentity"),
    postalCode: textAt(e, "cbc:PostalZone"),
    country: textAt(e, "cac:Country/cbc:IdentificationCode") ?? "",
  };
}

function readParty(root: XmlElement, role: string): { party: Party; endpoint: UblEndpoint | null } {
  const p = first(root, `cac:${role}/cac:Party`);
  if (!p) throw invalid(`cac:${role}`, "is missing");
  const vat = all(p, "cac:PartyTaxScheme").find((s) => textAt(s, "cac:TaxScheme/cbc:ID") === "VAT");
  const endpoint = first(p, "cbc:EndpointID");
  const id = endpoint?.text.trim();
  const party: Party = {
    legalName:
      textAt(p, "cac:PartyLegalEntity/cbc:RegistrationName") ??
      textAt(p, "cac:PartyName/cbc:Name") ??
      "",
    taxId: textAt(vat, "cbc:CompanyID"),
    address: readAddress(first(p, "cac:PostalAddress")),
    email: textAt(p, "cac:Contact/cbc:ElectronicMail"),
  };
  return { party, endpoint: id ? { schemeId: endpoint?.attrs.get("schemeID") ?? "", id } : null };
}

function readTaxBreakdown(root: XmlElement, currency: CurrencyCode) {
  const totals = all(root, "cac:TaxTotal").filter(
    (t) =>
      first(t, "cac:TaxSubtotal") &&
      first(t, "cbc:TaxAmount")?.attrs.get("currencyID") === currency,
  );
  const total = totals[0];
  if (!total || totals.length > 1)
    throw invalid("cac:TaxTotal", `need one with subtotals in ${currency}`);
  const breakdown = all(total, "cac:TaxSubtotal").map((s): TaxSubtotal => {
    const { category, rateBps } = categoryAt(s, "cac:TaxCategory");
    return {
      taxCategory: category,
      taxRateBps: rateBps,
      taxableMinor: amountAt(s, "cbc:TaxableAmount", currency),
      taxMinor: amountAt(s, "cbc:TaxAmount", currency),
      exemptionReason:
        textAt(s, "cac:TaxCategory/cbc:TaxExemptionReason") ??
        textAt(s, "cac:TaxCategory/cbc:TaxExemptionReasonCode"),
    };
  });
  return { taxMinor: amountAt(total, "cbc:TaxAmount", currency), breakdown };
}

/** Price per one unit in minor units: PriceAmount / BaseQuantity, exactly, or refused. */
function unitPriceMinor(line: XmlElement, currency: CurrencyCode): number {
  const price = required(line, "cac:Price/cbc:PriceAmount");
  const base = textAt(line, "cac:Price/cbc:BaseQuantity");
  if (base === null) return parseMoney(price, currency).amountMinor;
  const p = parseDecimal(price);
  const b = parseDecimal(base);
  if (!p || !b || b.units === 0n) throw invalid("cac:Price", `price ${price} per ${base}`);
  const numerator = p.units * pow10(b.scale + currencyExponent(currency));
  const denominator = b.units * pow10(p.scale);
  if (numerator % denominator !== 0n) {
    throw unsupported("cac:Price", `${price} per ${base} is finer than one minor unit per unit`);
  }
  return assertSafeAmount(numerator / denominator, "cac:Price");
}

/** Line allowances minus line charges: the line discount already in its net amount. */
function lineDiscountMinor(line: XmlElement, currency: CurrencyCode): number {
  let discount = 0n;
  for (const ac of all(line, "cac:AllowanceCharge")) {
    const value = BigInt(amountAt(ac, "cbc:Amount", currency));
    discount += textAt(ac, "cbc:ChargeIndicator") === "true" ? -value : value;
  }
  return assertSafeAmount(discount, "cac:AllowanceCharge");
}

function readLines(root: XmlElement, currency: CurrencyCode, breakdown: TaxSubtotal[]) {
  const credit = root.name === "CreditNote";
  const lines = all(root, credit ? "cac:CreditNoteLine" : "cac:InvoiceLine");
  if (lines.length > ublLinesMax) throw invalid("lines", `more than ${ublLinesMax} lines`);
  return lines.map((line, index): DocumentLine => {
    const quantity = first(line, credit ? "cbc:CreditedQuantity" : "cbc:InvoicedQuantity");
    const { category, rateBps } = categoryAt(line, "cac:Item/cac:ClassifiedTaxCategory");
    const subtotal = breakdown.find((s) => s.taxCategory === category && s.taxRateBps === rateBps);
    return {
      position: index + 1,
      description: textAt(line, "cac:Item/cbc:Name") ?? "",
      quantity: quantity?.text.trim() || "1",
      unitCode: quantity?.attrs.get("unitCode") ?? "C62",
      unitPriceMinor: unitPriceMinor(line, currency),
      discountMinor: lineDiscountMinor(line, currency),
      netMinor: amountAt(line, "cbc:LineExtensionAmount", currency),
      taxCode: `VAT-${category}-${rateBps}`,
      taxCategory: category,
      taxRateBps: rateBps,
      exemptionReason: subtotal?.exemptionReason ?? null,
    };
  });
}

function readPayment(root: XmlElement, number: string): PaymentInstructions {
  const means = first(root, "cac:PaymentMeans");
  const account = textAt(means, "cac:PayeeFinancialAccount/cbc:ID");
  const iban = account !== null && /^[A-Z]{2}[0-9]{2}[A-Z0-9]{8,30}$/.test(account);
  return {
    reference: textAt(means, "cbc:PaymentID") ?? number,
    accountName: textAt(means, "cac:PayeeFinancialAccount/cbc:Name"),
    iban: iban ? account : null,
    bic: textAt(means, "cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID"),
    accountNumber: iban ? null : account,
    routingNumber: null,
    bankName: null,
    paymentLink: null,
  };
}

function readTotals(root: XmlElement, currency: CurrencyCode) {
  const t = first(root, "cac:LegalMonetaryTotal");
  if (!t) throw invalid("cac:LegalMonetaryTotal", "is missing");
  if (amountAt(t, "cbc:PayableRoundingAmount", currency, 0) !== 0) {
    throw unsupported("cbc:PayableRoundingAmount", "a rounded amount due is not modelled");
  }
  return {
    subtotalMinor: amountAt(t, "cbc:LineExtensionAmount", currency),
    totalMinor: amountAt(t, "cbc:TaxInclusiveAmount", currency),
    prepaidMinor: amountAt(t, "cbc:PrepaidAmount", currency, 0),
    payableMinor: amountAt(t, "cbc:PayableAmount", currency),
  };
}

function rootOf(xml: string): XmlElement {
  const root = parseXml(xml);
  const invoice = root.ns === UBL_NS.invoice && root.name === "Invoice";
  const creditNote = root.ns === UBL_NS.creditNote && root.name === "CreditNote";
  if (!invoice && !creditNote) throw invalid(root.name, "is not a UBL Invoice or CreditNote");
  return root;
}

/** A UBL Invoice or CreditNote with its parties' electronic addresses. */
export function readUbl(xml: string): UblReadResult {
  const root = rootOf(xml);
  const kind = root.name === "Invoice" ? "invoice" : "credit_note";
  const currency = asCurrencyCode(required(root, "cbc:DocumentCurrencyCode"));
  const number = required(root, "cbc:ID");
  const seller = readParty(root, "AccountingSupplierParty");
  const buyer = readParty(root, "AccountingCustomerParty");
  const { taxMinor, breakdown } = readTaxBreakdown(root, currency);
  const notes = all(root, "cbc:Note").map((n) => n.text.trim());
  const document: InvoiceDocument = {
    kind,
    number,
    issueOn: parseCalendarDate(required(root, "cbc:IssueDate")),
    dueOn: dateAt(root, kind === "invoice" ? "cbc:DueDate" : "cac:PaymentMeans/cbc:PaymentDueDate"),
    currency,
    creditedInvoiceNumber: textAt(root, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID"),
    creditedInvoiceIssueOn: dateAt(
      root,
      "cac:BillingReference/cac:InvoiceDocumentReference/cbc:IssueDate",
    ),
    periodStart: dateAt(root, "cac:InvoicePeriod/cbc:StartDate"),
    periodEnd: dateAt(root, "cac:InvoicePeriod/cbc:EndDate"),
    buyerReference:
      textAt(root, "cbc:BuyerReference") ?? textAt(root, "cac:OrderReference/cbc:ID") ?? "",
    note: notes.length > 0 ? notes.join("\n") : null,
    seller: seller.party,
    buyer: buyer.party,
    lines: readLines(root, currency, breakdown),
    taxBreakdown: breakdown,
    ...readTotals(root, currency),
    taxMinor,
    payment: readPayment(root, number),
    locale: "en",
  };
  return { document, sellerEndpoint: seller.endpoint, buyerEndpoint: buyer.endpoint };
}

/** A UBL Invoice or CreditNote as an InvoiceDocument. */
export function fromUblXml(xml: string): InvoiceDocument {
  return readUbl(xml).document;
}

// ---- A tiny namespace-aware XML parser: elements, attributes, text, CDATA; no DTDs. ----
