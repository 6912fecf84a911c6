import { describe, expect, it } from "vitest";
import type { CalendarDate, Instant } from "../kernel/dates.js";
import { bestLine, type ClaimLine, claimWindow } from "./confirm-claims.js";

const claim = {
  reference: "INV-2026-000123",
  payer: "Comercial Azteca",
  invoiceNumber: "INV-2026-000123",
  claimedOn: "2026-11-18" as CalendarDate,
  createdAt: "2026-11-18T15:00:00.000Z" as Instant,
};

const line = (over: Partial<ClaimLine>): ClaimLine => ({
  id: "stl_1",
  bookingDate: "2026-11-19" as CalendarDate,
  reference: null,
  counterpartyName: null,
  paysInvoice: false,
  ...over,
});

describe("bestLine", () => {
  it("confirms by the invoice the line names, however it is written", () => {
    expect(bestLine(claim, [line({ reference: "pago factura 123/2026" })], 0.75)).toMatchObject({
      evidence: "invoice",
    });
    expect(bestLine(claim, [line({ reference: "INV2026000123" })], 0.75)?.evidence).toBe("invoice");
    expect(bestLine(claim, [line({ paysInvoice: true })], 0.75)?.evidence).toBe("invoice");
  });

  it("confirms by the receipt's own reference repeated on the line", () => {
    const tracked = { ...claim, reference: "MBAN01002612030045678", invoiceNumber: null };
    expect(
      bestLine(tracked, [line({ reference: "SPEI MBAN 0100 2612 0300 45678" })], 0.75)?.evidence,
    ).toBe("reference");
  });

  it("confirms by the payer's name as banks write it", () => {
    const named = { ...claim, reference: null, invoiceNumber: null };
    expect(
      bestLine(named, [line({ counterpartyName: "COMERCIAL AZTECA SA DE CV" })], 0.75)?.evidence,
    ).toBe("payer");
  });

  it("an amount alone, another invoice or another payer confirms nothing", () => {
    expect(bestLine(claim, [line({})], 0.75)).toBeNull();
    expect(bestLine(claim, [line({ reference: "INV-2026-000124" })], 0.75)).toBeNull();
    expect(bestLine(claim, [line({ reference: "INV-2025-000123" })], 0.75)).toBeNull();
    expect(
      bestLine(claim, [line({ counterpartyName: "Harbor Construction LLC" })], 0.75),
    ).toBeNull();
  });

  it("prefers the line naming the invoice, then the one booked nearest the claimed date", () => {
    const lines = [
      line({
        id: "stl_payer",
        counterpartyName: "Comercial Azteca",
        bookingDate: "2026-11-18" as CalendarDate,
      }),
      line({
        id: "stl_late",
        reference: "INV-2026-000123",
        bookingDate: "2026-11-27" as CalendarDate,
      }),
      line({
        id: "stl_near",
        reference: "INV-2026-000123",
        bookingDate: "2026-11-17" as CalendarDate,
      }),
    ];
    expect(bestLine(claim, lines, 0.75)?.line.id).toBe("stl_near");
  });
});

describe("claimWindow", () => {
  it("is 3 days before to 10 days after the claimed date; without one, 10 days either side of the day it was added", () => {
    expect(claimWindow(claim)).toEqual({ from: "2026-11-15", to: "2026-11-28" });
    expect(claimWindow({ ...claim, claimedOn: null })).toEqual({
      from: "2026-11-08",
      to: "2026-11-28",
    });
  });
});
