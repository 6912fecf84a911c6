/**
 * The follow-up commands as a user types them: tick over a day with a real SMTP server,
 * payments, replies from .eml files, tasks, pauses, the outbox — and clear errors that change
 * nothing.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { replyTo } from "./support/reply-email.js";
import { runCli } from "./support/run-cli.js";
import { type SmtpRecorder, startSmtpRecorder } from "./support/smtp-recorder.js";

describe("follow-up on the command line", () => {
  const dir = mkdtempSync(join(tmpdir(), "cashloop-followup-"));
  let smtp: SmtpRecorder;
  let env: Record<string, string>;
  const cli = (args: string[]) => runCli(["--data", join(dir, "data"), ...args], env);

  beforeAll(async () => {
    smtp = await startSmtpRecorder({
      rejectRecipients: (a) =>
        a.endsWith(".invalid") ? { code: 550, message: "5.1.1 unknown" } : null,
    });
    env = { SMTP_URL: smtp.url, CASHLOOP_PUBLIC_URL: "https://pay.brightpath.example" };
    expect(
      (await cli(["--as-of", "2026-11-02", "demo", "--months", "1", "--customers", "12"])).code,
    ).toBe(0);
    expect((await cli(["--as-of", "2026-11-02", "bill"])).code).toBe(0);
    expect((await cli(["--as-of", "2026-11-02", "review", "approve", "--all"])).code).toBe(0);
  }, 120_000);

  afterAll(async () => {
    await smtp.close();
  });

  it("tick --as-of a date walks the day: invoices go out by email with the PDF and XML", async () => {
    const r = await cli(["--as-of", "2026-11-03", "tick"]);
    expect(r.stderr).toBe("");
    const sent = Number(/Sent (\d+)/.exec(r.stdout)?.[1]);
    expect(sent).toBeGreaterThan(10);
    expect(smtp.messages.length).toBe(sent);
    const first = smtp.messages[0];
    expect(first?.attachments.map((a) => a.contentType)).toEqual(
      expect.arrayContaining(["application/pdf", "application/xml"]),
    );
    expect(first?.text).toContain("https://pay.brightpath.example/i/");
    expect(first?.replyTo).toMatch(/^reply\+[0-9a-f]{32}@/);
    // The same day again sends nothing more.
    const again = await cli(["--as-of", "2026-11-03", "--json", "tick"]);
    expect(JSON.parse(again.stdout).sent.sent).toBe(0);
    expect(smtp.messages.length).toBe(sent);
  });

  it("outbox list shows what went where; a bounced address becomes a task", async () => {
    const r = await cli(["--json", "outbox", "list", "--status", "sent"]);
    const rows = JSON.parse(r.stdout) as { key: string; channel: string; status: string }[];
    expect(rows.length).toBe(smtp.messages.length);
    const tasks = JSON.parse((await cli(["--json", "tasks", "list"])).stdout) as { kind: string }[];
    expect(tasks.map((t) => t.kind)).toContain("bounced_contact");
  });

  it("payments record lowers the balance; replies ingest reads an .eml and pauses with a task", async () => {
    const message = smtp.messages.find((m) => /factura/i.test(m.text)) ?? smtp.messages[0];
    const number = message?.headers.get("x-cashloop-steps")?.split("=")[0] as string;
    const shown = JSON.parse((await cli(["--json", "invoice", "show", number])).stdout) as {
      total: number;
      currency: string;
    };
    const half = (shown.total / 200).toFixed(2);
    const paid = await cli([
      "--as-of",
      "2026-11-04",
      "payments",
      "record",
      "--invoice",
      number,
      "--amount",
      half,
    ]);
    expect(paid.stdout).toContain(`to ${number}`);
    const listed = JSON.parse((await cli(["--json", "payments", "list"])).stdout) as {
      allocations: { invoiceNumber: string }[];
    }[];
    expect(listed.at(-1)?.allocations.map((a) => a.invoiceNumber)).toEqual([number]);

    const file = join(dir, "reply.eml");
    writeFileSync(
      file,
      replyTo(
        message!,
        message!.to[0] as string,
        "Hola, ya pagué, adjunto comprobante.",
        "2026-11-04T15:00:00.000Z",
      ),
    );
    const r = await cli(["--as-of", "2026-11-04", "replies", "ingest", file]);
    expect(r.stdout).toContain("paid_claim");
    expect(r.stdout).toContain(number);
    const again = await cli(["--as-of", "2026-11-04", "replies", "ingest", file]);
    expect(again.stdout).toContain("already received");
    const tasks = JSON.parse(
      (await cli(["--json", "tasks", "list", "--kind", "paid_claim"])).stdout,
    ) as {
      id: string;
    }[];
    expect(tasks).toHaveLength(1);
    const show = await cli(["tasks", "show", tasks[0]!.id]);
    expect(show.stdout).toContain(number);
    const done = await cli([
      "--as-of",
      "2026-11-05",
      "tasks",
      "done",
      tasks[0]!.id,
      "--resolution",
      "found the transfer",
      "--resume",
    ]);
    expect(done.stdout).toContain("Reminders resume.");
    const twice = await cli(["tasks", "done", tasks[0]!.id, "--resolution", "again"]);
    expect(twice.code).not.toBe(0);
    expect(twice.stderr).toContain("already done");
  });

  it("customer and invoice pauses, with reasons and dates checked", async () => {
    const customers = JSON.parse((await cli(["--json", "customers", "list"])).stdout) as {
      externalId: string;
    }[];
    const id = customers[0]!.externalId;
    const missing = await cli(["customer", "pause", id]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("--reason");
    const badDate = await cli([
      "customer",
      "pause",
      id,
      "--reason",
      "call first",
      "--until",
      "next week",
    ]);
    expect(badDate.code).not.toBe(0);
    expect(badDate.stderr).toContain("--until");
    const ok = await cli([
      "customer",
      "pause",
      id,
      "--reason",
      "call first",
      "--until",
      "2026-12-01",
    ]);
    expect(ok.stdout).toContain("paused until 2026-12-01");
    expect((await cli(["customer", "resume", id])).stdout).toContain("resume");
    expect((await cli(["customer", "resume", id])).stdout).toContain("was not paused");
    const unknown = await cli(["customer", "pause", "NOPE", "--reason", "x"]);
    expect(unknown.stderr).toContain("NOPE: no such customer");
  });

  it("bad reply files get a clear error naming the file, and change nothing", async () => {
    const before = (await cli(["--json", "tasks", "list"])).stdout;
    const missing = await cli(["replies", "ingest", join(dir, "nope.eml")]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("nope.eml");
    const garbage = join(dir, "garbage.eml");
    writeFileSync(garbage, "\u0000\u0001 not an email at all");
    const bad = await cli(["replies", "ingest", garbage]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("garbage.eml");
    expect((await cli(["--json", "tasks", "list"])).stdout).toBe(before);
  });

  it("cadences per organisation and segment: shown, replaced, and a bad one refused by field", async () => {
    const shown = JSON.parse((await cli(["followup", "policy", "show"])).stdout) as {
      steps: { step: string }[];
    };
    expect(shown.steps.map((s) => s.step)).toEqual([
      "invoice",
      "before_due",
      "due_today",
      "overdue_3",
      "overdue_7",
    ]);
    const file = join(dir, "cadence.json");
    writeFileSync(file, JSON.stringify({ ...shown, steps: shown.steps.slice(0, 3) }));
    expect((await cli(["followup", "policy", "set", file, "--segment", "corporate"])).code).toBe(0);
    const corporate = JSON.parse(
      (await cli(["followup", "policy", "show", "--segment", "corporate"])).stdout,
    );
    expect(corporate.steps).toHaveLength(3);
    const others = JSON.parse(
      (await cli(["followup", "policy", "show", "--segment", "individual"])).stdout,
    );
    expect(others.steps).toHaveLength(5);
    writeFileSync(file, JSON.stringify({ ...shown, window: { start: "19:00", end: "09:00" } }));
    const bad = await cli(["followup", "policy", "set", file]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("window");
  });
});
