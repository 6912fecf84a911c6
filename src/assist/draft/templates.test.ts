import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, type CalendarDate, daysBetween } from "../../kernel/dates.js";
import type { CurrencyCode } from "../../kernel/money.js";
import {
  type Channel,
  DRAFT_STEPS,
  type DraftStep,
  type FactSheet,
  type InvoiceFact,
  type Language,
} from "../model.js";
import { checkFacts, checkTone } from "./fact-check.js";
import { sampleFacts, sampleInvoice } from "./sample-facts.js";
import { renderTemplate } from "./templates.js";
import { formatAmount, formatLongDate, formatShortDate, whatsappCharsMax } from "./wording.js";

const TODAY = "2026-12-06" as CalendarDate;

/** An invoice whose due date sits where the step expects it (two invoices: a week apart). */
function invoiceFor(step: DraftStep, index: number): InvoiceFact {
  const offset = { invoice: -30, before_due: -3, due_today: 0, overdue_3: 3, overdue_7: 7 }[step];
  const daysOverdue = offset + index * 7;
  const dueDate = addDays(TODAY, -daysOverdue);
  const totalMinor = [120_000, 35_050][index] ?? 10_000;
  return sampleInvoice({
    number: `INV-2026-${String(123 + index * 7).padStart(6, "0")}`,
    totalMinor,
    balanceMinor: totalMinor,
    issueDate: addDays(dueDate, -30),
    dueDate,
    daysOverdue,
  });
}

type Combo = {
  step: DraftStep;
  channel: Channel;
  language: Language;
  segment: FactSheet["segment"];
  relationship: FactSheet["relationship"];
  payerHistory: FactSheet["payerHistory"];
  invoiceCount: 1 | 2;
  named: boolean;
  links: boolean;
};

function combos(step: DraftStep, channel: Channel, language: Language): Combo[] {
  const out: Combo[] = [];
  for (const segment of ["corporate", "small_business", "individual"] as const)
    for (const relationship of ["new", "recurring"] as const)
      for (const payerHistory of ["punctual", "late"] as const)
        for (const invoiceCount of [1, 2] as const)
          for (const named of [true, false])
            for (const links of [true, false])
              out.push({
                step,
                channel,
                language,
                segment,
                relationship,
                payerHistory,
                invoiceCount,
                named,
                links,
              });
  return out;
}

function factsFor(c: Combo): FactSheet {
  const invoices = [
    invoiceFor(c.step, 0),
    ...(c.invoiceCount === 2 ? [invoiceFor(c.step, 1)] : []),
  ];
  return sampleFacts({
    ...c,
    today: TODAY,
    invoices,
    contactName: c.named ? "Ana María López" : null,
    paymentLink: c.links ? "https://pay.brightpath.example/i/7Hk2pQ" : null,
    portalLink: c.links ? "https://portal.brightpath.example/inv/9xZ4" : null,
    legalLanguageAllowed: c.step === "overdue_7",
  });
}

