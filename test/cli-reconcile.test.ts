/**
 * Reconciliation on the command line: a CAMT.053 statement paying demo invoices is parsed,
 * imported (twice: nothing new the second time), reconciled, and the review tray is worked —
 * confirm, reject, undo — with the JSON contracts of `bank parse` and `matches list` checked.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./support/run-cli.js";

type Invoice = {
  id: string;
  number: string;
  balance: number;
  customerName: string;
  status: string;
};
type Match = {
  id: string;
  status: string;
  bankRef: string | null;
  amount: number;
  currency: string;
  reason: string;
  allocations: { invoiceNumber: string; amount: number }[];
};

const dec = (minor: number) => (minor / 100).toFixed(2);

function camt(
  entries: { ref: string; amount: number; name: string; text: string; iban?: string }[],
): string {
  const total = entries.reduce((s, e) => s + e.amount, 0);
  const ntry = entries
    .map(
      (e) => `<Ntry><Amt Ccy="USD">${dec(e.amount)}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
<BookgDt><Dt>2026-11-20</Dt></BookgDt><ValDt><Dt>2026-11-20</Dt></ValDt><AcctSvcrRef>${e.ref}</AcctSvcrRef>
<NtryDtls><TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
<RltdPties><Dbtr><Nm>${e.name}</Nm></Dbtr>${e.iban ? `<DbtrAcct><Id><IBAN>${e.iban}</IBAN></Id></DbtrAcct>` : ""}</RltdPties>
<RmtInf><Ustrd>${e.text}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>`,
    )
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
<GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-11-21T06:00:00</CreDtTm></GrpHdr>
<Stmt><Id>S1</Id><CreDtTm>2026-11-21T06:00:00</CreDtTm>
<Acct><Id><IBAN>US64SVBKUS6S3300958879</IBAN></Id><Ccy>USD</Ccy></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="USD">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-19</Dt></Dt></Bal>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="USD">${dec(total)}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-20</Dt></Dt></Bal>
${ntry}
</Stmt></BkToCstmrStmt></Document>`;
}

describe("reconciliation on the command line", () => {
  const dir = mkdtempSync(join(tmpdir(), "cashloop-reconcile-"));
  const cli = (args: string[]) => runCli(["--data", join(dir, "data"), ...args]);
  const json = async <T>(args: string[]): Promise<T> => {
    const r = await cli(["--json", ...args]);
    if (r.code !== 0) throw new Error(r.stderr);
    return JSON.parse(r.stdout) as T;
  };
  let invoices: Invoice[];
  let file: string;

  beforeAll(async () => {
    expect(
      (await cli(["--as-of", "2026-11-02", "demo", "--months", "1", "--customers", "10"])).code,
    ).toBe(0);
    expect((await cli(["--as-of", "2026-11-02", "bill"])).code).toBe(0);
    expect((await cli(["--as-of", "2026-11-02", "review", "approve", "--all"])).code).toBe(0);
    invoices = (await json<Invoice[]>(["invoices", "list", "--status", "issued"])).filter(
      (i) => i.balance > 0,
    );
    const [a, b, c] = invoices as [Invoice, Invoice, Invoice];
    file = join(dir, "statement.xml");
    writeFileSync(
      file,
      camt([
        {
          ref: "B-1",
          amount: a.balance,
          name: a.customerName,
          text: `Payment ${a.number}`,
          iban: "US12BANK000000000001",
        },
        {
          ref: "B-2",
          amount: Math.floor(b.balance / 2),
          name: b.customerName,
          text: `inv ${Number(b.number.slice(-6))} part`,
        },
        { ref: "B-3", amount: 4_321, name: "Bank interest", text: "INTEREST" },
        {
          ref: "B-4",
          amount: c.balance,
          name: "Unknown Person",
          text: `factura ${c.number.slice(-6)}`,
        },
      ]),
    );
  }, 120_000);

  it("bank parse prints the statement contract without touching a database", async () => {
    const r = await runCli(["--json", "bank", "parse", file]);
    expect(r.code).toBe(0);
    const parsed = JSON.parse(r.stdout);
    expect(Object.keys(parsed)).toEqual(["format", "statements"]);
    expect(parsed.format).toBe("camt.053");
    const [s] = parsed.statements;
    expect(Object.keys(s)).toEqual([
      "account",
      "currency",
      "openingBalance",
      "closingBalance",
      "lines",
    ]);
    expect(s.account).toBe("US64SVBKUS6S3300958879");
    expect(Object.keys(s.lines[0])).toEqual([
      "bookingDate",
      "valueDate",
      "amount",
      "currency",
      "counterpartyName",
      "counterpartyAccount",
      "reference",
      "bankRef",
    ]);
    expect(s.lines[0]).toMatchObject({
      amount: invoices[0]?.balance,
      bankRef: "B-1",
      counterpartyAccount: "US12BANK000000000001",
    });
  });

  it("imports once; the same statement again adds nothing; a bad file names where and changes nothing", async () => {
    const first = await json<{ linesAdded: number }[]>(["bank", "import", file]);
    expect(first[0]?.linesAdded).toBe(4);
    const again = await json<{ linesAdded: number; linesKnown: number }[]>([
      "bank",
      "import",
      file,
    ]);
    expect(again[0]).toMatchObject({ linesAdded: 0, linesKnown: 4 });
    const bad = join(dir, "bad.xml");
    writeFileSync(
      bad,
      camt([{ ref: "X", amount: 100, name: "X", text: "X" }]).replace(
        '<Amt Ccy="USD">1.00</Amt>',
        '<Amt Ccy="USD">1,0x</Amt>',
      ),
    );
    const r = await cli(["bank", "import", bad]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("bad.xml");
    expect(r.stderr).toContain("Amt");
    expect(await json<unknown[]>(["bank", "lines"])).toHaveLength(4);
  });

  it("reconcile decides every line; matches list keeps its JSON contract", async () => {
    const r = await json<{ applied: number; review: number; unmatched: number }>(["reconcile"]);
    expect(r).toMatchObject({ applied: 2, review: 1, unmatched: 1 });
    const matches = await json<Match[]>(["matches", "list"]);
    for (const m of matches) {
      expect(Object.keys(m)).toEqual(
        expect.arrayContaining([
          "id",
          "status",
          "bankRef",
          "amount",
          "currency",
          "reason",
          "allocations",
        ]),
      );
    }
    const byRef = new Map(matches.map((m) => [m.bankRef, m]));
    expect(byRef.get("B-1")).toMatchObject({
      status: "applied",
      allocations: [{ invoiceNumber: invoices[0]?.number, amount: invoices[0]?.balance }],
    });
    expect(byRef.get("B-2")?.status).toBe("review");
    expect(byRef.get("B-2")?.reason).toContain("partial");
    expect(byRef.get("B-3")?.status).toBe("unmatched");
    expect(
      (await json<Match[]>(["matches", "list", "--status", "review"])).map((m) => m.bankRef),
    ).toEqual(["B-2"]);
    // Reconciling again decides nothing twice.
    expect(await json(["reconcile"])).toMatchObject({ applied: 0 });
  });

  it("a person confirms a part payment, undoes a wrong match and rejects a proposal; balances follow", async () => {
    const matches = await json<Match[]>(["matches", "list"]);
    const partial = matches.find((m) => m.bankRef === "B-2") as Match;
    const shown = await cli(["matches", "show", partial.id]);
    expect(shown.stdout).toContain(invoices[1]?.number);
    expect(shown.stdout).toContain("partial");
    await json(["matches", "confirm", partial.id]);
    const [b] = (await json<Invoice[]>(["invoices", "list", "--status", "issued"])).filter(
      (i) => i.number === invoices[1]?.number,
    );
    expect(b?.balance).toBe(
      (invoices[1]?.balance ?? 0) - Math.floor((invoices[1]?.balance ?? 0) / 2),
    );
    // The invoice list says where each invoice stands: paid, part paid, open.
    const table = (await cli(["invoices", "list", "--status", "issued"])).stdout;
    const rowOf = (n: string | undefined) => table.split("\n").find((l) => n && l.includes(n));
    expect(table.split("\n")[0]).toContain("PAYMENT");
    expect(rowOf(invoices[0]?.number)).toMatch(/\bpaid\b/);
    expect(rowOf(invoices[0]?.number)).not.toContain("part paid");
    expect(rowOf(invoices[1]?.number)).toContain("part paid");
    expect(rowOf(invoices[3]?.number)).toMatch(/\bopen\b/);

    const applied = matches.find((m) => m.bankRef === "B-4") as Match;
    expect(applied.status).toBe("applied");
    const undone = await json<{ reopened: string[] }>(["match", "undo", applied.id]);
    expect(undone.reopened).toHaveLength(1);
    const [c] = (await json<Invoice[]>(["invoices", "list", "--status", "issued"])).filter(
      (i) => i.number === invoices[2]?.number,
    );
    expect(c?.balance).toBe(invoices[2]?.balance);
    const afterUndo = (await json<Match[]>(["matches", "list"])).find((m) => m.id === applied.id);
    expect(afterUndo?.status).toBe("review");
    await json(["matches", "reject", applied.id]);
    // Remembered: reconciling again does not apply that line to that invoice.
    await json(["reconcile"]);
    const again = (await json<Match[]>(["matches", "list"])).filter((m) => m.bankRef === "B-4");
    expect(again.every((m) => m.status !== "applied")).toBe(true);
    const twice = await cli(["match", "undo", applied.id]);
    expect(twice.code).not.toBe(0);
    expect(twice.stderr).toContain("only an applied match can be undone");
  });

  it("CSV: a saved mapping profile imports a bank's export; a bad profile is named key by key", async () => {
    const csv = join(dir, "export.csv");
    writeFileSync(
      csv,
      "Bank export\nAccount 0049-1234\nBuchungstag;Betrag;Auftraggeber;Verwendungszweck\n20.11.2026;1.234,50;Müller Bau GmbH;RE 2026-17\n21.11.2026;-99,00;Telekom;Rechnung\n",
    );
    const profile = join(dir, "profile.json");
    writeFileSync(
      profile,
      JSON.stringify({
        skipRows: 2,
        delimiter: ";",
        columns: {
          bookingDate: "Buchungstag",
          amount: "Betrag",
          counterpartyName: "Auftraggeber",
          reference: "Verwendungszweck",
        },
        dateFormat: "DD.MM.YYYY",
        decimalSeparator: ",",
        currency: "EUR",
        account: "DE89370400440532013000",
      }),
    );
    const parsed = JSON.parse(
      (await runCli(["--json", "bank", "parse", csv, "--profile", profile])).stdout,
    );
    expect(parsed.statements[0].lines.map((l: { amount: number }) => l.amount)).toEqual([
      123_450, -9_900,
    ]);
    expect((await cli(["bank", "profile", "set", "sparkasse", profile])).code).toBe(0);
    const imported = await json<{ linesAdded: number; accounts: string[] }[]>([
      "bank",
      "import",
      csv,
      "--profile",
      "sparkasse",
    ]);
    expect(imported[0]).toMatchObject({ linesAdded: 2, accounts: ["DE89370400440532013000"] });
    const typo = join(dir, "typo.json");
    writeFileSync(
      typo,
      JSON.stringify({
        columns: { bookingDate: "Buchungstag", amount: "Betrag", refrence: "x" },
        dateFormat: "DD.MM.YYYY",
        decimalSeparator: ",",
      }),
    );
    const bad = await cli(["bank", "profile", "set", "typo", typo]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('"refrence"');
    const corpus = join(
      import.meta.dirname,
      "..",
      "..",
      "shared",
      "corpora",
      "csv",
      "reubano-csv2ofx",
      "test",
      "default.csv",
    );
    const noCurrency = await runCli(["--json", "bank", "parse", corpus]);
    expect(noCurrency.code).not.toBe(0);
    const withCurrency = await runCli(["--json", "bank", "parse", corpus, "--currency", "USD"]);
    expect(JSON.parse(withCurrency.stdout).statements[0].lines.length).toBeGreaterThan(0);
  });

  it("the organisation tunes the thresholds; a wrong setting is refused with its name", async () => {
    const set = await json<{ autoApply: boolean; nameSimilarityMin: number }>([
      "matches",
      "policy",
      "set",
      "autoApply=false",
      "nameSimilarityMin=0.8",
    ]);
    expect(set).toMatchObject({ autoApply: false, nameSimilarityMin: 0.8 });
    expect(await json(["matches", "policy", "show"])).toMatchObject({ autoApply: false });
    const bad = await cli(["matches", "policy", "set", "nameSimilarityMin=2"]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("nameSimilarityMin=2");
    const unknown = await cli(["matches", "policy", "set", "speed=fast"]);
    expect(unknown.stderr).toContain("unknown setting");
  });
});
