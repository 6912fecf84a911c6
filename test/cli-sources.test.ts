import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./support/run-cli.js";

const EXAMPLES = join(import.meta.dirname, "..", "examples");

function newDataDir(): string {
  return mkdtempSync(join(tmpdir(), "cashloop-cli-"));
}

async function initWithExamples(data: string): Promise<void> {
  const base = ["--data", data, "--as-of", "2026-11-30"];
  const init = await runCli([
    ...base,
    "init",
    "--name",
    "Test Co",
    "--currency",
    "USD",
    "--time-zone",
    "America/New_York",
    "--locale",
    "en-US",
  ]);
  expect(init.stderr).toBe("");
  for (const kind of ["tax-rates", "products", "customers", "contacts", "contracts", "events"]) {
    const r = await runCli([...base, "import", kind, join(EXAMPLES, `${kind}.csv`)]);
    expect(r.stderr, kind).toBe("");
    expect(r.code, kind).toBe(0);
  }
}

describe("cashloop import (CLI)", () => {
  it("imports the example files, and importing the same file again changes nothing", async () => {
    const data = newDataDir();
    await initWithExamples(data);
    const auditBefore = await runCli(["--data", data, "--json", "audit", "list"]);
    const again = await runCli([
      "--data",
      data,
      "import",
      "customers",
      join(EXAMPLES, "customers.csv"),
    ]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/0 created, 0 updated, \d+ unchanged/);
    const auditAfter = await runCli(["--data", data, "--json", "audit", "list"]);
    expect(auditAfter.stdout).toBe(auditBefore.stdout);
  });

  it("rejects a file with three bad rows: exit 2, each bad line reported, nothing changed", async () => {
    const data = newDataDir();
    await initWithExamples(data);
    const before = await runCli(["--data", data, "--json", "customers", "list"]);
    const bad = join(data, "customers-bad.csv");
    writeFileSync(
      bad,
      [
        "external_id,legal_name,currency,language,time_zone,payment_terms,segment",
        "N-1,New Good Customer Ltd,USD,en,America/Chicago,net 30,corporate",
        "N-2,Bad Currency Inc,USX,en,America/Chicago,net 30,corporate",
        "N-3,Another Good One,USD,es,America/Mexico_City,net 15,small_business",
        "N-4,Bad Zone LLC,USD,en,Mars/Olympus,net 30,corporate",
        "N-5,Bad Terms SA,USD,es,Europe/Madrid,sometime,individual",
      ].join("\n"),
    );
    const result = await runCli(["--data", data, "import", "customers", bad]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${bad}:3: currency`);
    expect(result.stderr).toContain(`${bad}:5: time_zone`);
    expect(result.stderr).toContain(`${bad}:6: payment_terms`);
    expect(result.stderr).not.toContain(`${bad}:2:`);
    expect(result.stderr).not.toContain(`${bad}:4:`);
    expect(result.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    const after = await runCli(["--data", data, "--json", "customers", "list"]);
    expect(after.stdout).toBe(before.stdout);
  });

  it("reports a reference to an unknown customer with its line", async () => {
    const data = newDataDir();
    await initWithExamples(data);
    const file = join(data, "contacts.csv");
    writeFileSync(
      file,
      "external_id,customer_external_id,name,email\nX-1,NO-SUCH,Ann,ann@example.com\n",
    );
    const result = await runCli(["--data", data, "import", "contacts", file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}:2: customer_external_id: unknown customer "NO-SUCH"`);
  });

  it("says what is wrong, without a stack, for an unknown command option value", async () => {
    const data = newDataDir();
    const result = await runCli(["--data", data, "--as-of", "yesterday", "customers", "list"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("--as-of");
  });
});
