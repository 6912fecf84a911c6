import { describe, expect, it } from "vitest";
import { type CalendarDate, parseCalendarDate } from "../../kernel/dates.js";
import { findDateMentions, guessLanguage } from "./date-mentions.js";
import { extractNewContact, extractPromisedOn, extractReturnsOn } from "./extract-fields.js";

/** A Wednesday. */
const today = parseCalendarDate("2026-11-18");
const promised = (text: string, on: CalendarDate = today) => extractPromisedOn(text, text, on);

describe("promisedOn", () => {
  it.each([
    ["will pay friday", "2026-11-20"],
    ["next Wednesday", "2026-11-25"], // the next such day after today, which is a Wednesday
    ["I'll transfer the balance tomorrow morning", "2026-11-19"],
    ["ok will do it tmrw", "2026-11-19"],
    ["We will pay this on 12/15", "2026-12-15"],
    ["pago el 15/12", "2026-12-15"],
    ["on 12/15/2026 via ACH", "2026-12-15"],
    ["payment scheduled for Dec 3rd", "2026-12-03"],
    ["We plan to pay on December 1.", "2026-12-01"],
    ["half now and half on January 8", "2027-01-08"], // no year: the next one
    ["el pago se realizará el 3 de diciembre", "2026-12-03"],
    ["el próximo martes 24 de noviembre", "2026-11-24"],
    ["el lunes 23 ya queda", "2026-11-23"],
    ["We'll have it paid by the end of the month.", "2026-11-30"],
    ["te pago a fin de mes", "2026-11-30"],
    ["a finales del mes que viene", "2026-12-31"],
    ["Mañana sin falta hago la transferencia", "2026-11-19"],
    ["hoy en la mañana no pude, le pago el viernes", "2026-11-20"], // "la mañana" is the morning
    ["le pago pasado mañana", "2026-11-20"],
    ["probably in 5 days", "2026-11-23"],
    ["en 3 dias le hago el deposito", "2026-11-21"],
    ["le deposito en la quincena", "2026-11-30"],
    ["I get paid on the 30th", "2026-11-30"],
    ["the rest by the 15th", "2026-12-15"], // the 15th has passed this month
    ["quedamos en pagar el día 25", "2026-11-25"],
    ["I'm going to pay it today after work", "2026-11-18"],
    ["can't pay today but I'll pay at the end of the month", "2026-11-30"],
    ["paying it next week, promise", null],
    ["This is the 5th reminder, we will pay soon", null],
  ])("%s → %s", (text, on) => {
    expect(promised(text)).toBe(on);
  });

  it.each([
    ["mañana", "2026-12-31", "2027-01-01"],
    ["friday", "2026-11-20", "2026-11-27"], // said on a Friday: next week's
    ["el 31", "2026-11-18", "2026-11-30"], // no 31st in November: its last day
    ["03/04", "2026-11-18", "2027-03-04"], // English: month/day
  ])("%s said on %s → %s", (text, on, expected) => {
    expect(promised(text, parseCalendarDate(on))).toBe(expected);
  });

  it("reads day/month in Spanish", () => {
    expect(promised("le pago el 03/04 sin falta")).toBe("2027-04-03");
  });

  it("prefers a date in the evidence clause", () => {
    const text = "Payroll goes out Friday. I will pay Monday.";
    expect(extractPromisedOn(text, "I will pay Monday.", today)).toBe("2026-11-23");
  });
});

describe("returnsOn", () => {
  it.each([
    ["I am out of the office until Monday, November 30, with no access to email.", "2026-11-30"],
    ["I'm out of the office with no access to email. Back tomorrow.", "2026-11-19"],
    ["Respuesta automática: me encuentro de vacaciones y regreso el 2 de diciembre.", "2026-12-02"],
    ["Estaré de vuelta el 2/12.", "2026-12-02"],
    ["I will be out of the office starting 11/18 and returning 11/25.", "2026-11-25"],
    [
      "Fuera de la oficina del 16 al 20 de noviembre. Me reincorporo el lunes 23 de noviembre.",
      "2026-11-23",
    ],
    ["Fuera de la oficina del 17 al 27 de noviembre.", "2026-11-27"],
    ["Autoreply: I am away from my desk until Tuesday 24th November.", "2026-11-24"],
    ["I am on parental leave until January 4, 2027.", "2027-01-04"],
    ["La oficina permanece cerrada por el puente y reabre el 1 de diciembre.", "2026-12-01"],
    ["Our billing office hours are Monday to Friday 9–5.", null],
    ["AUTO REPLY - I am out sick today. I will respond when I return.", null],
    ["i'm on vacation rn, back next week", null],
  ])("%s → %s", (text, on) => {
    expect(extractReturnsOn(text, today)).toBe(on);
  });
});

describe("newContact", () => {
  it.each([
    [
      "I no longer work at Brightline. Please contact Sarah Miller at sarah.miller@brightline.example.",
      { name: "Sarah Miller", email: "sarah.miller@brightline.example", phone: null },
    ],
    [
      "John retired in October. His replacement is Maria Lopez, you can reach her at 555-210-8890.",
      { name: "Maria Lopez", email: null, phone: "555-210-8890" },
    ],
    [
      "Ahora los pagos los ve la Sra. Carmen Ortega, su teléfono es 55 1234 5678.",
      { name: "Carmen Ortega", email: null, phone: "55 1234 5678" },
    ],
    [
      "Por favor diríjanse a la C.P. Rosa Elena Vázquez al correo rvazquez@comnorte.example o al teléfono 81 8765 4321.",
      { name: "Rosa Elena Vázquez", email: "rvazquez@comnorte.example", phone: "81 8765 4321" },
    ],
    [
      "para cobros comuníquese con Andrés al 300 456 7890",
      { name: "Andrés", email: null, phone: "300 456 7890" },
    ],
    [
      "Please send them to ap@oakridgedental.example",
      { name: null, email: "ap@oakridgedental.example", phone: null },
    ],
    ["Wrong number", null],
    ["Invoice 2026-000315 is not mine, wrong person", null],
  ])("%s", (text, contact) => {
    expect(extractNewContact(text)).toEqual(contact);
  });
});

describe("date mentions", () => {
  it("reads a weekday before a full date as one date", () => {
    const text = "back on Monday, November 30";
    const mentions = findDateMentions(text, today, "en");
    expect(mentions.map((m) => [text.slice(m.start, m.end), m.on])).toEqual([
      ["November 30", "2026-11-30"],
    ]);
  });

  it.each([
    ["Ya pagué la factura, gracias", "es"],
    ["We will pay the invoice on Friday", "en"],
  ])("guesses the language of %s", (text, language) => {
    expect(guessLanguage(text)).toBe(language);
  });
});
