import { describe, expect, it } from "vitest";
import type { CalendarDate } from "../../kernel/dates.js";
import type { DraftText, FactSheet, InvoiceFact } from "../model.js";
import { checkFacts, checkTone } from "./fact-check.js";
import { sampleFacts, sampleInvoice } from "./sample-facts.js";
import { renderTemplate } from "./templates.js";

/** es-MX writes "USD 1,200.00" with a no-break space; the expected strings use a plain one. */
function render(facts: FactSheet): DraftText {
  const draft = renderTemplate(facts);
  expect(checkFacts(draft, facts)).toEqual({ ok: true, offending: [] });
  expect(checkTone(draft, facts)).toEqual({ ok: true, problems: [] });
  return { subject: draft.subject, body: draft.body.replaceAll("\u00a0", " ") };
}

const dueOn = (dueDate: string, daysOverdue: number, more: Partial<InvoiceFact> = {}) =>
  sampleInvoice({ dueDate: dueDate as CalendarDate, daysOverdue, ...more });

describe("built-in messages read naturally (today is 2026-12-06)", () => {
  it("en · email · overdue_3 · corporate, recurring, punctual", () => {
    const draft = render(sampleFacts({ language: "en", channel: "email", step: "overdue_3" }));
    expect(draft.subject).toBe("Invoice INV-2026-000123 is past due");
    expect(draft.body).toBe(
      [
        "Dear Ana López,",
        "",
        "Our records show that invoice INV-2026-000123 for $1,200.00 was due on December 3, 2026 and is now 3 days past due.",
        "",
        "We understand this may simply be an oversight. If you have already paid, thank you, and please disregard this message.",
        "",
        "You can pay online here: https://pay.brightpath.example/i/7Hk2pQ",
        "You can view and download the invoice here: https://portal.brightpath.example/inv/9xZ4",
        "",
        "Thank you for your continued business. Should you have any questions, please reply to this email.",
        "",
        "Kind regards,",
        "Brightpath Services",
      ].join("\n"),
    );
  });

  it("es · WhatsApp · before_due · individual (tú)", () => {
    const facts = sampleFacts({
      language: "es",
      channel: "whatsapp",
      step: "before_due",
      segment: "individual",
      invoices: [dueOn("2026-12-09", -3)],
    });
    expect(render(facts)).toEqual({
      subject: null,
      body: "Hola, Ana. Te escribimos de Brightpath Services. Te recordamos que la factura INV-2026-000123 por USD 1,200.00 vence el 9 de diciembre. Si ya programaste el pago, no tienes que hacer nada más. Puedes pagar aquí: https://pay.brightpath.example/i/7Hk2pQ o ver la factura aquí: https://portal.brightpath.example/inv/9xZ4",
    });
  });

  it("en · WhatsApp · due_today · small business, late payer, no contact name", () => {
    const facts = sampleFacts({
      channel: "whatsapp",
      step: "due_today",
      segment: "small_business",
      payerHistory: "late",
      contactName: null,
      portalLink: null,
      invoices: [dueOn("2026-12-06", 0)],
    });
    expect(render(facts)).toEqual({
      subject: null,
      body: "Hello, this is Brightpath Services. Friendly reminder: invoice INV-2026-000123 for $1,200.00 is due today, December 6. Please make sure it is paid today. Thanks for your continued business! You can pay at https://pay.brightpath.example/i/7Hk2pQ",
    });
  });

  it("es · email · invoice · new corporate customer, two invoices", () => {
    const facts = sampleFacts({
      language: "es",
      step: "invoice",
      relationship: "new",
      invoices: [
        dueOn("2027-01-05", -30),
        dueOn("2027-01-05", -30, {
          number: "INV-2026-000124",
          totalMinor: 35_050,
          balanceMinor: 35_050,
        }),
      ],
    });
    const draft = render(facts);
    expect(draft.subject).toBe("Facturas INV-2026-000123 y INV-2026-000124 de Brightpath Services");
    expect(draft.body).toBe(
      [
        "Buen día, Ana López:",
        "",
        "Gracias por elegir a Brightpath Services; nos da mucho gusto trabajar con usted.",
        "",
        "Le compartimos las siguientes facturas:",
        "- INV-2026-000123: USD 1,200.00, vence el 5 de enero de 2027",
        "- INV-2026-000124: USD 350.50, vence el 5 de enero de 2027",
        "Total: USD 1,550.50",
        "",
        "Puede pagar en línea aquí: https://pay.brightpath.example/i/7Hk2pQ",
        "Puede consultar y descargar las facturas aquí: https://portal.brightpath.example/inv/9xZ4",
        "",
        "Si tiene alguna pregunta, basta con responder a este correo.",
        "",
        "Atentamente,",
        "Brightpath Services",
      ].join("\n"),
    );
  });
});

