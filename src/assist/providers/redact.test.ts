import { describe, expect, it } from "vitest";
import { IBAN_MASK, NUMBER_MASK, redactCustomerText, unmaskQuote } from "./redact.js";

describe("redactCustomerText", () => {
  const masked: [string, string, string][] = [
    ["IBAN in groups", "IBAN DE89 3704 0044 0532 0130 00 please", `IBAN ${IBAN_MASK} please`],
    ["IBAN compact", "to ES9121000418450200051332.", `to ${IBAN_MASK}.`],
    ["IBAN, lower-case country", "es9121000418450200051332", IBAN_MASK],
    ["account number", "from account 0123456789012345", `from account ${NUMBER_MASK}`],
    ["account with dashes", "cuenta 1234-5678-90", `cuenta ${NUMBER_MASK}`],
    ["card in groups", "card 4111 1111 1111 1111 ok", `card ${NUMBER_MASK} ok`],
    ["CLABE", "CLABE: 032180000118359719", `CLABE: ${NUMBER_MASK}`],
    ["bare 8 digits", "number 12345678", `number ${NUMBER_MASK}`],
    ["tax id glued to letters", "VAT DE123456789", `VAT DE${NUMBER_MASK}`],
    ["CUIT", "CUIT 20-12345678-9", `CUIT ${NUMBER_MASK}`],
    ["account wins over an amount-like tail", "account 12345678.00", `account ${NUMBER_MASK}.00`],
    ["#-number with no keyword", "#98765432", `#${NUMBER_MASK}`],
  ];
  it.each(masked)("masks %s", (_name, input, expected) => {
    expect(redactCustomerText(input).text).toBe(expected);
  });

  const kept: [string, string][] = [
    ["an invoice number", "paid INV-2026-000123 today"],
    ["a credit-note number", "see CN-2026-000001"],
    ["an ISO date", "on 2026-03-31"],
    ["a day-first date", "on 31-03-2026"],
    ["an international phone", "call +52 55 1234 5678"],
    ["a phone after its keyword", "tel: 5512345678"],
    ["an amount with a code before", "we paid MXN 15000000"],
    ["an amount with a code after", "total 15000000 COP"],
    ["an amount with decimals", "sent 12345678.50 yesterday"],
    ["an amount with a symbol", "$12345678"],
    ["a payment reference", "Ref: 20260331123"],
    ["an invoice referred to by number", "invoice 12345678"],
    ["7 digits", "id 1234567"],
    ["thousands separators", "1,234,567.89"],
  ];
  it.each(kept)("keeps %s", (_name, input) => {
    expect(redactCustomerText(input)).toEqual({ text: input, masked: 0 });
  });

  it("counts what it masks", () => {
    const r = redactCustomerText("IBAN GB82 WEST 1234 5698 7654 32 and account 99998888777");
    expect(r.masked).toBe(2);
    expect(r.text).toBe(`IBAN ${IBAN_MASK} and account ${NUMBER_MASK}`);
  });

  it("is not fooled by its own placeholders: an invoice number after a masked IBAN stays", () => {
    const r = redactCustomerText("from account DE89 3704 0044 0532 0130 00 (ref INV-2026-000123)");
    expect(r.text).toBe(`from account ${IBAN_MASK} (ref INV-2026-000123)`);
  });
});

describe("unmaskQuote", () => {
  const reply = "we paid from account 0123456789012345 yesterday, thanks";
  it("finds a plain quote", () => {
    expect(unmaskQuote(reply, "we paid")).toBe("we paid");
  });
  it("puts a masked number back", () => {
    expect(unmaskQuote(reply, `account ${NUMBER_MASK} yesterday`)).toBe(
      "account 0123456789012345 yesterday",
    );
  });
  it("puts a masked IBAN back", () => {
    expect(unmaskQuote("to ES91 2100 0418 4502 0005 1332 today", `to ${IBAN_MASK} today`)).toBe(
      "to ES91 2100 0418 4502 0005 1332 today",
    );
  });
  it("returns undefined for words the reply does not have", () => {
    expect(unmaskQuote(reply, "we paid in full")).toBeUndefined();
    expect(unmaskQuote(reply, `card ${NUMBER_MASK}`)).toBeUndefined();
  });
});
