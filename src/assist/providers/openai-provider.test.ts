import { afterEach, describe, expect, it, vi } from "vitest";
import {
  type FakeLlmScript,
  type FakeLlmServer,
  fakeLlmConfig,
  startFakeLlmServer,
} from "../../../test/support/fake-llm-server.js";
import { parseCalendarDate } from "../../kernel/dates.js";
import { openaiProvider } from "./openai-provider.js";
import { CLASSIFICATION_JSON_SCHEMA } from "./output-schemas.js";
import type { ModelCallRecord } from "./remote-call.js";

const servers: FakeLlmServer[] = [];
afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function setUp(script: FakeLlmScript) {
  const server = await startFakeLlmServer(script);
  servers.push(server);
  const calls: ModelCallRecord[] = [];
  const hooks = { nowMs: () => 0, onCall: (r: ModelCallRecord) => void calls.push(r) };
  return { server, calls, provider: openaiProvider(fakeLlmConfig(server, "openai"), hooks) };
}

const today = parseCalendarDate("2026-04-01");
const text = "We will pay next week.";
const answer = {
  label: "promise_to_pay",
  confidence: 0.7,
  evidence: "We will pay next week.",
  promisedOn: null,
  returnsOn: null,
  newContact: null,
};

function completion(message: object, extra: object = {}) {
  return {
    id: "chatcmpl-1",
    object: "chat.completion",
    created: 1,
    model: "gpt-test",
    choices: [{ index: 0, message: { role: "assistant", ...message }, finish_reason: "stop" }],
    ...extra,
  };
}

describe("openaiProvider on the chat completions wire", () => {
  it("asks for strict json_schema output with the task's schema", async () => {
    const { server, provider } = await setUp(() => ({ json: answer }));
    await provider.classify({ text, today });
    const request = server.requests[0]!;
    expect(request.path).toBe("/v1/chat/completions");
    expect(request.headers.authorization).toBe("Bearer test-key-openai");
    expect(request.body.model).toBe("gpt-test");
    expect(request.body.messages.map((m: { role: string }) => m.role)).toEqual(["system", "user"]);
    expect(request.body.response_format).toEqual({
      type: "json_schema",
      json_schema: {
        name: "reply_classification",
        description: expect.any(String),
        strict: true,
        schema: CLASSIFICATION_JSON_SCHEMA,
      },
    });
    expect(request.body.max_completion_tokens).toBe(1024);
  });

  it("sends no organization or project header from the environment", async () => {
    vi.stubEnv("OPENAI_ORG_ID", "org-from-env");
    vi.stubEnv("OPENAI_PROJECT_ID", "proj-from-env");
    vi.stubEnv("OPENAI_API_KEY", "sk-from-env");
    vi.stubEnv("OPENAI_BASE_URL", "http://127.0.0.1:1/v1");
    const { server, provider } = await setUp(() => ({ json: answer }));
    await provider.classify({ text, today });
    const headers = server.requests[0]!.headers;
    expect(headers["openai-organization"]).toBeUndefined();
    expect(headers["openai-project"]).toBeUndefined();
    expect(headers.authorization).toBe("Bearer test-key-openai");
  });

  it("rejects a refusal, keeping its text", async () => {
    const refusal = completion({ content: null, refusal: "I can't help with that." });
    const { provider } = await setUp(() => ({ status: 200, body: refusal }));
    await expect(provider.classify({ text, today })).rejects.toMatchObject({
      code: "model_output_invalid",
      reason: "the model refused",
      raw: "I can't help with that.",
    });
  });

  it("rejects an answer cut at the token limit", async () => {
    const { provider } = await setUp(() => ({
      text: '{"label":"promise_to',
      finishReason: "length",
    }));
    await expect(provider.classify({ text, today })).rejects.toMatchObject({
      code: "model_output_invalid",
      reason: "the answer was cut at the token limit",
    });
  });

  it("logs null token counts when the server reports no usage (some local servers)", async () => {
    const body = completion({ content: JSON.stringify(answer), refusal: null });
    const { provider, calls } = await setUp(() => ({ status: 200, body }));
    expect((await provider.classify({ text, today })).label).toBe("promise_to_pay");
    expect(calls[0]).toMatchObject({ inputTokens: null, outputTokens: null, errorCode: null });
  });
});
