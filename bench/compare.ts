/**
 * Two results of the billing bench side by side (say 10,000 and 100,000 contracts): per phase and
 * statement, the calls and the milliseconds per call. Work done in fixed-size chunks should cost
 * the same per call at any size; a per-call time that grows with the size is a scan of the table
 * per chunk, i.e. quadratic work overall.
 * Run: node --import tsx bench/compare.ts <small.json> <large.json>
 */
import { readResult } from "./report.js";

const [smallPath, largePath] = process.argv.slice(2);
if (!smallPath || !largePath) throw new Error("usage: compare.ts <small.json> <large.json>");
const small = await readResult(smallPath);
const large = await readResult(largePath);
const scale = large.contracts / small.contracts;

console.log(
  `${small.engine} ${small.contracts.toLocaleString("en-US")} → ${large.engine} ${large.contracts.toLocaleString("en-US")} contracts (×${scale.toFixed(1)}); linear work grows ×${scale.toFixed(1)} in total and ×1 per chunk`,
);
const phases = (r: typeof small) => [...r.loadPhases, ...r.phases.filter((p) => p.name !== "load")];
for (const p of phases(large)) {
  const before = phases(small).find((q) => q.name === p.name);
  const growth = before ? (p.seconds / before.seconds).toFixed(1) : "?";
  console.log(
    `\n${p.name}: ${before?.seconds.toFixed(2)} s → ${p.seconds.toFixed(2)} s (×${growth})`,
  );
  for (const s of p.top) {
    const b = before?.top.find((t) => t.statement === s.statement);
    const msEach = (x: { ms: number; calls: number }) => x.ms / x.calls;
    const was = b
      ? `${String(b.calls).padStart(5)}× ${msEach(b).toFixed(1).padStart(8)} ms`
      : "     (not in top)";
    const factor = b ? `×${(msEach(s) / msEach(b)).toFixed(1)} per call` : "";
    console.log(
      `  ${was}  →  ${String(s.calls).padStart(5)}× ${msEach(s).toFixed(1).padStart(8)} ms  ${factor.padEnd(15)} ${s.statement.slice(0, 60)}`,
    );
  }
}
