/**
 * The stop and pause rules, each against a real SMTP exchange: what a customer does (pays,
 * replies, bounces…) and what they then receive, or do not.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { cycle } from "../src/app/followup.js";
import { ingestEmail } from "../src/app/replies.js";
import { listOutbox } from "../src/delivery/outbox-store.js";
import { pauseInvoice } from "../src/followup/pause.js";
import { switchContact } from "../src/followup/switch-contact.js";
import { completeTask, listTasks } from "../src/followup/tasks.js";
import { listAudit } from "../src/kernel/audit.js";
import type { CalendarDate } from "../src/kernel/dates.js";
import { recordPayment } from "../src/reconcile/record-payment.js";
import { ENGINES } from "./support/engines.js";
import { TEST_ACTOR } from "./support/fixtures.js";
import { followupWorld } from "./support/followup-world.js";
import { bounceOf } from "./support/reply-email.js";

type World = Awaited<ReturnType<typeof followupWorld>>;

describe.each(ENGINES)("follow-up rules on $name", (engine) => {
  let w: World;
  afterEach(async () => {
    await w?.close();
  });

  const sentTo = (address: string) => w.smtp.messages.filter((m) => m.to.includes(address));
  const stepsTo = (address: string) =>
    sentTo(address).map((m) => m.headers.get("x-cashloop-steps")?.split("=")[1]);

  it("a payment recorded after a reminder was queued but before dispatch: the reminder is not sent", async () => {
    w = await followupWorld(engine);
    await w.days("2026-11-02", 1);
    expect(stepsTo("ap@steady.example")).toEqual(["invoice"]);
    const steady = w.invoiceOf("Steady");
    const queued = await w.pass(w.at("2026-11-30", "10:00"), { send: false });
    expect(queued.followup.queued).toBeGreaterThan(0);
    await recordPayment(w.app, {
      orgId: w.org.id,
      invoice: steady.number,
      amountMinor: steady.total,
      receivedOn: "2026-11-30" as CalendarDate,
      method: "bank_transfer",
      reference: steady.number,
      status: "settled",
      actor: TEST_ACTOR,
    });
    const sent = await w.pass(w.at("2026-11-30", "10:05"), { followup: false });
    expect(sent.sent.sent).toBe(0);
    expect(stepsTo("ap@steady.example")).toEqual(["invoice"]);
    const [row] = await listOutbox(w.app.db, w.org.id, {
      invoiceId: steady.id,
      status: ["cancelled"],
    });
    expect(row?.statusReason).toContain(`${steady.number} is paid or credited in full`);
    await w.days("2026-11-30", 14);
    expect(stepsTo("ap@steady.example")).toEqual(["invoice"]);
  });

  it("a pending card payment, or a reply that arrived, holds a queued reminder", async () => {
    w = await followupWorld(engine);
    await w.days("2026-11-02", 1);
    const azteca = w.invoiceOf("Comercial Azteca");
    await w.pass(w.at("2026-11-16", "12:00"), { send: false });
    const [invoiceMail] = sentTo("pagos@azteca.example");
    w.app.setNow(w.at("2026-11-16", "12:10"));
    // An automatic reply without a return date changes no rule, but it did arrive after the
    // reminder was queued: the reminder is held.
    const ooo = await w.reply(invoiceMail!, "Respuesta automática: estoy fuera de la oficina.");
    expect(ooo).toMatchObject({ label: "out_of_office", action: "noted: an automatic reply" });
    await w.pass(w.at("2026-11-16", "12:20"), { followup: false });
    const held = await listOutbox(w.app.db, w.org.id, {
      invoiceId: azteca.id,
      status: ["cancelled"],
    });
    expect(held.map((r) => r.statusReason)).toEqual([
      "the customer replied after this message was queued",
    ]);
    expect(stepsTo("pagos@azteca.example")).toEqual(["invoice"]);

    const steady = w.invoiceOf("Steady");
    await w.pass(w.at("2026-11-30", "10:00"), { send: false });
    await recordPayment(w.app, {
      orgId: w.org.id,
      invoice: steady.number,
      amountMinor: steady.total,
      receivedOn: "2026-11-30" as CalendarDate,
      method: "card",
      reference: null,
      status: "pending",
      actor: TEST_ACTOR,
    });
    await w.pass(w.at("2026-11-30", "10:05"), { followup: false });
    const cancelled = await listOutbox(w.app.db, w.org.id, {
      invoiceId: steady.id,
      status: ["cancelled"],
    });
    expect(cancelled.map((r) => r.statusReason)).toEqual([
      `a payment for ${steady.number} is pending`,
    ]);
  });

  it('"ya pagué, adjunto comprobante" pauses reminders and opens a check; done → they resume', async () => {
    w = await followupWorld(engine);
    await w.days("2026-11-02", 1);
    const azteca = w.invoiceOf("Comercial Azteca");
    const [invoiceMail] = sentTo("pagos@azteca.example");
    w.app.setNow(w.at("2026-11-03", "11:00"));
    const outcome = await w.reply(invoiceMail!, "Hola, ya pagué, adjunto comprobante.");
    expect(outcome).toMatchObject({
      label: "paid_claim",
      linkedBy: "reply_token",
      invoices: [azteca.number],
    });
    const [check] = await listTasks(w.app.db, w.org.id, { kind: "paid_claim" });
    expect(check?.invoiceId).toBe(azteca.id);
    expect(check?.summary).toContain(azteca.number);
    await w.days("2026-11-03", 20);
    expect(stepsTo("pagos@azteca.example")).toEqual(["invoice"]);
    // Nothing arrived: the person resumes the reminders; the latest step due goes out (the
    // missed ones are not sent late), then the cadence goes on.
    await completeTask(w.app, {
      orgId: w.org.id,
      id: check!.id,
      resolution: "no payment found",
      resume: true,
      actor: TEST_ACTOR,
    });
    await w.days("2026-11-23", 3);
    expect(stepsTo("pagos@azteca.example")).toEqual(["invoice", "overdue_3", "overdue_7"]);
  });

  it("a promise with a date pauses until that date plus grace, then resumes and records the broken promise", async () => {
    w = await followupWorld(engine);
    await w.days("2026-11-02", 16); // through the due date, 2026-11-17
    expect(stepsTo("pagos@azteca.example")).toEqual(["invoice", "before_due", "due_today"]);
    const azteca = w.invoiceOf("Comercial Azteca");
    const last = sentTo("pagos@azteca.example").at(-1)!;
    w.app.setNow(w.at("2026-11-18", "09:00"));
    const outcome = await w.reply(last, "Hola, les pagamos el 25 de noviembre sin falta. Saludos.");
    expect(outcome.label).toBe("promise_to_pay");
    expect(outcome.action).toContain("2026-11-27"); // 25 + 2 days' grace
    await w.days("2026-11-18", 9); // through the 26th: nothing
    expect(stepsTo("pagos@azteca.example")).toEqual(["invoice", "before_due", "due_today"]);
    await w.days("2026-11-27", 2);
    expect(stepsTo("pagos@azteca.example")).toEqual([
      "invoice",
      "before_due",
      "due_today",
      "overdue_7",
    ]);
    const broken = await listAudit(w.app.db, {
      orgId: w.org.id,
      action: "followup.promise_broken",
    });
    expect(broken.map((a) => a.subjectId)).toEqual([azteca.id]);
  });

  it("out of office with a return date delays reminders to that date", async () => {
    w = await followupWorld(engine);
    await w.days("2026-11-02", 29); // through 2026-11-30: invoice, before_due
    expect(stepsTo("ap@steady.example")).toEqual(["invoice", "before_due"]);
    w.app.setNow(w.at("2026-11-30", "15:00"));
    const outcome = await w.reply(
      sentTo("ap@steady.example").at(-1)!,
      "I am out of the office until December 8 with limited access to email. I will respond when I return.",
    );
    expect(outcome.label).toBe("out_of_office");
    await w.days("2026-12-01", 7); // due day (12-02) and +3 (12-07) pass in silence
    expect(stepsTo("ap@steady.example")).toEqual(["invoice", "before_due"]);
    await w.days("2026-12-08", 1);
    expect(stepsTo("ap@steady.example")).toEqual(["invoice", "before_due", "overdue_3"]);
  });

  it("unsubscribe stops that channel for that contact; with no other channel a person is told", async () => {
    w = await followupWorld(engine);
    await w.days("2026-11-02", 1);
    w.app.setNow(w.at("2026-11-03", "10:00"));
    const outcome = await w.reply(
      sentTo("ap@steady.example")[0]!,
      "Please unsubscribe me from these emails. Stop sending them.",
    );
    expect(outcome.label).toBe("unsubscribe");
    await w.days("2026-11-03", 30);
    expect(stepsTo("ap@steady.example")).toEqual(["invoice"]);
    const tasks = await listTasks(w.app.db, w.org.id, { kind: "no_channel" });
    expect(tasks.map((t) => t.invoiceId)).toEqual([w.invoiceOf("Steady").id]);
  });

  it("wrong contact: paused, and a task carries the new contact; once confirmed, reminders go there", async () => {
    w = await followupWorld(engine);
    await w.days("2026-11-02", 1);
    w.app.setNow(w.at("2026-11-03", "10:00"));
    const outcome = await w.reply(
      sentTo("ap@steady.example")[0]!,
      "I no longer handle invoices at Steady. Please contact Maria Lopez at maria.lopez@steady.example instead.",
    );
    expect(outcome.label).toBe("wrong_contact");
    const [task] = await listTasks(w.app.db, w.org.id, { kind: "wrong_contact" });
    expect(task?.data).toMatchObject({ newContact: { email: "maria.lopez@steady.example" } });
    await w.days("2026-11-03", 26);
    expect(stepsTo("ap@steady.example")).toEqual(["invoice"]);
    // A person confirms: Maria becomes the billing contact and the reminders go to her.
    await switchContact(w.app, {
      orgId: w.org.id,
      taskId: task!.id,
      resolution: "confirmed by phone",
      actor: TEST_ACTOR,
    });
    await w.days("2026-11-29", 4);
    expect(stepsTo("ap@steady.example")).toEqual(["invoice"]);
    expect(stepsTo("maria.lopez@steady.example")).toEqual(["before_due", "due_today"]);
  });

  it("a reply nobody can read with confidence pauses and goes to a person", async () => {
    w = await followupWorld(engine);
    await w.days("2026-11-02", 1);
    w.app.setNow(w.at("2026-11-03", "10:00"));
    const outcome = await w.reply(sentTo("ap@steady.example")[0]!, "ok");
    expect(outcome.taskId).not.toBeNull();
    const tasks = await listTasks(w.app.db, w.org.id, {});
    expect(tasks.map((t) => t.kind)).toEqual([expect.stringMatching(/unclear_reply|question/)]);
    await w.days("2026-11-03", 30);
    expect(stepsTo("ap@steady.example")).toEqual(["invoice"]);
  });

  it("a bounced email marks the contact bad, tells a person, and the next reminder goes by WhatsApp", async () => {
    const graph = await fakeGraph();
    try {
      w = await followupWorld(engine, {
        WHATSAPP_ACCESS_TOKEN: "EAAG-test",
        WHATSAPP_PHONE_NUMBER_ID: "1234567890",
        WHATSAPP_API_BASE: graph.url,
      });
      await w.days("2026-11-02", 1);
      const invoiceMail = sentTo("pagos@azteca.example")[0]!;
      w.app.setNow(w.at("2026-11-02", "18:00"));
      const bounce = await ingestEmail(
        w.app,
        w.org,
        w.env,
        bounceOf(invoiceMail, "pagos@azteca.example", w.app.clock.now()),
      );
      expect(bounce).toMatchObject({ kind: "bounce", linkedBy: "thread" });
      const [task] = await listTasks(w.app.db, w.org.id, { kind: "bounced_contact" });
      expect(task?.customerId).toBeDefined();
      await w.days("2026-11-03", 14); // the invoice again, now by WhatsApp, then before_due (16th)
      expect(sentTo("pagos@azteca.example")).toHaveLength(1);
      const azteca = w.invoiceOf("Comercial Azteca");
      expect(graph.requests.map((r) => r.body.to)).toEqual(["5215512345678", "5215512345678"]);
      expect(graph.requests[0]?.body.template.language.code).toBe("es");
      expect(JSON.stringify(graph.requests[0]?.body.template.components)).toContain(azteca.number);
      expect(graph.requests.every((r) => r.auth === "Bearer EAAG-test")).toBe(true);
    } finally {
      await graph.close();
    }
  });

  it("a customer in Tokyo and one in Mexico City are messaged inside their own windows on the same day's run", async () => {
    w = await followupWorld(engine);
    w.app.asOfDate = "2026-11-02" as CalendarDate;
    await cycle(w.app, w.org, w.env, { bill: false, followup: true, send: true });
    const local = (address: string, zone: string) =>
      sentTo(address).map((m) =>
        new Intl.DateTimeFormat("en-GB", {
          timeZone: zone,
          hour: "2-digit",
          hourCycle: "h23",
        }).format(Date.parse(m.date!)),
      );
    const tokyo = local("ap@sakura.example", "Asia/Tokyo");
    const mexico = local("pagos@azteca.example", "America/Mexico_City");
    expect(tokyo).toHaveLength(1);
    expect(mexico).toHaveLength(1);
    for (const hour of [...tokyo, ...mexico]) {
      expect(Number(hour)).toBeGreaterThanOrEqual(9);
      expect(Number(hour)).toBeLessThan(18);
    }
  });

  it("after days with the system off, only the latest step goes out; a step too old is skipped, logged, and a person takes over", async () => {
    w = await followupWorld(engine);
    await w.days("2026-11-02", 1);
    await w.days("2026-12-10", 1); // off from the 3rd: before_due, due_today, overdue_3 missed
    expect(stepsTo("ap@steady.example")).toEqual(["invoice", "overdue_7"]);
    const steps = await w.app.db.query<{ step: string; status: string; reason: string | null }>(
      `SELECT step, status, reason FROM followup_steps WHERE invoice_id = $1 ORDER BY due_on, step`,
      [w.invoiceOf("Steady").id],
    );
    expect(steps.filter((s) => s.status === "skipped").map((s) => s.reason)).toEqual([
      "superseded",
      "superseded",
      "superseded",
    ]);
    // Tokyo's customer: off until the 20th, so overdue_7 (Dec 9) is 11 days late.
    await w.days("2026-12-20", 1, [20]);
    expect(
      sentTo("ap@sakura.example").map((m) => m.headers.get("x-cashloop-steps")?.split("=")[1]),
    ).toEqual([]);
    const skipped = await listAudit(w.app.db, { orgId: w.org.id, action: "followup.step_skipped" });
    expect(skipped.map((a) => a.subjectId)).toContain(w.invoiceOf("Sakura").id);
    const handovers = await listTasks(w.app.db, w.org.id, { kind: "handover" });
    expect(handovers.map((t) => t.invoiceId)).toContain(w.invoiceOf("Sakura").id);
  });

  it("an invoice paused by the owner until a date is quiet until then", async () => {
    w = await followupWorld(engine);
    await w.days("2026-11-02", 1);
    const steady = w.invoiceOf("Steady");
    w.app.setNow(w.at("2026-11-25", "09:00"));
    await pauseInvoice(w.app, {
      orgId: w.org.id,
      invoice: steady.number,
      reason: "owner agreed a call",
      until: "2026-12-03" as CalendarDate,
      actor: TEST_ACTOR,
    });
    await w.days("2026-11-25", 8); // before_due (11-30) and due day (12-02) in silence
    expect(stepsTo("ap@steady.example")).toEqual(["invoice"]);
    await w.days("2026-12-03", 1);
    expect(stepsTo("ap@steady.example")).toEqual(["invoice", "due_today"]);
  });

  it("an e-invoice the customer's system rejected holds reminders and opens a task", async () => {
    w = await followupWorld(engine);
    await w.days("2026-11-02", 1);
    const steady = w.invoiceOf("Steady");
    await w.pass(w.at("2026-11-30", "10:00"), { send: false });
    await w.app.db.query(
      `INSERT INTO einvoice_responses (org_id, invoice_id, status, reason, received_at) VALUES ($1, $2, 'rejected', 'BT-10 missing', $3)`,
      [w.org.id, steady.id, w.app.clock.now()],
    );
    await w.pass(w.at("2026-11-30", "10:05"));
    expect(stepsTo("ap@steady.example")).toEqual(["invoice"]);
    const [row] = await listOutbox(w.app.db, w.org.id, {
      invoiceId: steady.id,
      status: ["cancelled"],
    });
    expect(row?.statusReason).toContain("rejected the e-invoice");
    expect((await listTasks(w.app.db, w.org.id, { kind: "einvoice_rejected" })).length).toBe(1);
  });
});

type GraphBody = {
  to: string;
  template: { name: string; language: { code: string }; components: unknown[] };
};
type GraphRequest = { path: string; auth: string | undefined; body: GraphBody };

/** A local server that answers like the WhatsApp Cloud API's messages endpoint. */
async function fakeGraph(): Promise<{
  url: string;
  requests: GraphRequest[];
  close(): Promise<void>;
}> {
  const requests: GraphRequest[] = [];
  const server: Server = createServer((req, res) => {
    let text = "";
    req.on("data", (c) => (text += c));
    req.on("end", () => {
      requests.push({
        path: req.url ?? "",
        auth: req.headers.authorization,
        body: JSON.parse(text),
      });
      res.setHeader("content-type", "application/json");
      res.end(
        JSON.stringify({
          messaging_product: "whatsapp",
          contacts: [{ input: "x", wa_id: "x" }],
          messages: [{ id: `wamid.${requests.length}` }],
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
