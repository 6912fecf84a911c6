import { cycle } from "../../src/app/followup.js";
import { ingestEmail } from "../../src/app/replies.js";
import { issueInvoices } from "../../src/billing/issue-invoices.js";
import { runBilling } from "../../src/billing/run-billing.js";
import { listInvoices } from "../../src/billing/store.js";
import {
  addDays,
  type CalendarDate,
  type Instant,
  zonedDateTimeToInstant,
} from "../../src/kernel/dates.js";
import type { CurrencyCode } from "../../src/kernel/money.js";
import { createOrganisation } from "../../src/sources/create-organisation.js";
import type { Organisation, SourceKind, SourceRow } from "../../src/sources/model.js";
import type { Engine } from "./engines.js";
import { applyRecords, TEST_ACTOR } from "./fixtures.js";
import { replyTo } from "./reply-email.js";
import { type RecordedEmail, type SmtpRecorder, startSmtpRecorder } from "./smtp-recorder.js";
import { type TestApp, testApp } from "./test-app.js";

const USD = "USD" as CurrencyCode;
const ZONE = "America/New_York";

/**
 * Three customers with one contract each, billed and issued on Monday 2026-11-02: Steady (New
 * York, English, net 30), Azteca (Mexico City, Spanish, net 15, email and WhatsApp) and Sakura
 * (Tokyo, net 30). A real SMTP server records what is sent.
 */
export async function followupWorld(engine: Engine, env: Record<string, string> = {}) {
  const smtp: SmtpRecorder = await startSmtpRecorder();
  const db = await engine.open();
  const app: TestApp = await testApp(
    db,
    zonedDateTimeToInstant("2026-11-02" as CalendarDate, "00:30", ZONE),
    5,
  );
  const org: Organisation = await createOrganisation(app, {
    name: "Brightpath",
    currency: USD,
    timeZone: ZONE,
    locale: "en-US",
    actor: TEST_ACTOR,
  });
  const apply = <K extends SourceKind>(kind: K, records: SourceRow<K>["record"][]) =>
    applyRecords(app, org.id, kind, records);
  await apply("tax-rates", [
    { code: "STD", name: "Std", rateBps: 0, inclusive: false, exempt: false, zeroRated: false },
  ]);
  await apply("products", [
    {
      code: "RET",
      name: "Retainer",
      unit: "month",
      unitPriceMinor: 100_000,
      currency: USD,
      taxCode: "STD",
    },
  ]);
  const customer = (
    externalId: string,
    legalName: string,
    timeZone: string,
    language: string,
    days: number,
    channels: ("email" | "whatsapp")[],
  ) => ({
    externalId,
    legalName,
    taxId: "12-3456789",
    billingAddress: {
      line1: "1 Main St",
      line2: null,
      city: "Town",
      region: null,
      postalCode: "10001",
      country: "US",
    },
    currency: USD,
    language,
    timeZone,
    paymentTerms: { kind: "net" as const, days },
    segment: "small_business" as const,
    preferredChannels: channels,
    payerProfile: null,
  });
  await apply("customers", [
    customer("STEADY", "Steady Client Inc", "America/New_York", "en", 30, ["email"]),
    customer("AZTECA", "Comercial Azteca SA de CV", "America/Mexico_City", "es", 15, [
      "email",
      "whatsapp",
    ]),
    customer("SAKURA", "Sakura Trading KK", "Asia/Tokyo", "en", 30, ["email"]),
  ]);
  await apply("contacts", [
    {
      externalId: "P1",
      customerExternalId: "STEADY",
      name: "Ann Steady",
      role: "billing",
      email: "ap@steady.example",
      phone: null,
      whatsappOptIn: false,
    },
    {
      externalId: "P2",
      customerExternalId: "AZTECA",
      name: "Lucía Pérez",
      role: "billing",
      email: "pagos@azteca.example",
      phone: "+5215512345678",
      whatsappOptIn: true,
    },
    {
      externalId: "P3",
      customerExternalId: "SAKURA",
      name: "Aiko Sato",
      role: "billing",
      email: "ap@sakura.example",
      phone: null,
      whatsappOptIn: false,
    },
  ]);
  await apply(
    "contracts",
    ["STEADY", "AZTECA", "SAKURA"].map((c) => ({
      externalId: `K-${c}`,
      customerExternalId: c,
      schedule: "monthly",
      startOn: "2026-11-01" as CalendarDate,
      endOn: null,
      timing: "advance" as const,
      currency: USD,
      usage: null,
      lines: [{ productCode: "RET", quantity: "1", unitPriceMinor: null, description: null }],
    })),
  );
  await runBilling(app, { org, actor: TEST_ACTOR });
  const drafts = await listInvoices(db, org.id, { statuses: ["review", "draft"] });
  await issueInvoices(app, { org, invoiceIds: drafts.map((d) => d.id), actor: TEST_ACTOR });
  const invoices = await listInvoices(db, org.id, { statuses: ["issued"] });
  const invoiceOf = (customerName: string) => {
    const found = invoices.find((i) => i.customerName.startsWith(customerName));
    if (!found?.number) throw new Error(`no invoice for ${customerName}`);
    return found as typeof found & { number: string };
  };
  const fullEnv = { SMTP_URL: smtp.url, CASHLOOP_PUBLIC_URL: "https://pay.example", ...env };
  const at = (date: string, time: string, zone = ZONE): Instant =>
    zonedDateTimeToInstant(date as CalendarDate, time, zone);
  return {
    app,
    org,
    smtp,
    env: fullEnv,
    invoiceOf,
    at,
    /** One follow-up pass (and dispatch unless `send` is false) at `instant`. */
    async pass(instant: Instant, parts: { followup?: boolean; send?: boolean } = {}) {
      app.setNow(instant);
      return cycle(app, org, fullEnv, {
        bill: false,
        followup: parts.followup ?? true,
        send: parts.send ?? true,
      });
    },
    /** `days` days from `from`: a pass at each of `hours` (org zone; default noon, when New York and Mexico City are open). */
    async days(from: string, days: number, hours: number[] = [12]) {
      for (let d = 0; d < days; d++) {
        const date = addDays(from as CalendarDate, d);
        for (const h of hours) {
          app.setNow(zonedDateTimeToInstant(date, `${String(h).padStart(2, "0")}:00`, ZONE));
          await cycle(app, org, fullEnv, { bill: false, followup: true, send: true });
        }
      }
    },
    /** The addressee of `message` answers it now with `body`; the reply is ingested. */
    reply(message: RecordedEmail, body: string) {
      return ingestEmail(
        app,
        org,
        fullEnv,
        replyTo(message, message.to[0] ?? "", body, app.clock.now()),
      );
    },
    async close() {
      await smtp.close();
      await app.close();
    },
  };
}
