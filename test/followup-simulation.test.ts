/**
 * Sixty days of the demo business, hour by hour, with a real SMTP server recording every
 * delivery. Customers behave as their payer profile says — reacting to the messages they
 * receive — and the test states, per profile, which cadence steps each invoice must receive
 * and compares that with what the SMTP server got.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDemoBusiness } from "../src/app/create-demo-business.js";
import { cycle } from "../src/app/followup.js";
import { ingestEmail } from "../src/app/replies.js";
import { DRAFT_STEPS, type DraftStep } from "../src/assist/model.js";
import { issueInvoices } from "../src/billing/issue-invoices.js";
import { runBilling } from "../src/billing/run-billing.js";
import { listInvoices } from "../src/billing/store.js";
import { DEFAULT_CADENCE } from "../src/followup/cadence-policy.js";
import { pauseCustomer } from "../src/followup/pause.js";
import { listTasks } from "../src/followup/tasks.js";
import { businessCalendar, isBusinessDay } from "../src/kernel/business-calendar.js";
import {
  addDays,
  type CalendarDate,
  type Instant,
  localTimeIn,
  parseInstant,
  zonedDateTimeToInstant,
} from "../src/kernel/dates.js";
import { recordPayment, settlePayment } from "../src/reconcile/record-payment.js";
import type { Organisation } from "../src/sources/model.js";
import { ENGINES } from "./support/engines.js";
import {
  type RecordedEmail,
  type SmtpRecorder,
  startSmtpRecorder,
} from "./support/smtp-recorder.js";
import { type TestApp, testApp } from "./support/test-app.js";

const START = "2026-11-02" as CalendarDate; // a Monday
const DAYS = 60;
const OWNER = { kind: "user", id: "owner" } as const;
const order = (step: string) => DRAFT_STEPS.indexOf(step as DraftStep);

type Customer = {
  id: string;
  name: string;
  profile: string;
  zone: string;
  email: string | null;
  bounces: boolean;
};
type Received = { step: DraftStep; at: Instant; localDate: CalendarDate; message: RecordedEmail };

// The simulation runs once, on PostgreSQL when it is configured (CI), else on PGlite.
const engine = ENGINES.at(-1) ?? ENGINES[0];

describe(`60 days of follow-up over the demo business (${engine?.name})`, () => {
  let smtp: SmtpRecorder;
  let app: TestApp;
  let org: Organisation;
  const customers = new Map<string, Customer>();
  const byEmail = new Map<string, Customer>();
  const received = new Map<string, Received[]>(); // invoice number → steps received
  const invoiceCustomer = new Map<string, string>(); // invoice number → customer id
  const invoiceIds = new Map<string, string>();
  const triggered = new Set<string>(); // "number:profile-action" done once
  const pendingSettlements: { paymentId: string; on: CalendarDate }[] = [];
  let pausedCustomer: string | null = null;
  let pausedAfter: RecordedEmail | null = null;

  beforeAll(async () => {
    if (!engine) throw new Error("no engine");
    smtp = await startSmtpRecorder({
      rejectRecipients: (address) =>
        address.endsWith(".invalid") ? { code: 550, message: "5.1.1 mailbox unavailable" } : null,
    });
    const db = await engine.open();
    app = await testApp(db, zonedDateTimeToInstant(START, "00:00", "America/New_York"), 11);
    await createDemoBusiness(app, { seed: 3, customers: 40, months: 1 });
    org = await app.organisation();
    const rows = await db.query<{
      id: string;
      name: string;
      profile: string;
      zone: string;
      email: string | null;
      terms: { kind: string; days?: number };
    }>(
      `SELECT c.id, c.legal_name AS name, c.payer_profile AS profile, c.time_zone AS zone, c.payment_terms AS terms,
              (SELECT k.email FROM contacts k WHERE k.org_id = c.org_id AND k.customer_id = c.id AND k.email IS NOT NULL
                ORDER BY k.role = 'billing' DESC, k.role = 'primary' DESC, k.external_id LIMIT 1) AS email
         FROM customers c WHERE c.org_id = $1 ORDER BY c.external_id`,
      [org.id],
    );
    for (const r of rows) {
      const c = { ...r, bounces: r.email?.endsWith(".invalid") ?? false };
      customers.set(r.id, c);
      if (r.email) byEmail.set(r.email, c);
    }
    // The owner pauses one late payer after its first message (the "paused" profile).
    const late = rows.filter(
      (r) =>
        (r.profile === "chronically_late" || r.profile === "few_days_late") &&
        r.terms.kind === "net" &&
        (r.terms.days ?? 0) >= 15 &&
        !r.email?.endsWith(".invalid"),
    );
    pausedCustomer = late.at(-1)?.id ?? null;
    const env = { SMTP_URL: smtp.url, CASHLOOP_PUBLIC_URL: "https://pay.brightpath.example" };

    for (let day = 0; day < DAYS; day++) {
      const date = addDays(START, day);
      for (let hour = 0; hour < 24; hour++) {
        app.setNow(
          zonedDateTimeToInstant(date, `${String(hour).padStart(2, "0")}:00`, org.timeZone),
        );
        if (hour === 0) await ownerMorning(day, date);
        if (hour === 6) await settleDue(date);
        const seen = smtp.messages.length;
        await cycle(app, org, env, { bill: false, followup: true, send: true });
        for (const message of smtp.messages.slice(seen)) await react(message, env);
      }
    }
  }, 600_000);

  afterAll(async () => {
    await smtp?.close();
    await app?.close();
  });

  /** 00:00: bill, approve the review tray; on the first day, settle the history. */
  async function ownerMorning(day: number, date: CalendarDate) {
    await runBilling(app, { org, actor: OWNER });
    const tray = await listInvoices(app.db, org.id, { statuses: ["review", "draft"] });
    await issueInvoices(app, { org, invoiceIds: tray.map((i) => i.id), actor: OWNER });
    const issued = await listInvoices(app.db, org.id, { statuses: ["issued"] });
    for (const inv of issued) {
      if (!inv.number) continue;
      invoiceCustomer.set(inv.number, inv.customerId);
      invoiceIds.set(inv.number, inv.id);
      const history =
        day === 0 &&
        inv.kind === "invoice" &&
        inv.balance > 0 &&
        (inv.periods.length === 0 || inv.periods.every((p) => p.end < date));
      if (history) {
        await recordPayment(app, {
          orgId: org.id,
          invoice: inv.id,
          amountMinor: inv.balance,
          receivedOn: date,
          method: "bank_transfer",
          reference: inv.number,
          status: "settled",
          actor: OWNER,
        });
      }
    }
  }

  async function settleDue(date: CalendarDate) {
    for (const s of pendingSettlements.filter((p) => p.on <= date)) {
      await settlePayment(app, { orgId: org.id, paymentId: s.paymentId, actor: OWNER });
    }
    pendingSettlements.splice(
      0,
      pendingSettlements.length,
      ...pendingSettlements.filter((p) => p.on > date),
    );
  }

  async function payFull(number: string, how: "settled" | "pending") {
    const id = invoiceIds.get(number) as string;
    const [inv] = await listInvoices(app.db, org.id, { ids: [id] });
    if (!inv || inv.balance === 0) return;
    const paid = await recordPayment(app, {
      orgId: org.id,
      invoice: id,
      amountMinor: inv.balance,
      receivedOn: localTimeIn(org.timeZone, app.clock.now()).date,
      method: how === "pending" ? "card" : "bank_transfer",
      reference: number,
      status: how,
      actor: OWNER,
    });
    if (how === "pending") {
      pendingSettlements.push({
        paymentId: paid.paymentId,
        on: addDays(localTimeIn(org.timeZone, app.clock.now()).date, 2),
      });
    }
  }

  /** The customer reads the message (an hour later) and does what its profile does. */
  async function react(message: RecordedEmail, env: Record<string, string>) {
    const customer = byEmail.get(message.to[0] ?? "");
    if (!customer) throw new Error(`a message to an unknown address: ${message.to.join()}`);
    const steps = (message.headers.get("x-cashloop-steps") ?? "").split(", ").map((pair) => {
      const [number, step] = pair.split("=");
      return { number: number as string, step: step as DraftStep };
    });
    const now = app.clock.now();
    for (const s of steps) {
      const list = received.get(s.number) ?? [];
      list.push({
        step: s.step,
        at: parseInstant(message.date ?? now),
        localDate: localTimeIn(customer.zone, parseInstant(message.date ?? now)).date,
        message,
      });
      received.set(s.number, list);
    }
    if (customer.id === pausedCustomer) {
      if (!pausedAfter) {
        pausedAfter = message;
        await pauseCustomer(app, {
          orgId: org.id,
          customer: customer.id,
          reason: "owner talks to them",
          until: null,
          actor: OWNER,
        });
      }
      return;
    }
    for (const s of steps) {
      const once = (what: string) => {
        const key = `${s.number}:${what}`;
        if (triggered.has(key)) return false;
        triggered.add(key);
        return true;
      };
      const at = order(s.step);
      switch (customer.profile) {
        case "punctual":
        case "bank_transfer_messy_reference":
          if (at >= 1 && once("pay")) await payFull(s.number, "settled");
          break;
        case "card_payer":
          if (at >= 1 && once("pay")) await payFull(s.number, "pending");
          break;
        case "few_days_late":
          if (at >= 3 && once("pay")) await payFull(s.number, "settled");
          break;
        case "partial_payer":
          if (at >= 2 && once("pay")) {
            const id = invoiceIds.get(s.number) as string;
            const [inv] = await listInvoices(app.db, org.id, { ids: [id] });
            await recordPayment(app, {
              orgId: org.id,
              invoice: id,
              amountMinor: Math.floor((inv?.balance ?? 2) / 2),
              receivedOn: localTimeIn(org.timeZone, now).date,
              method: "bank_transfer",
              reference: s.number,
              status: "settled",
              actor: OWNER,
            });
          }
          break;
        case "disputer":
          if (at >= 2 && once(`dispute:${message.messageId}`))
            await disputeReply(customer, message, env);
          break;
      }
    }
  }

  async function disputeReply(
    customer: Customer,
    message: RecordedEmail,
    env: Record<string, string>,
  ) {
    const spanish = message.text.includes("factura");
    const body = spanish
      ? "Hola, no estamos de acuerdo con el importe de esta factura: el precio acordado era menor. No vamos a pagarla así."
      : "Hello, we dispute this invoice: the amount is wrong, we agreed a lower price. We will not pay it as it is.";
    const raw = [
      `From: ${customer.email}`,
      `To: ${message.replyTo}`,
      `Subject: Re: ${message.subject}`,
      `Message-ID: <dispute-${triggered.size}@customer.example>`,
      `In-Reply-To: ${message.messageId}`,
      `References: ${[...message.references, message.messageId].join(" ")}`,
      `Date: ${new Date(Date.parse(app.clock.now())).toUTCString()}`,
      "Content-Type: text/plain; charset=utf-8",
      "",
      body,
      "",
    ].join("\r\n");
    await ingestEmail(app, org, env, raw);
  }

  const calendar = businessCalendar({ weekendDays: [6, 0] });
  const stepDate = (number: string, step: DraftStep): CalendarDate => {
    const first = received.get(number)?.[0]?.message;
    void first;
    return dueDates.get(number)?.[step] as CalendarDate;
  };
  const dueDates = new Map<string, Record<DraftStep, CalendarDate>>();

  async function loadStepDates() {
    const all = await listInvoices(app.db, org.id, { statuses: ["issued"] });
    for (const inv of all) {
      if (!inv.number || !inv.issueDate || !inv.dueDate) continue;
      const dates = {} as Record<DraftStep, CalendarDate>;
      for (const s of DEFAULT_CADENCE.steps) {
        dates[s.step] = addDays(s.step === "invoice" ? inv.issueDate : inv.dueDate, s.offsetDays);
      }
      dueDates.set(inv.number, dates);
    }
  }

  /** Invoices of a profile whose step `step` fell well inside the run (its outcome is known). */
  function settledInvoices(profile: string, step: DraftStep): string[] {
    const end = addDays(START, DAYS - 5);
    return [...received.keys()].filter((number) => {
      const c = customers.get(invoiceCustomer.get(number) ?? "");
      return c?.profile === profile && c.id !== pausedCustomer && stepDate(number, step) <= end;
    });
  }

  it("sends inside each customer's window, on business days, each outbox key once", async () => {
    const byProfile = new Map<string, string[]>();
    for (const [number, list] of received) {
      const c = customers.get(invoiceCustomer.get(number) ?? "");
      const profile = c?.id === pausedCustomer ? "paused" : (c?.profile ?? "?");
      byProfile.set(profile, [
        ...(byProfile.get(profile) ?? []),
        `${number}: ${list.map((r) => r.step).join(" → ")}`,
      ]);
    }
    console.log(
      `${smtp.messages.length} emails delivered in ${DAYS} days\n` +
        [...byProfile].map(([p, lines]) => `${p}\n  ${lines.slice(0, 4).join("\n  ")}`).join("\n"),
    );
    expect(smtp.messages.length).toBeGreaterThan(40);
    const keys = smtp.messages.map((m) => m.xKey);
    expect(new Set(keys).size).toBe(keys.length);
    const zones = new Set<string>();
    for (const m of smtp.messages) {
      const c = byEmail.get(m.to[0] ?? "") as Customer;
      const local = localTimeIn(c.zone, parseInstant(m.date as string));
      expect(isBusinessDay(local.date, calendar), `${m.xKey} on ${local.date}`).toBe(true);
      expect(local.hour, `${m.xKey} at ${local.hour}h in ${c.zone}`).toBeGreaterThanOrEqual(9);
      expect(local.hour).toBeLessThan(18);
      zones.add(c.zone);
    }
    expect(zones).toContain("Asia/Tokyo");
    expect(zones).toContain("America/Mexico_City");
  });

  it("each message carries the latest step due for each invoice, in cadence order, never twice", async () => {
    await loadStepDates();
    for (const [number, list] of received) {
      const steps = list.map((r) => order(r.step));
      expect(steps, number).toEqual([...steps].sort((a, b) => a - b));
      expect(new Set(steps).size, number).toBe(steps.length);
      for (const [i, r] of list.entries()) {
        const dates = dueDates.get(number) as Record<DraftStep, CalendarDate>;
        // Before the invoice has gone out, reminders dated on or before its issue date are
        // part of the invoice itself (terms shorter than the reminder's offset).
        const due = DEFAULT_CADENCE.steps
          .filter((s) => dates[s.step] <= r.localDate)
          .filter((s) => i > 0 || s.step === "invoice" || dates[s.step] > dates.invoice)
          .map((s) => s.step);
        expect(r.step, `${number} on ${r.localDate}`).toBe(due.at(-1));
      }
      // The first message about an invoice carries its PDF and UBL XML.
      const first = list[0]?.message;
      expect(first?.attachments.map((a) => a.filename).sort(), number).toEqual(
        expect.arrayContaining([`${number}.pdf`, `${number}.xml`]),
      );
    }
  });

  it("punctual, card and messy-reference payers: nothing after the first reminder they paid on", () => {
    for (const profile of ["punctual", "card_payer", "bank_transfer_messy_reference"]) {
      const numbers = settledInvoices(profile, "before_due");
      expect(numbers.length, profile).toBeGreaterThan(0);
      for (const n of numbers) {
        const steps = (received.get(n) ?? []).map((r) => r.step);
        expect(
          steps.filter((s) => order(s) >= 1),
          `${profile} ${n}: ${steps}`,
        ).toHaveLength(1);
      }
    }
  });

  it("few-days-late payers: reminders through the first overdue one, then nothing", () => {
    const numbers = settledInvoices("few_days_late", "overdue_7");
    expect(numbers.length).toBeGreaterThan(0);
    for (const n of numbers) {
      const steps = (received.get(n) ?? []).map((r) => r.step);
      expect(
        steps.filter((s) => order(s) >= 3),
        `${n}: ${steps}`,
      ).toHaveLength(1);
      expect(steps.at(-1), n).toBe("overdue_3");
    }
  });

  it("chronically late payers: the whole cadence, then a person takes over", async () => {
    const numbers = settledInvoices("chronically_late", "overdue_7");
    expect(numbers.length).toBeGreaterThan(0);
    const handovers = await listTasks(app.db, org.id, { kind: "handover" });
    for (const n of numbers) {
      const steps = (received.get(n) ?? []).map((r) => r.step);
      expect(steps.at(-1), `${n}: ${steps}`).toBe("overdue_7");
      expect(
        handovers.some((t) => t.invoiceId === invoiceIds.get(n)),
        n,
      ).toBe(true);
    }
  });

  it("partial payers: paused after the part payment, with a task to confirm the rest", async () => {
    const numbers = settledInvoices("partial_payer", "overdue_3");
    expect(numbers.length).toBeGreaterThan(0);
    const tasks = await listTasks(app.db, org.id, { kind: "partial_payment" });
    for (const n of numbers) {
      const steps = (received.get(n) ?? []).map((r) => r.step);
      expect(
        steps.filter((s) => order(s) >= 2),
        `${n}: ${steps}`,
      ).toHaveLength(1);
      expect(
        tasks.some((t) => t.invoiceId === invoiceIds.get(n)),
        n,
      ).toBe(true);
    }
  });

  it("disputers: stopped after their reply, with a task", async () => {
    const numbers = settledInvoices("disputer", "overdue_3");
    expect(numbers.length).toBeGreaterThan(0);
    const tasks = [
      ...(await listTasks(app.db, org.id, { kind: "dispute" })),
      ...(await listTasks(app.db, org.id, { kind: "correction_request" })),
    ];
    for (const n of numbers) {
      const steps = (received.get(n) ?? []).map((r) => r.step);
      expect(
        steps.filter((s) => order(s) >= 2),
        `${n}: ${steps}`,
      ).toHaveLength(1);
      expect(
        tasks.some(
          (t) => t.invoiceId === invoiceIds.get(n) || t.customerId === invoiceCustomer.get(n),
        ),
        n,
      ).toBe(true);
    }
  });

  it("a customer the owner paused gets nothing after the pause", () => {
    expect(pausedCustomer).not.toBeNull();
    const to = customers.get(pausedCustomer as string)?.email;
    expect(smtp.messages.filter((m) => m.to.includes(to as string))).toEqual([pausedAfter]);
  });

  it("a bounced address gets nothing, its contact is marked bad and a person is told", async () => {
    const bouncing = [...customers.values()].filter((c) => c.bounces);
    expect(bouncing.length).toBeGreaterThan(0);
    const tasks = await listTasks(app.db, org.id, { kind: "bounced_contact" });
    const withInvoices = bouncing.filter((c) => [...invoiceCustomer.values()].includes(c.id));
    expect(withInvoices.length).toBeGreaterThan(0);
    for (const c of withInvoices) {
      expect(smtp.messages.filter((m) => m.to.includes(c.email as string))).toEqual([]);
      expect(
        tasks.some((t) => t.customerId === c.id),
        c.name,
      ).toBe(true);
    }
  });
});
