import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { CashloopError } from "./errors.js";

/**
 * One process at a time in an embedded data folder: PGlite is a single-user engine, and two
 * processes writing the same files would corrupt them. A lock left by a dead process is taken over.
 */
export function lockDataDir(dir: string): () => void {
  const path = join(dir, "cashloop.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(readFileSync(path, "utf8"));
      if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
        throw new CashloopError(
          "data_dir_busy",
          `${dir} is in use by process ${holder}; stop it first, or use PostgreSQL (--database-url) to run several processes at once`,
          { file: dir },
        );
      }
      rmSync(path, { force: true });
    }
  }
  throw new CashloopError("data_dir_busy", `${dir}: could not take the lock ${path}`, {
    file: dir,
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
