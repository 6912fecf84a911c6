import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = join(import.meta.dirname, "..", "src");

/** Which top-level folders of src/ each folder may import from (besides itself). */
const ALLOWED: Record<string, string[]> = {
  kernel: [],
  sources: ["kernel"],
  demo: ["kernel", "sources"],
  billing: ["kernel", "sources"],
  assist: ["kernel", "sources", "billing"],
  delivery: ["kernel", "sources", "billing", "assist"],
  followup: ["kernel", "sources", "billing", "assist", "delivery", "reconcile"],
  reconcile: ["kernel", "sources", "billing", "assist"],
  insight: ["kernel", "sources", "billing", "assist", "delivery", "followup", "reconcile"],
  connect: ["kernel", "sources", "billing", "delivery", "followup", "reconcile", "insight"],
  app: [
    "kernel",
    "sources",
    "demo",
    "billing",
    "assist",
    "delivery",
    "followup",
    "reconcile",
    "insight",
    "connect",
  ],
  cli: ["app", "server"],
  server: ["app"],
  worker: ["app"],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith(".ts") && !path.endsWith(".test.ts") ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/^\s*(?:import|export)[^;]*?from\s+["']([^"']+)["']/gm)].map(
    (m) => m[1] as string,
  );
}

describe("import direction", () => {
  it("every folder of src/ imports only the folders the architecture allows", () => {
    const violations: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const folder = relative(SRC, file).split("/")[0] as string;
      const allowed = ALLOWED[folder];
      if (!allowed) {
        violations.push(`${relative(SRC, file)}: folder src/${folder} is not in the architecture`);
        continue;
      }
      for (const spec of importsOf(file)) {
        if (!spec.startsWith(".")) continue;
        const target = relative(SRC, join(file, "..", spec)).split("/")[0] as string;
        if (target !== folder && !allowed.includes(target)) {
          violations.push(`${relative(SRC, file)} imports ${spec} (src/${target})`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it("only kernel/clock.ts reads the system time", () => {
    const offenders = sourceFiles(SRC).filter((file) => {
      if (file.endsWith(join("kernel", "clock.ts"))) return false;
      const text = readFileSync(file, "utf8");
      return /Date\.now\(\)|new Date\(\)|performance\.now\(\)/.test(text);
    });
    expect(offenders.map((f) => relative(SRC, f))).toEqual([]);
  });

  it("no money is parsed with parseFloat or Number on a decimal string", () => {
    const offenders = sourceFiles(SRC).filter((file) =>
      /parseFloat\(/.test(readFileSync(file, "utf8")),
    );
    expect(offenders.map((f) => relative(SRC, f))).toEqual([]);
  });
});
