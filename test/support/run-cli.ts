import { spawn } from "node:child_process";
import { join } from "node:path";
import { main } from "../../src/cli/main.js";

export type CliResult = { code: number; stdout: string; stderr: string };

/** Runs the CLI in this process, as a user would type it, and captures what it prints. */
export async function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    env,
  });
  return { code, stdout, stderr };
}

const ROOT = join(import.meta.dirname, "..", "..");

/** Runs the CLI in a child process (for tests about several processes at once). */
export function spawnCli(args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/run.ts", ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: "", CASHLOOP_DATA: "" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