describe("tone inputs change the wording", () => {
  const overdue7 = (more: Partial<FactSheet>) =>
    render(sampleFacts({ step: "overdue_7", invoices: [dueOn("2026-11-29", 7)], ...more }));

  it("uses legal wording at overdue_7 only when the policy allows it", () => {
    expect(overdue7({ legalLanguageAllowed: true }).body).toContain("collections agency");
    expect(overdue7({ legalLanguageAllowed: true }).subject).toMatch(/^Formal notice/);
    expect(overdue7({ legalLanguageAllowed: false }).body).not.toContain("collections");
    const es = overdue7({ language: "es", legalLanguageAllowed: true });
    expect(es.body).toContain("agencia de cobranza");
    const earlier = render(sampleFacts({ legalLanguageAllowed: true }));
    expect(earlier.body).not.toMatch(/formal notice|collections/);
  });

  it("is firmer with late payers and assumes an oversight with punctual ones", () => {
    expect(render(sampleFacts({ payerHistory: "late" })).body).toContain(
      "We kindly ask you to arrange payment as soon as possible.",
    );
    expect(render(sampleFacts({ payerHistory: "punctual" })).body).toContain("oversight");
    const es = render(sampleFacts({ language: "es", payerHistory: "late", segment: "individual" }));
    expect(es.body).toContain("Te pedimos realizar el pago lo antes posible.");
  });

  it("welcomes a new customer on the first send and says 'as usual' to a recurring one", () => {
    const first = (relationship: FactSheet["relationship"]) =>
      render(sampleFacts({ step: "invoice", relationship, invoices: [dueOn("2027-01-05", -30)] }));
    expect(first("new").body).toContain("Thank you for choosing Brightpath Services");
    expect(first("recurring").body).toContain("As usual, here is invoice INV-2026-000123");
  });

  it("acknowledges a promise to pay, kept or missed", () => {
    const promised = (promisedOn: string, language: FactSheet["language"] = "en") =>
      render(
        sampleFacts({
          language,
          history: {
            remindersSent: 1,
            lastReplyLabel: "promise_to_pay",
            promisedOn: promisedOn as CalendarDate,
          },
        }),
      ).body;
    expect(promised("2026-12-10")).toContain(
      "Thank you for letting us know you plan to pay on December 10, 2026.",
    );
    expect(promised("2026-12-04")).toContain(
      "You let us know you planned to pay on December 4, 2026, and we have not received the payment yet.",
    );
    expect(promised("2026-12-04", "es")).toContain(
      "Nos indicó que realizaría el pago el 4 de diciembre de 2026",
    );
  });

  it("shows the balance and the total of a partly paid invoice", () => {
    const facts = sampleFacts({ invoices: [dueOn("2026-12-03", 3, { balanceMinor: 80_000 })] });
    expect(render(facts).body).toContain(
      "the balance of $800.00 on invoice INV-2026-000123 (total $1,200.00) was due on December 3, 2026",
    );
  });

  it("leaves out link sentences when there are no links, and offers payment details instead", () => {
    const body = render(
      sampleFacts({ paymentLink: null, portalLink: null, contactName: null }),
    ).body;
    expect(body.startsWith("Hello,\n")).toBe(true);
    expect(body).not.toMatch(/here:|https?:/);
    expect(body).toContain("Should you need our payment details or have any questions");
  });
});
