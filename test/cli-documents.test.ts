import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pdfText } from "./support/pdf-text.js";
import { runCli } from "./support/run-cli.js";

type Item = { id: string; number: string; total: number; customerName: string };

describe("invoice documents through the CLI", () => {
  it("writes the PDF and the UBL XML of an issued demo invoice, with its number, lines and total", async () => {
    const data = mkdtempSync(join(tmpdir(), "cashloop-docs-"));
    const cli = (...args: string[]) => runCli(["--data", data, "--as-of", "2026-12-01", ...args]);
    await cli("demo", "--customers", "4", "--months", "1");
    await cli("bill");
    const tray = JSON.parse((await cli("--json", "review", "list")).stdout) as Item[];
    await cli("review", "approve", tray[0]!.id);
    const [issued] = JSON.parse(
      (await cli("--json", "invoices", "list", "--status", "issued")).stdout,
    ) as Item[];
    const full = JSON.parse((await cli("--json", "invoice", "show", issued!.number)).stdout) as {
      lines: { description: string }[];
    };
    const pdfPath = join(data, "invoice.pdf");
    expect((await cli("invoice", "pdf", issued!.number, "-o", pdfPath)).code).toBe(0);
    const text = await pdfText(readFileSync(pdfPath));
    expect(text).toContain(issued!.number);
    expect(text).toContain(issued!.customerName);
    for (const line of full.lines) expect(text).toContain(line.description.slice(0, 30));
    const total = (issued!.total / 100).toLocaleString("en-US", { minimumFractionDigits: 2 });
    expect(text).toContain(total);

    const xmlPath = join(data, "invoice.xml");
    expect((await cli("invoice", "xml", issued!.number, "-o", xmlPath)).code).toBe(0);
    const xml = readFileSync(xmlPath, "utf8");
    expect(xml).toContain(`<cbc:ID>${issued!.number}</cbc:ID>`);
    expect(xml).toContain(
      `<cbc:PayableAmount currencyID="USD">${(issued!.total / 100).toFixed(2)}</cbc:PayableAmount>`,
    );
  });

  it("refuses documents for a draft, saying why", async () => {
    const data = mkdtempSync(join(tmpdir(), "cashloop-docs-"));
    const cli = (...args: string[]) => runCli(["--data", data, "--as-of", "2026-12-01", ...args]);
    await cli("demo", "--customers", "2", "--months", "1");
    await cli("bill");
    const [draft] = JSON.parse((await cli("--json", "review", "list")).stdout) as Item[];
    const result = await cli("invoice", "pdf", draft!.id, "-o", join(data, "x.pdf"));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("documents are made for issued invoices");
  });
});
