import { describe, expect, it } from "vitest";
import type { CalendarDate } from "../../kernel/dates.js";
import type { CurrencyCode } from "../../kernel/money.js";
import { sampleInvoice } from "../draft/sample-facts.js";
import type { Language } from "../model.js";
import { type BriefNumbers, briefNarrative, briefWordsMax, checkBriefFacts } from "./brief.js";
import {
  briefQuote,
  checkSummaryFacts,
  type EscalationEvent,
  type EscalationFacts,
  escalationSummary,
} from "./escalation.js";

const d = (s: string) => s as CalendarDate;
const PLACEHOLDER = /\b(?:undefined|null|NaN|Infinity)\b|\[\s*\]|\[object |\{\s*\}/;
/** es-MX amounts use a no-break space ("USD\u00a0700.00"); compare with plain spaces. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");
const sentences = (text: string) => text.split(/(?<=[.!?])\s+(?=[A-ZÁÉÍÓÚ¿])/u).length;

/** $1,200.00 issued Nov 3, due Dec 3, 2026; today Dec 10 (7 days overdue), $500.00 paid. */
function escalation(language: Language, events: EscalationEvent[], over = {}): EscalationFacts {
  return {
    language,
    today: d("2026-12-10"),
    customerName: "Northwind Traders",
    invoice: sampleInvoice({ balanceMinor: 70_000, daysOverdue: 7 }),
    events,
    ...over,
  };
}

const HISTORY: EscalationEvent[] = [
  { kind: "message_sent", on: d("2026-11-03"), channel: "email", step: "invoice" },
  { kind: "message_sent", on: d("2026-12-06"), channel: "whatsapp", step: "overdue_3" },
  { kind: "payment", on: d("2026-12-07"), amountMinor: 50_000 },
  {
    kind: "reply",
    on: d("2026-12-07"),
    label: "promise_to_pay",
    evidence: "Paid 500 today, the rest on the 12th once our client pays us.",
  },
  { kind: "promise", on: d("2026-12-07"), promisedOn: d("2026-12-12"), kept: null },
];

const escalationRows: [string, Language, EscalationFacts][] = [
  ["full history", "en", escalation("en", HISTORY)],
  ["full history", "es", escalation("es", HISTORY)],
  ["no events", "en", escalation("en", [], { invoice: sampleInvoice({ daysOverdue: 7 }) })],
  ["no events", "es", escalation("es", [], { invoice: sampleInvoice({ daysOverdue: 7 }) })],
  [
    "dispute, broken promises",
    "en",
    escalation("en", [
      { kind: "promise", on: d("2026-11-20"), promisedOn: d("2026-11-25"), kept: false },
      { kind: "promise", on: d("2026-12-01"), promisedOn: d("2026-12-04"), kept: false },
      {
        kind: "reply",
        on: d("2026-12-08"),
        label: "dispute",
        evidence: `  ${"The rate is wrong ".repeat(8)}`,
      },
    ]),
  ],
  [
    "not due yet",
    "es",
    escalation(
      "es",
      [{ kind: "message_sent", on: d("2026-11-03"), channel: "email", step: "invoice" }],
      {
        invoice: sampleInvoice({ daysOverdue: -4, dueDate: d("2026-12-14") }),
      },
    ),
  ],
  [
    "paid in full",
    "en",
    escalation("en", HISTORY, { invoice: sampleInvoice({ balanceMinor: 0 }) }),
  ],
];

describe("escalationSummary", () => {
  it.each(escalationRows)("%s (%s) passes its own fact check and reads cleanly", (_, __, facts) => {
    const text = escalationSummary(facts);
    expect(checkSummaryFacts(text, facts)).toEqual({ ok: true, offending: [] });
    expect(text).not.toMatch(PLACEHOLDER);
    expect(text).not.toMatch(/\s[.,:;]|\s{2}/);
    expect(sentences(text)).toBeGreaterThanOrEqual(3);
    expect(sentences(text)).toBeLessThanOrEqual(6);
  });

  it("states what is owed, what was sent, the customer's words and the next step", () => {
    const en = escalationSummary(escalation("en", HISTORY));
    expect(en).toContain("owes $700.00 of $1,200.00 on invoice INV-2026-000123");
    expect(en).toContain("7 days overdue");
    expect(en).toContain("We sent 2 messages; the last was a first overdue reminder by WhatsApp");
    expect(en).toContain("“Paid 500 today, the rest on the 12th once our client pays us.”");
    expect(en).toContain("They paid $500.00 on December 7.");
    expect(en).toContain("promised to pay by December 12: that date has not come yet");
    expect(en).toMatch(/Next step: hold the reminders/);
    const es = plain(escalationSummary(escalation("es", HISTORY)));
    expect(es).toContain("de atraso por WhatsApp el 6 de diciembre");
    expect(es).toContain(
      "promesa de pago: «Paid 500 today, the rest on the 12th once our client pays us».",
    );
    expect(es).toContain("debe USD 700.00 de USD 1,200.00 de la factura INV-2026-000123");
    expect(es).toContain("Siguiente paso: pausar los recordatorios");
  });

  it("reads naturally with no history", () => {
    const facts = escalation("en", [], { invoice: sampleInvoice({ daysOverdue: 7 }) });
    expect(escalationSummary(facts)).toBe(
      "Northwind Traders owes $1,200.00 on invoice INV-2026-000123 (issued November 3), due December 3 and 7 days overdue. No messages have been sent yet. The customer has not replied. No payment has been received. Next step: contact the customer and agree a payment date.",
    );
    expect(escalationSummary({ ...facts, language: "es" })).toContain(
      "Aún no se ha enviado ningún mensaje. El cliente no ha respondido. No se ha recibido ningún pago.",
    );
  });

  it("counts broken promises and quotes a long reply briefly", () => {
    const [, , facts] = escalationRows[4]!;
    const text = escalationSummary(facts);
    expect(text).toContain("the promise was broken; 1 earlier promise was broken");
    expect(text).toContain("Next step: review the customer's objection");
    expect(briefQuote(`  ${"The rate is wrong ".repeat(8)}`)).toMatch(
      /^The rate is wrong.{0,70}…$/,
    );
  });

  it.each([
    ["en", "$700.00", "$750.00"],
    ["es", "700.00", "790.00"],
  ] as const)("a tampered summary fails (%s)", (language, real, fake) => {
    const facts = escalation(language, HISTORY);
    const text = escalationSummary(facts);
    const offending = checkSummaryFacts(text.replace(real, fake), facts).offending.map(plain);
    expect(offending).toEqual([language === "en" ? fake : `USD ${fake}`]);
    const madeUp =
      language === "en" ? "Call before December 15." : "Llamar antes del 15 de diciembre.";
    expect(checkSummaryFacts(`${text} ${madeUp}`, facts).offending).toEqual([
      language === "en" ? "December 15" : "15 de diciembre",
    ]);
    expect(checkSummaryFacts(`${text} 9 days late, 10% fee.`, facts).ok).toBe(false);
  });
});

function numbers(language: Language, over: Partial<BriefNumbers> = {}): BriefNumbers {
  return {
    language,
    weekOf: d("2026-12-07"),
    currency: "USD" as CurrencyCode,
    openMinor: 1_240_000,
    overdueMinor: 310_000,
    overduePct: 25,
    aging: { current: 930_000, d30: 150_000, d60: 100_000, d90: 60_000 },
    expectedThisWeekMinor: 200_000,
    customersWithSeveralOverdue: 2,
    reviewBacklog: 3,
    unmatchedLines: 5,
    daysToCollect: 34,
    ...over,
  };
}

const QUIET: Partial<BriefNumbers> = {
  overdueMinor: 0,
  overduePct: 0,
  aging: { current: 1_240_000, d30: 0, d60: 0, d90: 0 },
  expectedThisWeekMinor: 0,
  customersWithSeveralOverdue: 0,
  reviewBacklog: 0,
  unmatchedLines: 0,
  daysToCollect: null,
};

const briefRows: [string, BriefNumbers][] = [
  ["busy week en", numbers("en")],
  ["busy week es", numbers("es")],
  ["quiet week en", numbers("en", QUIET)],
  ["quiet week es", numbers("es", QUIET)],
  [
    "nothing open en",
    numbers("en", { ...QUIET, openMinor: 0, aging: { current: 0, d30: 0, d60: 0, d90: 0 } }),
  ],
  [
    "singulars es",
    numbers("es", {
      customersWithSeveralOverdue: 1,
      reviewBacklog: 1,
      unmatchedLines: 1,
      daysToCollect: 1,
    }),
  ],
  ["pesos es", numbers("es", { currency: "MXN" as CurrencyCode })],
];

describe("briefNarrative", () => {
  it.each(briefRows)("%s passes its own fact check and stays short", (_, n) => {
    const text = briefNarrative(n);
    expect(checkBriefFacts(text, n)).toEqual({ ok: true, offending: [] });
    expect(text).not.toMatch(PLACEHOLDER);
    expect(text.split(/\s+/).length).toBeLessThanOrEqual(briefWordsMax);
  });

  it("states the numbers naturally", () => {
    expect(briefNarrative(numbers("en"))).toMatch(
      /^Week of December 7, 2026: you have \$12,400\.00 open, of which \$3,100\.00 \(25%\) is overdue\./,
    );
    expect(plain(briefNarrative(numbers("es")))).toMatch(
      /^Semana del 7 de diciembre de 2026: tienes USD 12,400\.00 por cobrar, de los cuales USD 3,100\.00 \(25%\) está vencido\./,
    );
    expect(briefNarrative(numbers("en", QUIET))).toContain("nothing is overdue");
  });

  it.each(["en", "es"] as const)("a tampered brief fails (%s)", (language) => {
    const n = numbers(language);
    const text = briefNarrative(n);
    expect(checkBriefFacts(text.replace("3,100.00", "3,200.00"), n).ok).toBe(false);
    expect(checkBriefFacts(text.replace("25%", "30%"), n).offending).toEqual(["30%"]);
    expect(checkBriefFacts(`${text} Due December 14.`, n).offending).toEqual(["December 14"]);
    expect(checkBriefFacts(text.replace(/\b34\b/, "40"), n).offending).toEqual([
      language === "en" ? "40 days" : "40 días",
    ]);
  });
});
