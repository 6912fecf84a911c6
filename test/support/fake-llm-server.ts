/**
 * A local model server for tests, speaking both vendors' wire formats on 127.0.0.1:
 * `POST /v1/chat/completions` (OpenAI chat completions with `response_format: json_schema`) and
 * `POST /v1/messages` (Anthropic Messages with a forced tool call). Every request is parsed,
 * checked against the wire format (problems answer 400 and are recorded), and kept for
 * assertions; the test's `script` decides each answer.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type FakeLlmApi = "openai" | "anthropic";

export type FakeLlmRequest = {
  api: FakeLlmApi;
  /** 0-based, across the server's life. */
  index: number;
  path: string;
  /** Lower-case header names. */
  headers: Record<string, string>;
  // biome-ignore lint/suspicious/noExplicitAny: a parsed request body, read freely by tests
  body: any;
  /** What is wrong with the request's wire format; empty for a well-formed one. */
  problems: string[];
};

export type FakeLlmUsage = { inputTokens: number; outputTokens: number };

/** The structured answer: OpenAI message content (as JSON text) or the Anthropic tool input. */
export type FakeLlmJson = { json: unknown; usage?: FakeLlmUsage };
/** Free text: OpenAI message content as is, or an Anthropic text block (no tool call). */
export type FakeLlmText = { text: string; usage?: FakeLlmUsage; finishReason?: string };
/** An HTTP status with a body (an error, e.g. 500 or 429, or a hand-made 200). */
export type FakeLlmStatus = { status: number; body?: unknown; retryAfterMs?: number };
export type FakeLlmAnswer = (FakeLlmJson | FakeLlmText | FakeLlmStatus) & { delayMs?: number };

export type FakeLlmScript = (request: FakeLlmRequest) => FakeLlmAnswer | Promise<FakeLlmAnswer>;

export type FakeLlmServer = {
  /** http://127.0.0.1:<port>: OpenAI baseURL is `${url}/v1`, Anthropic baseURL is `url`. */
  url: string;
  requests: FakeLlmRequest[];
  close(): Promise<void>;
};

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** The vendors' strict-mode rules: every object closed, every property required. */
export function strictSchemaProblems(schema: unknown, at = "schema"): string[] {
  if (Array.isArray(schema))
    return schema.flatMap((s, i) => strictSchemaProblems(s, `${at}[${i}]`));
  if (!isObject(schema)) return [];
  const problems: string[] = [];
  if (schema.type === "object") {
    const keys = Object.keys(isObject(schema.properties) ? schema.properties : {});
    const required = Array.isArray(schema.required) ? schema.required : [];
    if (schema.additionalProperties !== false)
      problems.push(`${at}: additionalProperties not false`);
    for (const key of keys) {
      if (!required.includes(key)) problems.push(`${at}: ${key} not required`);
    }
  }
  for (const [key, value] of Object.entries(schema)) {
    if (isObject(value) || Array.isArray(value)) {
      problems.push(...strictSchemaProblems(value, `${at}.${key}`));
    }
  }
  return problems;
}

function messagesProblems(messages: unknown, roles: readonly string[]): string[] {
  if (!Array.isArray(messages) || messages.length === 0) return ["messages: not a non-empty array"];
  return messages.flatMap((m, i) =>
    isObject(m) && roles.includes(String(m.role)) && typeof m.content === "string"
      ? []
      : [`messages[${i}]: expected { role, content: string }`],
  );
}

/** The problems whose condition holds. */
const failing = (checks: [boolean, string][]) => checks.filter(([bad]) => bad).map(([, p]) => p);
const bearer = (headers: Record<string, string>) => /^Bearer \S+/.test(headers.authorization ?? "");

