/**
 * The assist tasks over any OpenAI-compatible chat completions endpoint (OpenAI, Ollama, vLLM, a
 * llama.cpp server), through the `openai` SDK. Structured output is asked for with
 * `response_format: { type: "json_schema", json_schema: { name, strict: true, schema } }`; the
 * answer is the message content, parsed as JSON and checked by zod all the same, since local
 * servers do not all enforce the schema.
 *
 * Only what the config says reaches the SDK: base URL, key, timeout and retries are passed
 * explicitly, and organization/project are set to null so OPENAI_ORG_ID / OPENAI_PROJECT_ID in
 * the environment are not sent to a third-party endpoint.
 */
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from "openai";
import type { AssistProvider } from "../model.js";
import {
  type OpenAiProviderConfig,
  providerRetriesDefault,
  providerTimeoutMsDefault,
} from "./config.js";
import type { ModelPurpose } from "./errors.js";
import type { ModelPrompt } from "./prompts.js";
import {
  type Fetch,
  type ModelAnswer,
  type ProviderHooks,
  parseJsonText,
  remoteAssistProvider,
  sdkFailure,
} from "./remote-call.js";

function client(config: OpenAiProviderConfig, fetch: Fetch): OpenAI {
  return new OpenAI({
    apiKey: config.apiKey,
    baseURL: config.baseUrl,
    timeout: config.timeoutMs ?? providerTimeoutMsDefault,
    maxRetries: config.maxRetries ?? providerRetriesDefault,
    organization: null,
    project: null,
    webhookSecret: null,
    // OPENAI_LOG=debug would print prompts (customer text) to stdout.
    logLevel: "warn",
    fetch,
  });
}

/** The chat completion → the raw content and whether it is usable JSON. */
function answerOf(completion: OpenAI.Chat.Completions.ChatCompletion): ModelAnswer {
  const choice = completion.choices[0];
  const usage = completion.usage;
  const tokens = {
    inputTokens: usage?.prompt_tokens ?? null,
    outputTokens: usage?.completion_tokens ?? null,
  };
  const message = choice?.message;
  if (message?.refusal) {
    return { raw: message.refusal, json: { ok: false, reason: "the model refused" }, ...tokens };
  }
  const raw = message?.content ?? "";
  if (choice?.finish_reason === "length") {
    return { raw, json: { ok: false, reason: "the answer was cut at the token limit" }, ...tokens };
  }
  if (!raw) return { raw, json: { ok: false, reason: "the answer is empty" }, ...tokens };
  return { raw, json: parseJsonText(raw), ...tokens };
}

export function openaiProvider(config: OpenAiProviderConfig, hooks: ProviderHooks): AssistProvider {
  const send = async (prompt: ModelPrompt, fetch: Fetch): Promise<ModelAnswer> => {
    const completion = await client(config, fetch).chat.completions.create({
      model: config.model,
      messages: [
        { role: "system", content: prompt.system },
        { role: "user", content: prompt.user },
      ],
      response_format: {
        type: "json_schema",
        json_schema: {
          name: prompt.schemaName,
          description: prompt.schemaDescription,
          strict: true,
          schema: prompt.schema,
        },
      },
      max_completion_tokens: prompt.maxOutputTokens,
    });
    return answerOf(completion);
  };
  return remoteAssistProvider({
    provider: "openai",
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
