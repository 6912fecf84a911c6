/**
 * How a remote model call fails. `ModelOutputInvalid`: the model answered, but not with what was
 * asked (not JSON, the wrong shape, a label outside the list, a refusal); its raw text is kept for
 * the audit log and the caller falls back (built-in template, or a task for a person).
 * `ModelCallFailed`: no usable answer came back (timeout, connection, HTTP status), after the
 * SDK's own retries; `retryable` says whether the worker may try again later.
 */
import { CashloopError } from "../../kernel/errors.js";

export type ModelPurpose = "draft" | "classify" | "extract";

export class ModelOutputInvalid extends CashloopError {
  /** Exactly what the model returned (text, or the tool input as JSON). */
  readonly raw: string;
  readonly reason: string;
  constructor(purpose: ModelPurpose, reason: string, raw: string) {
    super("model_output_invalid", `the model's ${purpose} output was rejected: ${reason}`, {
      purpose,
      reason,
    });
    this.name = "ModelOutputInvalid";
    this.raw = raw;
    this.reason = reason;
  }
}

export type ModelCallFailure = "timeout" | "connection" | "status";

export class ModelCallFailed extends CashloopError {
  readonly failure: ModelCallFailure;
  readonly status: number | null;
  readonly retryable: boolean;
  constructor(
    purpose: ModelPurpose,
    failure: ModelCallFailure,
    status: number | null,
    cause: unknown,
  ) {
    const code = failure === "timeout" ? "model_call_timed_out" : "model_call_failed";
    const what =
      failure === "timeout"
        ? "timed out"
        : failure === "connection"
          ? "could not connect"
          : `answered HTTP ${status}`;
    super(code, `the model call for ${purpose} ${what}`, { purpose, failure, status });
    this.name = "ModelCallFailed";
    this.failure = failure;
    this.status = status;
    // 408, 409, 429 and 5xx are worth another try later; 400, 401, 403, 404 are not.
    this.retryable =
      failure !== "status" ||
      (status !== null && (status >= 500 || status === 408 || status === 409 || status === 429));
    this.cause = cause;
  }
}
