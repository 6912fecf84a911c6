import { describe, expect, it } from "vitest";
import { CashloopError } from "../kernel/errors.js";
import { evidenceBytesMax, evidenceKind, evidenceText, joinLines } from "./evidence-text.js";

const utf8 = (text: string) => new TextEncoder().encode(text);

async function failure(run: () => Promise<unknown>): Promise<CashloopError> {
  const error = await run().catch((e: unknown) => e);
  if (error instanceof CashloopError) return error;
  throw new Error(`expected a CashloopError, got ${String(error)}`);
}

describe("evidenceKind", () => {
  it("knows a file by its signature, not its name", () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
    expect(evidenceKind(png, "receipt.pdf")).toBe("png");
    expect(evidenceKind(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0]), "a.txt")).toBe("jpeg");
    expect(evidenceKind(utf8("%PDF-1.7\n%âãÏÓ\n"), "scan.png")).toBe("pdf");
    // Up to 1 KiB of junk may come before a PDF's header.
    expect(evidenceKind(utf8(`${" ".repeat(300)}%PDF-1.4`), "x")).toBe("pdf");
    expect(evidenceKind(utf8("Importe: 12,00 €\n"), "r.png")).toBe("text");
  });

  it("refuses binary data that is none of those", () => {
    expect(() => evidenceKind(Uint8Array.from([0x47, 0x49, 0x46, 0x38, 0, 1]), "a.gif")).toThrow(
      "a.gif: not a PDF, PNG, JPEG or text file",
    );
  });
});

describe("evidenceText for text files", () => {
  it("reads UTF-8 (BOM dropped) and Windows-1252, folds spaces and drops blank lines", async () => {
    expect(
      await evidenceText(utf8("\uFEFFImporte:   615,40 €\r\n\r\n  Ordenante: Peña \n"), "a.txt"),
    ).toEqual({
      kind: "text",
      text: "Importe: 615,40 €\nOrdenante: Peña",
    });
    const latin = Uint8Array.from(
      [...("Ordenante: Pe" as string)].map((c) => c.charCodeAt(0)).concat([0xf1, 0x61]),
    );
    expect((await evidenceText(latin, "b.txt")).text).toBe("Ordenante: Peña");
  });

  it("an empty, blank or oversized file is refused with its name", async () => {
    expect((await failure(() => evidenceText(new Uint8Array(0), "e.txt"))).code).toBe(
      "evidence_empty",
    );
    const blank = await failure(() => evidenceText(utf8(" \n\t\n"), "b.txt"));
    expect(blank.message).toBe("b.txt: the file is blank");
    const big = await failure(() => evidenceText(new Uint8Array(evidenceBytesMax + 1), "big.png"));
    expect(big.code).toBe("evidence_too_large");
  });

  it("a file that is not a PDF is refused as one", async () => {
    const broken = await failure(() => evidenceText(utf8("%PDF-1.4\nnot really a pdf"), "bad.pdf"));
    expect(broken.code).toMatch(/^evidence_(unreadable|no_text)$/);
    expect(broken.message).toMatch(/^bad\.pdf: /);
  });
});

describe("joinLines", () => {
  const item = (str: string, x: number, y: number, width = str.length * 6) => ({
    str,
    x,
    y,
    width,
    height: 12,
  });

  it("joins items on one baseline left to right, top line first, a space where there is a gap", () => {
    expect(
      joinLines([
        item("980.00", 160, 690),
        item("Date:", 40, 668),
        item("Amount:", 40, 690),
        item("19 Nov 2026", 160, 668.5),
        item("Payment", 40, 720, 48),
        item("confirmation", 92, 720),
      ]),
    ).toBe("Payment confirmation\nAmount: 980.00\nDate: 19 Nov 2026");
  });

  it("keeps pieces of one word together (no gap) and lines that are close but apart", () => {
    expect(
      joinLines([item("INV-2026-", 40, 500, 54), item("000123", 94, 500), item("x", 40, 490)]),
    ).toBe("INV-2026-000123\nx");
  });
});
