/**
 * What a bench measures: wall time per phase, the part of it spent waiting on the database (per
 * statement shape, with call counts), and the process's resident memory.
 */
import { performance } from "node:perf_hooks";
import type { Db, Queryable } from "../src/kernel/db.js";
import { profiled } from "./profile.js";

/** One statement shape: its first characters, how often it ran, how long it took in all. */
export type SqlStat = { statement: string; calls: number; ms: number };

export type PhaseResult = {
  name: string;
  seconds: number;
  /** Time spent awaiting the database (queries, begin and commit), parse of results included. */
  dbSeconds: number;
  queries: number;
  /** The statements that took the most time, at most `topStatementsMax`. */
  top: SqlStat[];
};

export const topStatementsMax = 10;
const statementChars = 90;

/** Collects database time per statement shape until `take()` hands it over and starts afresh. */
export class SqlMeter {
  private stats = new Map<string, SqlStat>();

  record(sql: string, ms: number): void {
    const statement = sql.replace(/\s+/g, " ").trim().slice(0, statementChars);
    const stat = this.stats.get(statement) ?? { statement, calls: 0, ms: 0 };
    stat.calls += 1;
    stat.ms += ms;
    this.stats.set(statement, stat);
  }

  take(): SqlStat[] {
    const out = [...this.stats.values()].sort((a, b) => b.ms - a.ms);
    this.stats = new Map();
    return out;
  }
}

function metered(target: Queryable, meter: SqlMeter): Queryable {
  return {
    async query<T>(sql: string, params?: readonly unknown[]) {
      const started = performance.now();
      try {
        return await target.query<T>(sql, params);
      } finally {
        meter.record(sql, performance.now() - started);
      }
    },
    async exec(sql: string) {
      const started = performance.now();
      try {
        await target.exec(sql);
      } finally {
        meter.record(sql, performance.now() - started);
      }
    },
  };
}

/** The same Db, with every statement timed into `meter`; BEGIN and COMMIT count as one shape. */
export function meteredDb(db: Db, meter: SqlMeter): Db {
  const root = metered(db, meter);
  return {
    engine: db.engine,
    query: root.query,
    exec: root.exec,
    async transaction(fn) {
      const started = performance.now();
      let innerMs = 0;
      try {
        return await db.transaction(async (tx) => {
          const innerStarted = performance.now();
          try {
            return await fn(metered(tx, meter));
          } finally {
            innerMs = performance.now() - innerStarted;
          }
        });
      } finally {
        meter.record("(begin + commit)", performance.now() - started - innerMs);
      }
    },
    close: () => db.close(),
  };
}

/** Runs `fn` as one named phase: wall time, and what the meter saw meanwhile. */
export async function timePhase<T>(
  name: string,
  meter: SqlMeter,
  fn: () => Promise<T>,
): Promise<{ value: T; phase: PhaseResult }> {
  meter.take();
  const started = performance.now();
  const value = await profiled(name, fn);
  const seconds = (performance.now() - started) / 1000;
  const stats = meter.take();
  const phase: PhaseResult = {
    name,
    seconds,
    dbSeconds: stats.reduce((sum, s) => sum + s.ms, 0) / 1000,
    queries: stats.reduce((sum, s) => sum + s.calls, 0),
    top: stats.slice(0, topStatementsMax),
  };
  console.log(`  ${describePhase(phase)}`);
  return { value, phase };
}

export function describePhase(p: PhaseResult): string {
  const js = Math.max(0, p.seconds - p.dbSeconds);
  return `${p.name.padEnd(22)} ${p.seconds.toFixed(2).padStart(8)} s  (database ${p.dbSeconds.toFixed(2)} s in ${p.queries.toLocaleString("en-US")} statements, JavaScript ${js.toFixed(2)} s)`;
}

/** Samples RSS every `intervalMs`; `peakMb()` also reads the kernel's own high-water mark. */
export function rssSampler(intervalMs = 50): { peakMb(): number; stop(): void } {
  let peakBytes = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peakBytes = Math.max(peakBytes, process.memoryUsage().rss);
  }, intervalMs);
  timer.unref();
  return {
    peakMb: () => {
      const kernelPeakBytes = process.resourceUsage().maxRSS * 1024; // maxRSS is in KiB
      return Math.max(peakBytes, kernelPeakBytes, process.memoryUsage().rss) / 2 ** 20;
    },
    stop: () => clearInterval(timer),
  };
}
