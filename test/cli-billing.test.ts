import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./support/run-cli.js";

type Period = { contractId: string; start: string; end: string };
type Item = {
  id: string;
  number: string | null;
  status: string;
  periods: Period[];
  reviewReasons: { code: string }[];
};
type Contract = {
  id: string;
  schedule: string;
  startOn: string;
  endOn: string | null;
  timing: string;
};

/** The monthly periods a contract billed in advance has started by `asOf` (months start on the 1st). */
function monthStarts(c: Contract, from: string, asOf: string): string[] {
  const out: string[] = [];
  let y = Number(c.startOn.slice(0, 4));
  let m = Number(c.startOn.slice(5, 7));
  for (;;) {
    const first = `${y}-${String(m).padStart(2, "0")}-01`;
    const start = first < c.startOn ? c.startOn : first;
    if (first > asOf || (c.endOn && start > c.endOn)) break;
    if (start >= from) out.push(start);
    m += 1;
    if (m === 13) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

describe("cashloop bill on the demo business", () => {
  it("drafts each due contract period exactly once, also after skipped months", async () => {
    const data = mkdtempSync(join(tmpdir(), "cashloop-bill-"));
    const cli = (asOf: string, ...args: string[]) =>
      runCli(["--data", data, "--as-of", asOf, ...args]);
    expect((await cli("2026-11-30", "demo")).code).toBe(0);
    const contracts = JSON.parse(
      (await cli("2026-11-30", "--json", "contracts", "list")).stdout,
    ) as Contract[];
    const monthly = contracts.filter((c) => c.schedule === "monthly" && c.timing === "advance");
    expect(monthly.length).toBeGreaterThan(10);

    const first = await cli("2026-12-01", "--json", "bill");
    expect(first.stderr).toBe("");
    const drafted = JSON.parse(first.stdout).drafted as number;
    const items1 = JSON.parse(
      (await cli("2026-12-01", "--json", "invoices", "list")).stdout,
    ) as Item[];
    expect(items1.length).toBe(drafted);
    const periods1 = items1.flatMap((i) => i.periods);
    const keys1 = periods1.map((p) => `${p.contractId}:${p.start}`);
    expect(new Set(keys1).size).toBe(keys1.length); // no period twice
    expect(periods1.every((p) => p.start <= "2026-12-01")).toBe(true);
    for (const c of monthly) {
      const billed = periods1
        .filter((p) => p.contractId === c.id)
        .map((p) => p.start)
        .sort();
      expect(billed, c.id).toEqual(monthStarts(c, "0000-01-01", "2026-12-01"));
    }

    const again = JSON.parse((await cli("2026-12-01", "--json", "bill")).stdout);
    expect(again.drafted).toBe(0);

    // January and February are skipped; on 1 March each missed period is billed once.
    const late = JSON.parse((await cli("2027-03-01", "--json", "bill")).stdout);
    const items2 = JSON.parse(
      (await cli("2027-03-01", "--json", "invoices", "list")).stdout,
    ) as Item[];
    const fresh = items2.filter((i) => !items1.some((o) => o.id === i.id));
    expect(fresh.length).toBe(late.drafted);
    const periods2 = fresh.flatMap((i) => i.periods);
    for (const c of monthly) {
      const billed = periods2
        .filter((p) => p.contractId === c.id)
        .map((p) => p.start)
        .sort();
      expect(billed, c.id).toEqual(monthStarts(c, "2026-12-02", "2027-03-01"));
    }
    const all = items2.flatMap((i) => i.periods).map((p) => `${p.contractId}:${p.start}`);
    expect(new Set(all).size).toBe(all.length);
  });

  it("approving issues with consecutive numbers; a rejected draft's period is billed again", async () => {
    const data = mkdtempSync(join(tmpdir(), "cashloop-bill-"));
    const cli = (...args: string[]) => runCli(["--data", data, "--as-of", "2026-12-01", ...args]);
    await cli("demo", "--customers", "6", "--months", "1");
    await cli("bill");
    const tray = JSON.parse((await cli("--json", "review", "list")).stdout) as Item[];
    expect(tray.length).toBeGreaterThan(2);
    expect(tray.every((i) => i.reviewReasons.length > 0)).toBe(true);
    const [a, b, c] = tray;
    const approved = await cli("--json", "review", "approve", a!.id, b!.id);
    const numbers = (JSON.parse(approved.stdout) as { number: string }[])
      .map((r) => r.number)
      .sort();
    expect(numbers).toEqual(["INV-2026-000001", "INV-2026-000002"]);
    const rejected = await cli("review", "reject", c!.id, "--reason", "wrong price");
    expect(rejected.code).toBe(0);
    const rebill = JSON.parse((await cli("--json", "bill")).stdout);
    expect(rebill.drafted).toBe(1);
    const shown = await cli("invoice", "show", "INV-2026-000001");
    expect(shown.stdout).toContain("INV-2026-000001");
    const voided = await cli("invoice", "void", "INV-2026-000002", "--reason", "sent by mistake");
    expect(voided.code).toBe(0);
    const list = JSON.parse(
      (await cli("--json", "invoices", "list", "--status", "void")).stdout,
    ) as Item[];
    expect(list.map((i) => i.number)).toEqual(["INV-2026-000002"]);
  });
});
