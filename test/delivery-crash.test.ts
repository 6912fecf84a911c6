/**
 * No message is sent twice (ARCHITECTURE.md, "Exactly once"; src/delivery/dispatch-outbox.ts).
 *
 * The demo business is billed, approved and followed up through the CLI, so reminders are
 * queued. Then, against a recording SMTP server:
 *
 * 1. `cashloop send` runs in a child process and is killed with SIGKILL after the server has
 *    received and recorded the first message but before it answered 250: the provider has the
 *    message, the outbox row still says `sending`. The next `send`, once the lease (LEASE_MS)
 *    has expired, marks that row `uncertain`, opens a "delivery_uncertain" task and does not
 *    hand the message to the server again.
 * 2. Re-running a whole day (`tick --as-of <date>`, twice) delivers nothing the second time.
 *
 * Throughout, every message the server ever received carries a distinct X-Cashloop-Key.
 * On PGlite the killed child also leaves its data-dir lock behind: the next command takes it
 * over, and everything the child had committed is still there.
 * Only the message in flight becomes uncertain: the rest of the killed dispatcher's batch was
 * leased but never marked `sending`, so it is delivered once the lease lapses.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_DATABASE_URL, uniqueSchema } from "./support/engines.js";
import { runCli } from "./support/run-cli.js";
import { type SmtpRecorder, startSmtpRecorder } from "./support/smtp-recorder.js";

const ROOT = join(import.meta.dirname, "..");
const BILLED_ON = "2026-11-02"; // a Monday: the demo is billed and approved on it
const QUEUED_AT = "2026-11-03T15:00:00Z"; // 10:00 in New York: inside the sending window
const KILLED_AT = "2026-11-03T15:01:00Z"; // the dispatcher that is killed claims its rows here
const AFTER_LEASE = "2026-11-03T15:10:00Z"; // the claim's 5-minute lease has run out
const RERUN_DAY = "2026-11-03";

type OutboxJson = { key: string; status: string };
type TaskJson = { kind: string; title: string };
type SendJson = { sent: { sent: number; uncertain: number } };
type Exit = { code: number | null; signal: NodeJS.Signals | null; stderr: string };

/** Where the CLI keeps its data: a PGlite folder always, PostgreSQL when configured. */
type Target = {
  name: string;
  dataDir: string | null;
  args: string[];
  setUp(): Promise<void>;
  tearDown(): Promise<void>;
};