function openaiProblems(headers: Record<string, string>, body: Json): string[] {
  const format = isObject(body.response_format) ? body.response_format : {};
  const spec = isObject(format.json_schema) ? format.json_schema : {};
  return [
    ...failing([
      [!bearer(headers), "authorization: missing"],
      [typeof body.model !== "string" || !body.model, "model: missing"],
      [format.type !== "json_schema", "response_format.type: not json_schema"],
      [!/^[\w-]{1,64}$/.test(String(spec.name)), "response_format.json_schema.name: invalid"],
      [spec.strict !== true, "response_format.json_schema.strict: not true"],
      [!isObject(spec.schema), "response_format.json_schema.schema: missing"],
    ]),
    ...messagesProblems(body.messages, ["system", "developer", "user", "assistant"]),
    ...strictSchemaProblems(spec.schema),
  ];
}

function anthropicProblems(headers: Record<string, string>, body: Json): string[] {
  const tools = Array.isArray(body.tools) ? body.tools.filter(isObject) : [];
  const choice = isObject(body.tool_choice) ? body.tool_choice : {};
  return [
    ...failing([
      [!headers["anthropic-version"], "anthropic-version: missing"],
      // The SDK (1.x) sends the key as a bearer token; x-api-key is the older form.
      [!headers["x-api-key"] && !bearer(headers), "x-api-key / authorization: missing"],
      [typeof body.model !== "string" || !body.model, "model: missing"],
      [!Number.isInteger(body.max_tokens) || Number(body.max_tokens) < 1, "max_tokens: invalid"],
      [body.system !== undefined && typeof body.system !== "string", "system: not text"],
      [tools.length === 0, "tools: none"],
      [
        choice.type !== "tool" || !tools.some((t) => t.name === choice.name),
        "tool_choice: invalid",
      ],
    ]),
    ...messagesProblems(body.messages, ["user", "assistant"]),
    ...tools.flatMap((tool) =>
      !isObject(tool.input_schema) || tool.input_schema.type !== "object"
        ? [`tools.${String(tool.name)}.input_schema: not an object schema`]
        : tool.strict === true
          ? strictSchemaProblems(tool.input_schema, `tools.${String(tool.name)}`)
          : [],
    ),
  ];
}

function usageOf(answer: FakeLlmAnswer): FakeLlmUsage {
  return ("usage" in answer && answer.usage) || { inputTokens: 42, outputTokens: 7 };
}

function openaiBody(request: FakeLlmRequest, answer: FakeLlmJson | FakeLlmText): Json {
  const usage = usageOf(answer);
  const content = "json" in answer ? JSON.stringify(answer.json) : (answer.text ?? "");
  return {
    id: `chatcmpl-fake-${request.index}`,
    object: "chat.completion",
    created: 1_767_225_600,
    model: request.body.model,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content, refusal: null },
        logprobs: null,
        finish_reason: ("finishReason" in answer && answer.finishReason) || "stop",
      },
    ],
    usage: {
      prompt_tokens: usage.inputTokens,
      completion_tokens: usage.outputTokens,
      total_tokens: usage.inputTokens + usage.outputTokens,
    },
  };
}

function anthropicBody(request: FakeLlmRequest, answer: FakeLlmJson | FakeLlmText): Json {
  const usage = usageOf(answer);
  const toolUse = "json" in answer;
  const tool = request.body.tool_choice?.name;
  return {
    id: `msg_fake_${request.index}`,
    type: "message",
    role: "assistant",
    model: request.body.model,
    content:
      "json" in answer
        ? [{ type: "tool_use", id: `toolu_${request.index}`, name: tool, input: answer.json }]
        : [{ type: "text", text: answer.text }],
    stop_reason: toolUse
      ? "tool_use"
      : ("finishReason" in answer && answer.finishReason) || "end_turn",
    stop_sequence: null,
    usage: { input_tokens: usage.inputTokens, output_tokens: usage.outputTokens },
  };
}