/** Everything a built-in message must satisfy; returns what failed, for a readable diff. */
function problemsOf(facts: FactSheet): string[] {
  const draft = renderTemplate(facts);
  const text = `${draft.subject ?? ""}\n${draft.body}`;
  const problems = [...checkFacts(draft, facts).offending, ...checkTone(draft, facts).problems];
  const need = (s: string, what: string) => {
    if (!text.includes(s)) problems.push(`missing ${what}: ${s}`);
  };
  const { language: lang } = facts;
  for (const inv of facts.invoices) {
    need(inv.number, "invoice number");
    need(formatAmount(inv.balanceMinor, inv.currency, lang), "balance");
    if (inv.balanceMinor < inv.totalMinor && facts.channel === "email")
      need(formatAmount(inv.totalMinor, inv.currency, lang), "invoice total");
    const email = facts.channel === "email";
    need(
      email ? formatLongDate(inv.dueDate, lang) : formatShortDate(inv.dueDate, lang, facts.today),
      "due date",
    );
  }
  need(formatAmount(facts.totalDueMinor, facts.currency, lang), "total");
  if (facts.paymentLink) need(facts.paymentLink, "payment link");
  if (facts.paymentLink === null && facts.portalLink) need(facts.portalLink, "portal link");
  if (facts.channel === "email" && facts.portalLink) need(facts.portalLink, "portal link");
  if (facts.channel === "whatsapp") {
    if (draft.subject !== null) problems.push("WhatsApp message has a subject");
    if (draft.body.length > whatsappCharsMax) problems.push(`WhatsApp ${draft.body.length} chars`);
    if (draft.body.includes("\n")) problems.push("WhatsApp message is more than one paragraph");
  } else {
    if (!draft.subject) problems.push("email has no subject");
    need(facts.organisationName, "organisation in the sign-off");
  }
  if (/undefined|null|NaN|\[|\{|Dear ,|Dear,/.test(text)) problems.push(`artefact in: ${text}`);
  if (facts.contactName) need(facts.contactName.split(" ")[0] ?? "", "contact name");
  else if (!/^(Hello|Hola)\b/.test(draft.body)) problems.push("no neutral greeting without a name");
  return problems;
}

describe("renderTemplate: every combination of tone inputs passes its own checks", () => {
  for (const step of DRAFT_STEPS)
    for (const channel of ["email", "whatsapp"] as const)
      for (const language of ["en", "es"] as const) {
        const all = combos(step, channel, language);
        it(`${step} · ${channel} · ${language} (${all.length} combinations)`, () => {
          const failures = all.flatMap((c) =>
            problemsOf(factsFor(c)).map((p) => `${JSON.stringify(c)}: ${p}`),
          );
          expect(failures).toEqual([]);
        });
      }
});

const currencies = ["USD", "MXN", "EUR", "JPY", "KWD", "COP"] as CurrencyCode[];
const names = ["Ana López", "Dr. Jun Park", "O'Neil Smith-Jones", "María José de la Fuente Ruiz"];
const orgs = [
  "Brightpath Services",
  "7-Eleven Supply 42",
  "Taller Núñez y Asociados, S.A. de C.V.",
];

const arbitraryFacts = fc
  .record({
    step: fc.constantFrom(...DRAFT_STEPS),
    channel: fc.constantFrom<Channel>("email", "whatsapp"),
    language: fc.constantFrom<Language>("en", "es"),
    segment: fc.constantFrom<FactSheet["segment"]>("corporate", "small_business", "individual"),
    relationship: fc.constantFrom<FactSheet["relationship"]>("new", "recurring"),
    payerHistory: fc.constantFrom<FactSheet["payerHistory"]>("punctual", "late"),
    currency: fc.constantFrom(...currencies),
    org: fc.constantFrom(...orgs),
    contactName: fc.option(fc.constantFrom(...names), { nil: null }),
    invoices: fc.array(
      fc.record({
        seq: fc.integer({ min: 1, max: 999_999 }),
        totalMinor: fc.integer({ min: 1, max: 5_000_000_000 }),
        paidPart: fc.integer({ min: 0, max: 3 }),
        daysOverdue: fc.integer({ min: -45, max: 60 }),
      }),
      { minLength: 1, maxLength: 2 },
    ),
    payLink: fc.option(
      fc.constantFrom(
        "https://pay.example.com/i/Xy7",
        "https://checkout.stripe.example/c/pay/cs_test_a1B2c3",
      ),
      { nil: null },
    ),
    portalLink: fc.option(fc.constantFrom("https://portal.example.com/x/42"), { nil: null }),
    promiseDays: fc.option(fc.integer({ min: -10, max: 20 }), { nil: null }),
    legal: fc.boolean(),
    remindersSent: fc.integer({ min: 0, max: 6 }),
  })
  .map((r): FactSheet => {
    const invoices = r.invoices.map((inv, i) => {
      const dueDate = addDays(TODAY, -inv.daysOverdue);
      const balanceMinor = inv.paidPart === 1 ? Math.ceil(inv.totalMinor / 2) : inv.totalMinor;
      return sampleInvoice({
        number: `F-${2025 + i}-${String(inv.seq + i).padStart(6, "0")}`,
        currency: r.currency,
        totalMinor: inv.totalMinor,
        balanceMinor,
        issueDate: addDays(dueDate, -30),
        dueDate,
        daysOverdue: daysBetween(dueDate, TODAY),
      });
    });
    return sampleFacts({
      ...r,
      today: TODAY,
      organisationName: r.org,
      currency: r.currency,
      invoices,
      paymentLink: r.payLink,
      portalLink: r.portalLink,
      legalLanguageAllowed: r.legal,
      history: {
        remindersSent: r.remindersSent,
        lastReplyLabel: r.promiseDays === null ? null : "promise_to_pay",
        promisedOn: r.promiseDays === null ? null : addDays(TODAY, r.promiseDays),
      },
    });
  });

describe("renderTemplate: property over random facts", () => {
  it("passes its own fact and tone checks and states every fact it must", () => {
    fc.assert(
      fc.property(arbitraryFacts, (facts) => {
        expect(problemsOf(facts)).toEqual([]);
      }),
      { numRuns: 1500 },
    );
  });
});
