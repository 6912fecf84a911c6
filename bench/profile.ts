/**
 * CPU profiles of chosen phases, through the inspector (no restart, no --cpu-prof for the whole
 * run): BENCH_PROFILE=bill,issue writes .tmp/prof/<engine>-<phase>.cpuprofile, which Chrome
 * DevTools opens, and `node --import tsx bench/profile-summary.ts <file>` summarises.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import { fileURLToPath } from "node:url";

const PROF_DIR = fileURLToPath(new URL("../.tmp/prof/", import.meta.url));
const wanted = new Set((process.env.BENCH_PROFILE ?? "").split(",").filter(Boolean));
let label = "bench";

/** Names the files of later profiles (the engine, say). */
export function setProfileLabel(name: string): void {
  label = name;
}

/** Runs `fn`, profiled when BENCH_PROFILE names `phase` (e.g. "bill", "issue"). */
export async function profiled<T>(phase: string, fn: () => Promise<T>): Promise<T> {
  if (!wanted.has(phase)) return fn();
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 500 });
  await session.post("Profiler.start");
  try {
    return await fn();
  } finally {
    const { profile } = await session.post("Profiler.stop");
    session.disconnect();
    await mkdir(PROF_DIR, { recursive: true });
    const path = `${PROF_DIR}${label}-${phase.replaceAll(" ", "-")}.cpuprofile`;
    await writeFile(path, JSON.stringify(profile));
    console.log(`  profile of ${phase}: ${path}`);
  }
}
