/**
 * Which model provider an organisation uses for the assist tasks, and how to reach it. The same
 * schema reads an organisation's stored settings (`parseProviderConfig`) and the process
 * environment (`providerConfigFromEnv`, the environment passed in: nothing here reads
 * `process.env`). An API key never appears in an error message.
 */
import { z } from "zod";
import { CashloopError } from "../../kernel/errors.js";

export const PROVIDER_KINDS = ["builtin", "openai", "anthropic"] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

/** 10 minutes, the SDKs' own default; a provider call never waits longer for one response. */
export const providerTimeoutMsMax = 600_000;
export const providerRetriesMax = 10;
export const providerTimeoutMsDefault = 60_000;
export const providerRetriesDefault = 2;
export const anthropicBaseUrlDefault = "https://api.anthropic.com";
export const openaiBaseUrlDefault = "https://api.openai.com/v1";

const httpUrl = z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, ""));
const timeoutMs = z.number().int().min(1).max(providerTimeoutMsMax);
const maxRetries = z.number().int().min(0).max(providerRetriesMax);
const secret = z.string().trim().min(1, "must not be empty");
const modelName = z.string().trim().min(1, "must not be empty");

export const providerConfigSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("builtin") }),
  z.strictObject({
    kind: z.literal("openai"),
    /** Any OpenAI-compatible endpoint: OpenAI, Ollama (http://127.0.0.1:11434/v1), vLLM, llama.cpp. */
    baseUrl: httpUrl,
    /** Local servers ignore it; give them any placeholder, e.g. "ollama". */
    apiKey: secret,
    model: modelName,
    timeoutMs: timeoutMs.optional(),
    maxRetries: maxRetries.optional(),
  }),
  z.strictObject({
    kind: z.literal("anthropic"),
    baseUrl: httpUrl.optional(),
    apiKey: secret,
    model: modelName,
    timeoutMs: timeoutMs.optional(),
    maxRetries: maxRetries.optional(),
  }),
]);

export type ProviderConfig = z.infer<typeof providerConfigSchema>;
export type OpenAiProviderConfig = Extract<ProviderConfig, { kind: "openai" }>;
export type AnthropicProviderConfig = Extract<ProviderConfig, { kind: "anthropic" }>;

function configInvalid(
  source: string,
  error: z.ZodError,
  names: Readonly<Record<string, string>> = {},
): CashloopError {
  const problems = error.issues.map((issue) => {
    const path = issue.path.join(".") || "(config)";
    return `${names[path] ?? path}: ${issue.message}`;
  });
  return new CashloopError(
    "assist_config_invalid",
    `${source}: ${problems.length} problem${problems.length === 1 ? "" : "s"}\n${problems.join("\n")}`,
    { file: source },
  );
}

/** An organisation's stored provider settings → a checked config; throws `assist_config_invalid`. */
export function parseProviderConfig(
  input: unknown,
  source = "assist provider config",
): ProviderConfig {
  const parsed = providerConfigSchema.safeParse(input);
  if (!parsed.success) throw configInvalid(source, parsed.error);
  return parsed.data;
}

export type ProviderEnv = Readonly<Record<string, string | undefined>>;

function envValue(env: ProviderEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** A whole number from the environment; text that is not one is passed on so zod reports it. */
function envInteger(env: ProviderEnv, name: string): number | string | undefined {
  const value = envValue(env, name);
  if (value === undefined) return undefined;
  return /^\d+$/.test(value) ? Number(value) : value;
}

const ENV_NAMES: Readonly<Record<string, string>> = {
  kind: "CASHLOOP_ASSIST_PROVIDER",
  baseUrl: "CASHLOOP_ASSIST_BASE_URL",
  apiKey: "CASHLOOP_ASSIST_API_KEY",
  model: "CASHLOOP_ASSIST_MODEL",
  timeoutMs: "CASHLOOP_ASSIST_TIMEOUT_MS",
  maxRetries: "CASHLOOP_ASSIST_MAX_RETRIES",
};

/**
 * CASHLOOP_ASSIST_PROVIDER = builtin (default) | openai | anthropic;
 * CASHLOOP_ASSIST_BASE_URL, CASHLOOP_ASSIST_API_KEY (else OPENAI_API_KEY / ANTHROPIC_API_KEY),
 * CASHLOOP_ASSIST_MODEL, CASHLOOP_ASSIST_TIMEOUT_MS, CASHLOOP_ASSIST_MAX_RETRIES.
 * Throws `assist_config_invalid` naming every variable that is wrong or missing.
 */
export function providerConfigFromEnv(env: ProviderEnv): ProviderConfig {
  const kind = envValue(env, "CASHLOOP_ASSIST_PROVIDER")?.toLowerCase() ?? "builtin";
  if (kind === "builtin") return { kind: "builtin" };
  const fallbackKey =
    kind === "openai"
      ? envValue(env, "OPENAI_API_KEY")
      : kind === "anthropic"
        ? envValue(env, "ANTHROPIC_API_KEY")
        : undefined;
  const raw = {
    kind,
    baseUrl:
      envValue(env, "CASHLOOP_ASSIST_BASE_URL") ??
      (kind === "openai" ? openaiBaseUrlDefault : undefined),
    apiKey: envValue(env, "CASHLOOP_ASSIST_API_KEY") ?? fallbackKey,
    model: envValue(env, "CASHLOOP_ASSIST_MODEL"),
    timeoutMs: envInteger(env, "CASHLOOP_ASSIST_TIMEOUT_MS"),
    maxRetries: envInteger(env, "CASHLOOP_ASSIST_MAX_RETRIES"),
  };
  const defined = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
  const parsed = providerConfigSchema.safeParse(defined);
  if (!parsed.success) throw configInvalid("environment", parsed.error, ENV_NAMES);
  return parsed.data;
}
