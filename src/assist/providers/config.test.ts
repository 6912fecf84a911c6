import { describe, expect, it } from "vitest";
import { CashloopError } from "../../kernel/errors.js";
import { parseProviderConfig, providerConfigFromEnv } from "./config.js";

function errorOf(run: () => unknown): CashloopError {
  try {
    run();
  } catch (error) {
    if (error instanceof CashloopError) return error;
    throw error;
  }
  throw new Error("expected a CashloopError");
}

describe("parseProviderConfig", () => {
  it.each([
    [{ kind: "builtin" }],
    [{ kind: "openai", baseUrl: "http://127.0.0.1:11434/v1", apiKey: "ollama", model: "llama3.1" }],
    [{ kind: "anthropic", apiKey: "k", model: "claude-x", timeoutMs: 30_000, maxRetries: 0 }],
  ])("accepts %j", (input) => {
    expect(parseProviderConfig(input)).toEqual(input);
  });

  it("drops a trailing slash from the base URL", () => {
    const config = parseProviderConfig({
      kind: "openai",
      baseUrl: "https://api.example.com/v1/",
      apiKey: "k",
      model: "m",
    });
    expect(config).toMatchObject({ baseUrl: "https://api.example.com/v1" });
  });

  it.each([
    ["an unknown kind", { kind: "gemini" }],
    ["a missing key", { kind: "openai", baseUrl: "http://x.test/v1", model: "m" }],
    ["a blank model", { kind: "anthropic", apiKey: "k", model: " " }],
    ["a non-http URL", { kind: "openai", baseUrl: "file:///etc", apiKey: "k", model: "m" }],
    ["a zero timeout", { kind: "anthropic", apiKey: "k", model: "m", timeoutMs: 0 }],
    ["too many retries", { kind: "anthropic", apiKey: "k", model: "m", maxRetries: 11 }],
    ["an unknown field", { kind: "anthropic", apiKey: "k", model: "m", temperature: 2 }],
  ])("rejects %s with assist_config_invalid", (_name, input) => {
    expect(errorOf(() => parseProviderConfig(input)).code).toBe("assist_config_invalid");
  });
});

describe("providerConfigFromEnv", () => {
  it("is builtin when nothing is set", () => {
    expect(providerConfigFromEnv({})).toEqual({ kind: "builtin" });
    expect(providerConfigFromEnv({ CASHLOOP_ASSIST_PROVIDER: " " })).toEqual({ kind: "builtin" });
  });

  it("reads an OpenAI-compatible endpoint, with OPENAI_API_KEY as the fallback key", () => {
    const env = {
      CASHLOOP_ASSIST_PROVIDER: "OpenAI",
      CASHLOOP_ASSIST_MODEL: "gpt-4.1-mini",
      CASHLOOP_ASSIST_TIMEOUT_MS: "20000",
      CASHLOOP_ASSIST_MAX_RETRIES: "0",
      OPENAI_API_KEY: "sk-fallback",
      ANTHROPIC_API_KEY: "not-this-one",
    };
    expect(providerConfigFromEnv(env)).toEqual({
      kind: "openai",
      baseUrl: "https://api.openai.com/v1",
      apiKey: "sk-fallback",
      model: "gpt-4.1-mini",
      timeoutMs: 20_000,
      maxRetries: 0,
    });
  });

  it("prefers CASHLOOP_ASSIST_API_KEY and CASHLOOP_ASSIST_BASE_URL", () => {
    const config = providerConfigFromEnv({
      CASHLOOP_ASSIST_PROVIDER: "openai",
      CASHLOOP_ASSIST_BASE_URL: "http://127.0.0.1:8080/v1",
      CASHLOOP_ASSIST_API_KEY: "local",
      CASHLOOP_ASSIST_MODEL: "qwen",
      OPENAI_API_KEY: "sk-other",
    });
    expect(config).toMatchObject({ baseUrl: "http://127.0.0.1:8080/v1", apiKey: "local" });
  });

  it("reads Anthropic with ANTHROPIC_API_KEY and no base URL", () => {
    expect(
      providerConfigFromEnv({
        CASHLOOP_ASSIST_PROVIDER: "anthropic",
        CASHLOOP_ASSIST_MODEL: "claude-haiku",
        ANTHROPIC_API_KEY: "sk-ant",
        OPENAI_API_KEY: "not-this-one",
      }),
    ).toEqual({ kind: "anthropic", apiKey: "sk-ant", model: "claude-haiku" });
  });

  it("names every wrong variable, and never prints the key", () => {
    const error = errorOf(() =>
      providerConfigFromEnv({
        CASHLOOP_ASSIST_PROVIDER: "anthropic",
        CASHLOOP_ASSIST_API_KEY: "sk-secret-value",
        CASHLOOP_ASSIST_TIMEOUT_MS: "soon",
        CASHLOOP_ASSIST_BASE_URL: "not a url",
      }),
    );
    expect(error.code).toBe("assist_config_invalid");
    expect(error.message).toContain("CASHLOOP_ASSIST_MODEL");
    expect(error.message).toContain("CASHLOOP_ASSIST_TIMEOUT_MS");
    expect(error.message).toContain("CASHLOOP_ASSIST_BASE_URL");
    expect(error.message).toContain("3 problems");
    expect(error.message).not.toContain("sk-secret-value");
  });

  it("rejects an unknown provider name", () => {
    const error = errorOf(() => providerConfigFromEnv({ CASHLOOP_ASSIST_PROVIDER: "gemini" }));
    expect(error.message).toContain("CASHLOOP_ASSIST_PROVIDER");
  });
});
