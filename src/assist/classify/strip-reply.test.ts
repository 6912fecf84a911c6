import { describe, expect, it } from "vitest";
import { prepareReply } from "./prepare-reply.js";
import { clauses, ownText, pleasantryClauses } from "./strip-reply.js";

const own = (text: string) => ownText(text).text;

describe("ownText: the customer's words, not the quoted thread", () => {
  it.each([
    [
      "Gmail, English",
      "Paid on the 9th.\n\nOn Tue, Nov 17, 2026 at 9:02 AM Acme Billing <billing@acme.example> wrote:\n> Invoice INV-1 is overdue.\n> If you already paid, ignore this.",
      "Paid on the 9th.",
    ],
    [
      "Gmail, Spanish",
      "Ya pagué.\n\nEl mar., 17 nov. 2026 a las 10:15, Cobranza <cobranza@acme.example> escribió:\n> Le recordamos que su factura venció.",
      "Ya pagué.",
    ],
    [
      "header wrapped over two lines",
      "Will pay Friday\n\nOn Tue, Nov 17, 2026 at 9:02 AM Acme Billing <\nbilling@acme.example> wrote:\n> Please pay.",
      "Will pay Friday",
    ],
    [
      "Outlook, English",
      "Wrong person.\n\n-----Original Message-----\nFrom: Acme <billing@acme.example>\nSent: November 17, 2026\nSubject: Reminder\n\nPlease pay or reply STOP.",
      "Wrong person.",
    ],
    [
      "Outlook, Spanish, no rule line",
      "Dejen de escribirme.\n\nDe: Cobranza <c@acme.example>\nEnviado: 17 de noviembre de 2026\nAsunto: Aviso\n\nSu factura vence hoy.",
      "Dejen de escribirme.",
    ],
    ["stray quoted lines", "> old text\nnew text\n> more old text", "new text"],
  ])("%s", (_, text, expected) => {
    expect(own(text)).toBe(expected);
  });
});

describe("ownText: signatures, sign-offs, greetings", () => {
  it.each([
    ["-- delimiter", "I paid yesterday.\n-- \nRobert Kim | 555-201-3344", "I paid yesterday."],
    [
      "sign-off then name",
      "Ya pagué.\n\nSaludos cordiales,\nLic. Fernando Ruiz\nTel. 477 123 4567",
      "Ya pagué.",
    ],
    ["mobile footer", "will pay monday\n\nSent from my iPhone", "will pay monday"],
    [
      "signature block without a sign-off",
      "¿Aceptan tarjeta?\nLuis Castaño\nDirector General\nComercializadora del Norte S.A. de C.V.",
      "¿Aceptan tarjeta?",
    ],
    [
      "name | company | phone",
      "Excelente\nCarmen Torres | Hoteles La Mar | 55 5403 0679",
      "Excelente",
    ],
    ["greeting line", "Hi Sarah,\n\nWe paid on Monday.", "We paid on Monday."],
    ["a lone sign-off is the message", "Thanks!", "Thanks!"],
    ["short reply keeps its words", "ok\nGracias", "ok"],
    ["a one-word line after a greeting stays", "Hi,\nPaid", "Paid"],
  ])("%s", (_, text, expected) => {
    expect(own(text)).toBe(expected);
  });

  it("returns spans of the input", () => {
    const text = "Hola,\n\nYa pagué ayer.\n\nSaludos,\nAna";
    const { spans } = ownText(text);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(["Ya pagué ayer."]);
  });
});

describe("clauses", () => {
  it("splits at sentence ends and before ¿, not inside amounts or abbreviations", () => {
    const text = "Pagamos $1,450.00 ayer. ¿Lo ven? Es Alimentos S.A. de C.V. gracias";
    const spans = clauses(text, ownText(text)).map((s) => text.slice(s.start, s.end));
    expect(spans).toEqual([
      "Pagamos $1,450.00 ayer.",
      "¿Lo ven?",
      "Es Alimentos S.A. de C.V. gracias",
    ]);
  });
});

describe("politeness", () => {
  it("finds clauses that are only politeness", () => {
    const text = "Thanks for the reminder. I'll pay Friday. Hope you're doing well!";
    const polite = pleasantryClauses(text, ownText(text)).map((s) => text.slice(s.start, s.end));
    expect(polite).toEqual(["Thanks for the reminder.", "Hope you're doing well!"]);
  });

  it("is blanked for the model unless it is all the reply says", () => {
    expect(prepareReply("Gracias por el recordatorio. Le pago el viernes.").own.text.trim()).toBe(
      "Le pago el viernes.",
    );
    expect(prepareReply("Gracias por el recordatorio.").own.text).toBe(
      "Gracias por el recordatorio.",
    );
  });
});
