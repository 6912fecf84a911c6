import { z } from "zod";
import { type Actor, audit } from "../kernel/audit.js";
import type { Clock } from "../kernel/clock.js";
import type { Db, Queryable } from "../kernel/db.js";
import { CashloopError } from "../kernel/errors.js";
import type { Ids } from "../kernel/ids.js";
import {
  type ProviderConfig,
  type ProviderEnv,
  parseProviderConfig,
  providerConfigFromEnv,
} from "./providers/config.js";

/** What an organisation stores about its provider: everything but the key. */
export const assistSettingsSchema = z
  .object({
    kind: z.enum(["builtin", "openai", "anthropic"]),
    baseUrl: z.url().optional(),
    model: z.string().min(1).optional(),
    timeoutMs: z.number().int().positive().optional(),
    maxRetries: z.number().int().min(0).optional(),
  })
  .strict();
export type AssistSettings = z.infer<typeof assistSettingsSchema>;

export async function getAssistSettings(
  db: Queryable,
  orgId: string,
): Promise<AssistSettings | null> {
  const [row] = await db.query<{ settings: unknown }>(
    "SELECT settings FROM assist_settings WHERE org_id = $1",
    [orgId],
  );
  return row ? assistSettingsSchema.parse(row.settings) : null;
}

/**
 * The provider for an organisation: its stored settings when it has any (the API key always from
 * the environment: CASHLOOP_ASSIST_API_KEY, else OPENAI_API_KEY / ANTHROPIC_API_KEY), else the
 * environment alone (CASHLOOP_ASSIST_PROVIDER…), else the offline built-in provider.
 */
export function resolveProviderConfig(
  settings: AssistSettings | null,
  env: ProviderEnv,
): ProviderConfig {
  if (!settings) return providerConfigFromEnv(env);
  if (settings.kind === "builtin") return { kind: "builtin" };
  const vendorKey = settings.kind === "openai" ? env.OPENAI_API_KEY : env.ANTHROPIC_API_KEY;
  return parseProviderConfig(
    { ...settings, apiKey: env.CASHLOOP_ASSIST_API_KEY || vendorKey },
    "organisation assist settings (with the API key from the environment)",
  );
}

/** Stores (or, with null, clears) an organisation's provider settings. */
export async function setAssistSettings(
  deps: { db: Db; clock: Clock; ids: Ids },
  input: { orgId: string; settings: unknown | null; actor: Actor },
): Promise<AssistSettings | null> {
  const parsed = input.settings === null ? null : assistSettingsSchema.safeParse(input.settings);
  if (parsed && !parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CashloopError(
      "assist_settings_invalid",
      `assist settings ${issue?.path.join(".") || ""}: ${issue?.message}`,
      {
        field: issue?.path.join(".") ?? "settings",
      },
    );
  }
  const settings = parsed ? parsed.data : null;
  return deps.db.transaction(async (tx) => {
    const before = await getAssistSettings(tx, input.orgId);
    const now = deps.clock.now();
    if (settings === null)
      await tx.query("DELETE FROM assist_settings WHERE org_id = $1", [input.orgId]);
    else {
      await tx.query(
        `INSERT INTO assist_settings (org_id, settings, updated_at) VALUES ($1, $2::text::jsonb, $3)
         ON CONFLICT (org_id) DO UPDATE SET settings = EXCLUDED.settings, updated_at = EXCLUDED.updated_at`,
        [input.orgId, JSON.stringify(settings), now],
      );
    }
    await audit(tx, deps.ids, {
      orgId: input.orgId,
      actor: input.actor,
      action: "assist.settings_updated",
      subjectId: input.orgId,
      before,
      after: settings,
      at: now,
    });
    return settings;
  });
}
