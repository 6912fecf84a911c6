import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lockDataDir } from "./data-dir-lock.js";

describe("data folder lock", () => {
  it("refuses a second user of the folder until the first lets go", () => {
    const dir = mkdtempSync(join(tmpdir(), "cashloop-lock-"));
    const unlock = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(/in use by process/);
    unlock();
    expect(existsSync(join(dir, "cashloop.lock"))).toBe(false);
    lockDataDir(dir)();
  });

  it("takes over a lock left by a process that no longer runs", () => {
    const dir = mkdtempSync(join(tmpdir(), "cashloop-lock-"));
    writeFileSync(join(dir, "cashloop.lock"), "2147483646");
    const unlock = lockDataDir(dir);
    unlock();
  });
});