function pgliteTarget(): Target {
  const dir = mkdtempSync(join(tmpdir(), "cashloop-crash-"));
  return {
    name: "PGlite data folder",
    dataDir: dir,
    args: ["--data", dir],
    setUp: async () => {},
    tearDown: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

function postgresTarget(databaseUrl: string): Target {
  const schema = uniqueSchema();
  const client = new pg.Client({ connectionString: databaseUrl });
  const url = new URL(databaseUrl);
  url.searchParams.set("options", `-c search_path=${schema}`);
  return {
    name: "PostgreSQL",
    dataDir: null,
    args: ["--database-url", url.toString()],
    setUp: async () => {
      await client.connect();
      await client.query(`CREATE SCHEMA ${schema}`);
    },
    tearDown: async () => {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  };
}

const targets = () => [
  pgliteTarget(),
  ...(TEST_DATABASE_URL ? [postgresTarget(TEST_DATABASE_URL)] : []),
];

describe.each(targets())(
  "a dispatcher killed mid-delivery, and a day run twice ($name)",
  (target) => {
    let smtp: SmtpRecorder;
    let child: ChildProcessWithoutNullStreams | null = null;
    let childExit: Promise<Exit> | null = null;
    let killed = false;
    let queuedKeys: string[] = [];
    let killedKey = "";

    async function cli(args: string[], env: Record<string, string> = {}): Promise<string> {
      const r = await runCli([...target.args, ...args], env);
      expect(r.stderr, `cashloop ${args.join(" ")}`).toBe("");
      expect(r.code, `cashloop ${args.join(" ")}`).toBe(0);
      return r.stdout;
    }
    const json = async <T>(args: string[], env: Record<string, string> = {}): Promise<T> =>
      JSON.parse(await cli(["--json", ...args], env)) as T;
    const outbox = (asOf: string, status?: string) =>
      json<OutboxJson[]>([
        "--as-of",
        asOf,
        "outbox",
        "list",
        ...(status ? ["--status", status] : []),
      ]);
    const statusOf = (rows: OutboxJson[], key: string) => rows.find((r) => r.key === key)?.status;
    const keysReceived = () => smtp.messages.map((m) => m.xKey);

    /** `cashloop send` in a child process, run as spawnCli runs it, but kept so it can be killed. */
    function spawnSend(asOf: string): Promise<Exit> {
      const proc = spawn(
        process.execPath,
        ["--import", "tsx", "src/cli/run.ts", ...target.args, "--as-of", asOf, "send"],
        {
          cwd: ROOT,
          env: { ...process.env, DATABASE_URL: "", CASHLOOP_DATA: "", SMTP_URL: smtp.url },
        },
      );
      child = proc;
      let stderr = "";
      proc.stderr.on("data", (d) => {
        stderr += d;
      });
      childExit = new Promise((resolve, reject) => {
        proc.on("error", reject);
        proc.on("exit", (code, signal) => resolve({ code, signal, stderr }));
      });
      return childExit;
    }

    beforeAll(async () => {
      smtp = await startSmtpRecorder({
        // The first message is in the server's hands; its sender dies before hearing 250.
        async beforeAccept() {
          if (killed || !child) return;
          killed = true;
          child.kill("SIGKILL");
          await childExit;
        },
      });
      await target.setUp();
      await cli(["--as-of", BILLED_ON, "demo", "--months", "1"]);
      await cli(["--as-of", BILLED_ON, "bill"]);
      await cli(["--as-of", BILLED_ON, "review", "approve", "--all"]);
      await cli(["--as-of", QUEUED_AT, "followup", "run"]);
      queuedKeys = (await outbox(QUEUED_AT, "queued")).map((r) => r.key);
    }, 120_000);

    afterAll(async () => {
      child?.kill("SIGKILL");
      await smtp?.close();
      await target.tearDown();
    });

    it("the message in flight when the dispatcher is killed becomes uncertain and is never sent again", async () => {
      expect(queuedKeys.length).toBeGreaterThan(1);

      const exit = await spawnSend(KILLED_AT);
      expect(exit.signal, exit.stderr).toBe("SIGKILL");
      expect(smtp.messages).toHaveLength(1);
      killedKey = smtp.messages[0]?.xKey ?? "";
      expect(queuedKeys).toContain(killedKey);

      if (target.dataDir) {
        // SIGKILL runs no cleanup: the dead child's lock stays, and the next command takes it over.
        const lock = join(target.dataDir, "cashloop.lock");
        expect(existsSync(lock)).toBe(true);
        expect(Number(readFileSync(lock, "utf8"))).toBe(child?.pid);
      }
      // The claim was committed before the provider was called, and survived the kill.
      const afterKill = await outbox(KILLED_AT);
      expect(statusOf(afterKill, killedKey)).toBe("sending");

      // Within the lease nothing is recovered: the row might still be in a live dispatcher's hands.
      const early = await json<SendJson>(["--as-of", KILLED_AT, "send"], { SMTP_URL: smtp.url });
      expect(early.sent).toMatchObject({ sent: 0, uncertain: 0 });
      expect(smtp.messages).toHaveLength(1);

      const recovered = await json<SendJson>(["--as-of", AFTER_LEASE, "send"], {
        SMTP_URL: smtp.url,
      });
      expect(recovered.sent.uncertain).toBeGreaterThanOrEqual(1);

      const rows = await outbox(AFTER_LEASE);
      expect(statusOf(rows, killedKey)).toBe("uncertain");
      const tasks = await json<TaskJson[]>([
        "--as-of",
        AFTER_LEASE,
        "tasks",
        "list",
        "--kind",
        "delivery_uncertain",
      ]);
      expect(tasks.filter((t) => t.title.includes(killedKey))).toHaveLength(1);

      // Never a second delivery of the killed key, nor of any other.
      expect(keysReceived().filter((k) => k === killedKey)).toHaveLength(1);
      expect(new Set(keysReceived()).size).toBe(smtp.messages.length);
      // Every queued row was settled one way or the other: none is left `sending` or `queued`;
      // what is `sent` reached the server once, and every `uncertain` row has a task.
      const received = keysReceived();
      for (const key of queuedKeys) {
        const status = statusOf(rows, key);
        expect(["sent", "uncertain"], key).toContain(status);
        const evidence = status === "sent" ? received : tasks.map((t) => t.title);
        expect(
          evidence.filter((e) => e?.includes(key)),
          key,
        ).toHaveLength(1);
      }
    }, 120_000);

    it("only the message in flight becomes uncertain; the rest of its batch is delivered", async () => {
      const rows = await outbox(AFTER_LEASE);
      const uncertain = rows.filter((r) => r.status === "uncertain").map((r) => r.key);
      expect(uncertain).toEqual([killedKey]);
      const others = queuedKeys.filter((k) => k !== killedKey);
      expect(others.map((k) => statusOf(rows, k))).toEqual(others.map(() => "sent"));
    });

    it("re-running a day sends nothing the second time", async () => {
      const env = { SMTP_URL: smtp.url };
      await json<SendJson>(["--as-of", RERUN_DAY, "tick"], env);
      const afterFirst = smtp.messages.length;
      const second = await json<SendJson>(["--as-of", RERUN_DAY, "tick"], env);
      expect(second.sent).toMatchObject({ sent: 0 });
      expect(smtp.messages).toHaveLength(afterFirst);

      expect(keysReceived().filter((k) => k === killedKey)).toHaveLength(1);
      expect(new Set(keysReceived()).size).toBe(smtp.messages.length);
      expect(statusOf(await outbox(RERUN_DAY), killedKey)).toBe("uncertain");
    }, 120_000);
  },
);
