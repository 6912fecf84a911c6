/**
 * What both remote providers share: one model call with its attempts counted, its duration
 * measured by the injected `nowMs`, its answer checked against the task's zod schema, and a
 * record handed to `hooks.onCall` for the audit log — on success and on every failure.
 * A vendor file supplies only the transport (its SDK) and how its SDK's errors read.
 */
import { createHash } from "node:crypto";
import type { z } from "zod";
import { CashloopError } from "../../kernel/errors.js";
import type { AssistProvider } from "../model.js";
import { ModelCallFailed, ModelOutputInvalid, type ModelPurpose } from "./errors.js";
import {
  checkClassification,
  checkEvidenceExtraction,
  classificationSchema,
  draftTextSchema,
  evidenceExtractionSchema,
  toDraftText,
} from "./output-schemas.js";
import { classifyPrompt, draftPrompt, extractPrompt, type ModelPrompt } from "./prompts.js";

export type RemoteProviderName = "openai" | "anthropic";

/** One model call, as the audit log keeps it. The prompt itself is kept only as its hash. */
export type ModelCallRecord = {
  provider: RemoteProviderName;
  model: string;
  purpose: ModelPurpose;
  /** sha256 (hex) of the system prompt, a blank line, and the user prompt. */
  inputHash: string;
  /** Exactly what the model returned; null when no answer came back. */
  output: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  durationMs: number;
  /** HTTP requests made, retries included (1 = the first try answered). */
  attempt: number;
  /** null on success; else `model_output_invalid`, `model_call_timed_out`, `model_call_failed`
   *  (or `assist_internal_error` for a bug on our side). */
  errorCode: string | null;
};

export type ProviderHooks = {
  /** Milliseconds from any fixed origin (the app passes a monotonic timer; tests a counter). */
  nowMs: () => number;
  /** Awaited: a call is not done until it is logged; a throw here fails the call. */
  onCall?: (record: ModelCallRecord) => void | Promise<void>;
};

export type Fetch = typeof globalThis.fetch;

export type ModelAnswer = {
  raw: string;
  json: { ok: true; value: unknown } | { ok: false; reason: string };
  inputTokens: number | null;
  outputTokens: number | null;
};

export type RemoteModel = {
  provider: RemoteProviderName;
  model: string;
  hooks: ProviderHooks;
  /** Sends the prompt through the vendor SDK, whose every HTTP request goes through `fetch`. */
  send: (prompt: ModelPrompt, fetch: Fetch) => Promise<ModelAnswer>;
  /** The SDK's error → a typed failure; undefined for anything else (a bug: rethrown as is). */
  failure: (purpose: ModelPurpose, error: unknown) => ModelCallFailed | undefined;
};

export function promptHash(prompt: Pick<ModelPrompt, "system" | "user">): string {
  return createHash("sha256").update(`${prompt.system}\n\n${prompt.user}`).digest("hex");
}

/** The answer's JSON checked by a zod schema; any mismatch → `model_output_invalid`. */
export function validated<S extends z.ZodType>(
  schema: S,
  purpose: ModelPurpose,
  json: unknown,
  raw: string,
): z.infer<S> {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join(".") || "(answer)"}: ${issue.message}`);
  throw new ModelOutputInvalid(purpose, problems.join("; "), raw);
}

export async function callModel<T>(
  remote: RemoteModel,
  prompt: ModelPrompt,
  accept: (json: unknown, raw: string) => T,
): Promise<T> {
  let attempt = 0;
  const counting: Fetch = (input, init) => {
    attempt += 1;
    return globalThis.fetch(input, init);
  };
  const startedMs = remote.hooks.nowMs();
  const log = (answer: ModelAnswer | null, errorCode: string | null) =>
    remote.hooks.onCall?.({
      provider: remote.provider,
      model: remote.model,
      purpose: prompt.purpose,
      inputHash: promptHash(prompt),
      output: answer?.raw ?? null,
      inputTokens: answer?.inputTokens ?? null,
      outputTokens: answer?.outputTokens ?? null,
      durationMs: Math.max(0, remote.hooks.nowMs() - startedMs),
      attempt,
      errorCode,
    });

  let answer: ModelAnswer;
  try {
    answer = await remote.send(prompt, counting);
  } catch (error) {
    const failed = remote.failure(prompt.purpose, error);
    await log(null, failed?.code ?? "model_call_failed");
    throw failed ?? error;
  }
  let value: T;
  try {
    if (!answer.json.ok) {
      throw new ModelOutputInvalid(prompt.purpose, answer.json.reason, answer.raw);
    }
    value = accept(answer.json.value, answer.raw);
  } catch (error) {
    await log(answer, error instanceof CashloopError ? error.code : "assist_internal_error");
    throw error;
  }
  await log(answer, null);
  return value;
}

/** Parses a model's text as JSON: the text itself stays the raw output. */
export function parseJsonText(text: string): ModelAnswer["json"] {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, reason: "the answer is not JSON" };
  }
}

/** The three tasks over one remote model; every answer is checked before it is returned. */
export function remoteAssistProvider(remote: RemoteModel): AssistProvider {
  return {
    name: `${remote.provider}:${remote.model}`,
    draft: (facts) =>
      callModel(remote, draftPrompt(facts), (json, raw) =>
        toDraftText(validated(draftTextSchema, "draft", json, raw)),
      ),
    classify: (input) =>
      callModel(remote, classifyPrompt(input), (json, raw) =>
        checkClassification(validated(classificationSchema, "classify", json, raw), input.text),
      ),
    extractEvidence: (input) =>
      callModel(remote, extractPrompt(input), (json, raw) =>
        checkEvidenceExtraction(validated(evidenceExtractionSchema, "extract", json, raw)),
      ),
  };
}

/** How an SDK error reads, from the fields both vendor SDKs' error classes share. */
export function sdkFailure(
  purpose: ModelPurpose,
  error: unknown,
  classes: {
    timeout: abstract new (...args: never[]) => Error;
    connection: abstract new (...args: never[]) => Error;
    status: abstract new (...args: never[]) => Error & { status: number | undefined };
  },
): ModelCallFailed | undefined {
  if (error instanceof classes.timeout) return new ModelCallFailed(purpose, "timeout", null, error);
  if (error instanceof classes.connection) {
    return new ModelCallFailed(purpose, "connection", null, error);
  }
  if (error instanceof classes.status && typeof error.status === "number") {
    return new ModelCallFailed(purpose, "status", error.status, error);
  }
  return undefined;
}
