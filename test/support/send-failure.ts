import { expect } from "vitest";
import { SendFailure } from "../../src/delivery/model.js";

/** The SendFailure a send rejected with (the test fails if it resolved or threw anything else). */
export async function failureOf(promise: Promise<unknown>): Promise<SendFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SendFailure);
  return error as SendFailure;
}
