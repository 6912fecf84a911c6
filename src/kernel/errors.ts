/** Where a piece of bad input was found: file, line and field, so a person can fix it. */
export type ErrorDetails = {
  file?: string;
  line?: number;
  column?: string;
  field?: string;
  value?: string;
  [key: string]: unknown;
};

/** An expected failure with a snake_case code (subject + state) and a human message. */
export class CashloopError extends Error {
  readonly code: string;
  readonly details: ErrorDetails;
  constructor(code: string, message: string, details: ErrorDetails = {}) {
    super(message);
    this.name = "CashloopError";
    this.code = code;
    this.details = details;
  }
}

/** One problem in a row of an input file. */
export type RowIssue = {
  file: string;
  line: number;
  column: string;
  reason: string;
};

/** A whole input file was rejected; `issues` lists every bad row, not just the first. */
export class ValidationError extends CashloopError {
  readonly issues: readonly RowIssue[];
  constructor(file: string, issues: readonly RowIssue[]) {
    const lines = issues.map((i) => `${i.file}:${i.line}: ${i.column}: ${i.reason}`);
    super(
      "input_invalid",
      `${file}: ${issues.length} problem${issues.length === 1 ? "" : "s"}; nothing was imported\n${lines.join("\n")}`,
      { file },
    );
    this.name = "ValidationError";
    this.issues = issues;
  }
}

/** A broken invariant: a bug, not bad input. Crashes the request or job. */
export class AssertionError extends Error {
  constructor(message: string) {
    super(`invariant broken: ${message}`);
    this.name = "AssertionError";
  }
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionError(message);
}

/** Exit codes the CLI uses for each kind of failure. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof ValidationError) return 2;
  if (error instanceof CashloopError) return 1;
  return 70;
}
