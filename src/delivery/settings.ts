/**
 * Each organisation's sender settings: the From address and name, the domain replies come back
 * to, and the WhatsApp template names. Secrets (SMTP password, API tokens) never live here:
 * they come from the environment.
 */
import { z } from "zod";
import type { Instant } from "../kernel/dates.js";
import type { Queryable } from "../kernel/db.js";
import { CashloopError } from "../kernel/errors.js";

export const deliverySettingsSchema = z.strictObject({
  fromName: z.string().min(1).max(120).nullable(),
  fromAddress: z.email(),
  /** Replies go to `reply+<token>@<replyDomain>`; default: the From address's domain. */
  replyDomain: z
    .string()
    .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, "a domain name")
    .nullable(),
  whatsappTemplates: z.strictObject({ invoice: z.string().min(1), reminder: z.string().min(1) }),
  whatsappLanguage: z.strictObject({ en: z.string().min(2), es: z.string().min(2) }),
});
export type DeliverySettings = z.infer<typeof deliverySettingsSchema>;

export function defaultDeliverySettings(org: { slug: string; name: string }): DeliverySettings {
  return {
    fromName: org.name,
    fromAddress: `billing@${org.slug}.example.com`,
    replyDomain: null,
    whatsappTemplates: { invoice: "invoice_issued", reminder: "payment_reminder" },
    whatsappLanguage: { en: "en", es: "es" },
  };
}

export async function getDeliverySettings(
  db: Queryable,
  org: { id: string; slug: string; name: string },
): Promise<DeliverySettings> {
  const [row] = await db.query<{ settings: unknown }>(
    `SELECT settings FROM delivery_settings WHERE org_id = $1`,
    [org.id],
  );
  return row ? deliverySettingsSchema.parse(row.settings) : defaultDeliverySettings(org);
}

export async function saveDeliverySettings(
  db: Queryable,
  org: { id: string; slug: string; name: string },
  changes: Partial<Record<"fromName" | "fromAddress" | "replyDomain", string | null>>,
  now: Instant,
): Promise<DeliverySettings> {
  const merged = { ...(await getDeliverySettings(db, org)), ...changes };
  const parsed = deliverySettingsSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? "settings");
    throw new CashloopError("settings_invalid", `${field}: ${issue?.message ?? "invalid"}`, {
      field,
    });
  }
  await db.query(
    `INSERT INTO delivery_settings (org_id, settings, updated_at) VALUES ($1, $2::text::jsonb, $3)
     ON CONFLICT (org_id) DO UPDATE SET settings = EXCLUDED.settings, updated_at = EXCLUDED.updated_at`,
    [org.id, JSON.stringify(parsed.data), now],
  );
  return parsed.data;
}

/** `billing@acme.example` → the reply address for one message's token. */
export function replyAddress(settings: DeliverySettings, token: string): string {
  const domain = settings.replyDomain ?? settings.fromAddress.split("@")[1];
  return `reply+${token}@${domain}`;
}

/** The token in `reply+<token>@…` among some addresses, if any. */
export function replyTokenIn(addresses: readonly string[]): string | null {
  for (const address of addresses) {
    const match = /^reply\+([A-Za-z0-9_-]{16,64})@/i.exec(address.trim());
    if (match?.[1]) return match[1];
  }
  return null;
}
