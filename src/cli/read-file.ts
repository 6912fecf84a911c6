import { readFileSync } from "node:fs";
import { CashloopError } from "../app/index.js";

/** A file the user named, or a clear error naming it. */
export function readBytes(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch {
    throw new CashloopError("file_unreadable", `${file}: cannot be read`, { file });
  }
}