function errorBody(api: FakeLlmApi, status: number, message: string): Json {
  return api === "openai"
    ? { error: { message, type: status >= 500 ? "server_error" : "invalid_request_error" } }
    : {
        type: "error",
        error: { type: status >= 500 ? "api_error" : "invalid_request_error", message },
      };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function send(res: ServerResponse, status: number, body: Json, headers: Json = {}): void {
  if (res.destroyed || res.writableEnded) return; // the client gave up (a timeout test)
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

const ROUTES: Record<string, FakeLlmApi> = {
  "/v1/chat/completions": "openai",
  "/v1/messages": "anthropic",
};

export async function startFakeLlmServer(script: FakeLlmScript): Promise<FakeLlmServer> {
  const requests: FakeLlmRequest[] = [];
  const waiting = new Set<() => void>(); // delayed answers, woken (and dropped) by close()
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        waiting.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      waiting.add(wake);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    const api = ROUTES[path];
    if (req.method !== "POST" || !api) return send(res, 404, { error: "not found" });
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")]),
    );
    let body: Json = {};
    const problems: string[] = [];
    try {
      const parsed: unknown = JSON.parse(await readBody(req));
      if (isObject(parsed)) body = parsed;
      else problems.push("body: not a JSON object");
    } catch {
      problems.push("body: not JSON");
    }
    if (!headers["content-type"]?.startsWith("application/json")) problems.push("content-type");
    if (problems.length === 0) {
      problems.push(
        ...(api === "openai" ? openaiProblems(headers, body) : anthropicProblems(headers, body)),
      );
    }
    const request: FakeLlmRequest = { api, index: requests.length, path, headers, body, problems };
    requests.push(request);
    if (problems.length > 0) return send(res, 400, errorBody(api, 400, problems.join("; ")));

    const answer = await script(request);
    if (answer.delayMs) await sleep(answer.delayMs);
    if ("status" in answer) {
      const retryAfter = { "retry-after-ms": String(answer.retryAfterMs ?? 1) };
      const body = isObject(answer.body) ? answer.body : errorBody(api, answer.status, "scripted");
      return send(res, answer.status, body, retryAfter);
    }
    send(res, 200, api === "openai" ? openaiBody(request, answer) : anthropicBody(request, answer));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, { error: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const wake of waiting) wake();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Everything the model would read: system prompt and messages, one string. */
export function promptOf(request: FakeLlmRequest): string {
  const system = typeof request.body.system === "string" ? [request.body.system] : [];
  const messages: unknown[] = Array.isArray(request.body.messages) ? request.body.messages : [];
  return [...system, ...messages.map((m) => (isObject(m) ? String(m.content) : ""))].join("\n");
}

/** The system prompt alone. */
export function systemPromptOf(request: FakeLlmRequest): string {
  if (request.api === "anthropic") return String(request.body.system ?? "");
  const messages: unknown[] = request.body.messages ?? [];
  return messages
    .filter((m): m is Json => isObject(m) && m.role === "system")
    .map((m) => String(m.content))
    .join("\n");
}

/** The name of the structured output the request asks for (json_schema name or forced tool). */
export function schemaNameOf(request: FakeLlmRequest): string {
  return request.api === "openai"
    ? String(request.body.response_format?.json_schema?.name)
    : String(request.body.tool_choice?.name);
}

type FakeLlmConfig<A> = { kind: A; baseUrl: string; apiKey: string; model: string } & {
  timeoutMs: number;
  maxRetries: number;
};

/** A provider config pointing at the fake server, for either wire format. */
export function fakeLlmConfig<A extends FakeLlmApi>(
  server: FakeLlmServer,
  api: A,
  extra: { timeoutMs?: number; maxRetries?: number } = {},
): FakeLlmConfig<A> {
  return {
    kind: api,
    baseUrl: api === "openai" ? `${server.url}/v1` : server.url,
    apiKey: `test-key-${api}`,
    model: api === "openai" ? "gpt-test" : "claude-test",
    timeoutMs: extra.timeoutMs ?? 5_000,
    maxRetries: extra.maxRetries ?? 2,
  };
}
