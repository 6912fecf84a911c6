/**
 * Where a .cpuprofile spends its samples: the functions with the most self time, and the
 * project's own functions (src/) with the most total time (themselves and what they call).
 * Run: node --import tsx bench/profile-summary.ts .tmp/prof/pglite-bill.cpuprofile [rows]
 */
import { readFile } from "node:fs/promises";

type Frame = { functionName: string; url: string; lineNumber: number };
type ProfileNode = { id: number; callFrame: Frame; children?: number[] };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

const [path, rowsText = "25"] = process.argv.slice(2);
if (!path) throw new Error("usage: profile-summary.ts <file.cpuprofile> [rows]");
const rows = Number(rowsText);
const profile = JSON.parse(await readFile(path, "utf8")) as Profile;

const label = (f: Frame): string => {
  const file = f.url.replace(/^.*\/(src|bench|node_modules)\//, "$1/") || "(native)";
  return `${f.functionName || "(anonymous)"} ${file}:${f.lineNumber + 1}`;
};

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const selfMs = new Map<string, number>();
const totalMs = new Map<string, number>();
let allMs = 0;
profile.samples.forEach((id, i) => {
  const ms = (profile.timeDeltas[i] ?? 0) / 1000;
  allMs += ms;
  const node = byId.get(id);
  if (!node) return;
  selfMs.set(label(node.callFrame), (selfMs.get(label(node.callFrame)) ?? 0) + ms);
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const frame = byId.get(at)?.callFrame;
    if (!frame?.url.includes("/src/")) continue;
    const name = label(frame);
    if (seen.has(name)) continue; // recursion: count a sample once per function
    seen.add(name);
    totalMs.set(name, (totalMs.get(name) ?? 0) + ms);
  }
});

function print(title: string, map: Map<string, number>): void {
  console.log(`\n${title}`);
  for (const [name, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, rows)) {
    const pct = ((ms / allMs) * 100).toFixed(1).padStart(5);
    console.log(`${(ms / 1000).toFixed(2).padStart(8)} s ${pct}%  ${name}`);
  }
}

console.log(`${path}: ${(allMs / 1000).toFixed(2)} s sampled`);
print("self time (top functions):", selfMs);
print("total time of src/ functions (with what they call):", totalMs);
