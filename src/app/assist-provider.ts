import { builtinProvider } from "../assist/builtin-provider.js";
import type { AssistProvider } from "../assist/model.js";
import { anthropicProvider } from "../assist/providers/anthropic-provider.js";
import type { ProviderEnv } from "../assist/providers/config.js";
import { openaiProvider } from "../assist/providers/openai-provider.js";
import type { ProviderHooks } from "../assist/providers/remote-call.js";
import { getAssistSettings, resolveProviderConfig } from "../assist/settings.js";
import { audit } from "../kernel/audit.js";
import { monotonicMs } from "../kernel/clock.js";
import type { App } from "./open-app.js";

/**
 * The assist provider for an organisation: its stored settings (`assist config set`), else the
 * environment (CASHLOOP_ASSIST_PROVIDER=builtin|openai|anthropic), else builtin: offline. Every remote model call is written to the audit
 * log with its purpose, model, inputs' hash, output, token counts and duration.
 */
export async function assistProvider(
  app: App,
  env: ProviderEnv,
  orgId: string | null,
): Promise<AssistProvider> {
  const settings = orgId === null ? null : await getAssistSettings(app.db, orgId);
  const config = resolveProviderConfig(settings, env);
  if (config.kind === "builtin") return builtinProvider();
  const hooks: ProviderHooks = {
    nowMs: monotonicMs,
    onCall: async (record) => {
      await audit(app.db, app.ids, {
        orgId,
        actor: { kind: "model", id: `${record.provider}:${record.model}` },
        action: "assist.model_called",
        subjectId: record.inputHash,
        before: null,
        after: record,
        at: app.clock.now(),
      });
    },
  };
  return config.kind === "openai"
    ? openaiProvider(config, hooks)
    : anthropicProvider(config, hooks);
}
