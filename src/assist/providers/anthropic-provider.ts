/**
 * The assist tasks over the Anthropic Messages API, through `@anthropic-ai/sdk`. Structured
 * output is a forced tool call: one tool whose `input_schema` is the task's JSON schema
 * (`strict: true`), and `tool_choice: { type: "tool", name }`; the answer is that tool_use
 * block's `input`, checked by zod.
 *
 * Only what the config says reaches the SDK: key, base URL, timeout and retries are passed
 * explicitly (so ANTHROPIC_BASE_URL and the SDK's credential-file chain are not consulted), and
 * OpenTelemetry spans are off (ANTHROPIC_OPEN_TELEMETRY_TRACES_CONTENT_MODE could otherwise put
 * prompts in traces).
 */
import Anthropic, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
} from "@anthropic-ai/sdk";
import type { AssistProvider } from "../model.js";
import {
  type AnthropicProviderConfig,
  anthropicBaseUrlDefault,
  providerRetriesDefault,
  providerTimeoutMsDefault,
} from "./config.js";
import type { ModelPurpose } from "./errors.js";
import type { ModelPrompt } from "./prompts.js";
import {
  type Fetch,
  type ModelAnswer,
  type ProviderHooks,
  remoteAssistProvider,
  sdkFailure,
} from "./remote-call.js";

function client(config: AnthropicProviderConfig, fetch: Fetch): Anthropic {
  return new Anthropic({
    apiKey: config.apiKey,
    baseURL: config.baseUrl ?? anthropicBaseUrlDefault,
    timeout: config.timeoutMs ?? providerTimeoutMsDefault,
    maxRetries: config.maxRetries ?? providerRetriesDefault,
    webhookKey: null,
    openTelemetry: false,
    // ANTHROPIC_LOG=debug would print prompts (customer text) to stdout.
    logLevel: "warn",
    fetch,
  });
}

/** The message → the forced tool's input (as raw JSON text) and whether one came back. */
function answerOf(message: Anthropic.Message, toolName: string): ModelAnswer {
  const usage = message.usage;
  const tokens = {
    // Cached prompt tokens are counted apart by the API; they are input all the same.
    inputTokens:
      usage.input_tokens +
      (usage.cache_creation_input_tokens ?? 0) +
      (usage.cache_read_input_tokens ?? 0),
    outputTokens: usage.output_tokens,
  };
  const call = message.content.find(
    (block): block is Anthropic.ToolUseBlock =>
      block.type === "tool_use" && block.name === toolName,
  );
  if (call) {
    return { raw: JSON.stringify(call.input), json: { ok: true, value: call.input }, ...tokens };
  }
  const text = message.content
    .flatMap((block) => (block.type === "text" ? [block.text] : []))
    .join("\n");
  const reason =
    message.stop_reason === "refusal"
      ? "the model refused"
      : message.stop_reason === "max_tokens"
        ? "the answer was cut at the token limit"
        : `the model did not call the ${toolName} tool`;
  return { raw: text, json: { ok: false, reason }, ...tokens };
}

export function anthropicProvider(
  config: AnthropicProviderConfig,
  hooks: ProviderHooks,
): AssistProvider {
  const send = async (prompt: ModelPrompt, fetch: Fetch): Promise<ModelAnswer> => {
    const message = await client(config, fetch).messages.create({
      model: config.model,
      max_tokens: prompt.maxOutputTokens,
      system: prompt.system,
      messages: [{ role: "user", content: prompt.user }],
      tools: [
        {
          name: prompt.schemaName,
          description: prompt.schemaDescription,
          input_schema: prompt.schema,
          strict: true,
        },
      ],
      tool_choice: { type: "tool", name: prompt.schemaName, disable_parallel_tool_use: true },
    });
    return answerOf(message, prompt.schemaName);
  };
  return remoteAssistProvider({
    provider: "anthropic",
    model: config.model,
    hooks,
    send,
    failure: (purpose: ModelPurpose, error: unknown) =>
      sdkFailure(purpose, error, {
        timeout: APIConnectionTimeoutError,
        connection: APIConnectionError,
        status: APIError,
      }),
  });
}
