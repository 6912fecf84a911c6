/**
 * Tasks: the work follow-up hands to a person, each with its reason and the invoice's history
 * in a few sentences. Opening a task is keyed, so the same situation never opens two.
 */
import { type Actor, audit } from "../kernel/audit.js";
import type { Clock } from "../kernel/clock.js";
import type { CalendarDate, Instant } from "../kernel/dates.js";
import type { Db, Queryable } from "../kernel/db.js";
import { CashloopError } from "../kernel/errors.js";
import type { Ids } from "../kernel/ids.js";
import { invoiceSummary } from "./escalation-facts.js";
import type { Task, TaskKind } from "./model.js";

export type NewTask = {
  orgId: string;
  /** Unique per organisation: the same key never opens a second task. */
  key: string;
  kind: TaskKind;
  title: string;
  /** Extra sentences before the invoice's history. */
  detail?: string;
  customerId: string | null;
  invoiceId: string | null;
  data?: Record<string, unknown>;
  dueOn: CalendarDate;
  /** The organisation's zone (for the summary's dates). */
  zone: string;
};

/** Opens a task unless one with its key exists; returns its id when it was opened. */
export async function openTask(
  tx: Queryable,
  deps: { ids: Ids; now: Instant },
  task: NewTask,
): Promise<string | null> {
  const history = task.invoiceId
    ? await invoiceSummary(tx, {
        orgId: task.orgId,
        invoiceId: task.invoiceId,
        zone: task.zone,
        now: deps.now,
      })
    : "";
  const summary = [task.detail, history].filter(Boolean).join(" ");
  const id = deps.ids.next("tsk");
  const rows = await tx.query(
    `INSERT INTO tasks (org_id, id, key, kind, title, summary, customer_id, invoice_id, data, due_on, status, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::text::jsonb, $10, 'open', $11)
     ON CONFLICT (org_id, key) DO NOTHING RETURNING id`,
    [
      task.orgId,
      id,
      task.key,
      task.kind,
      task.title,
      summary,
      task.customerId,
      task.invoiceId,
      JSON.stringify(task.data ?? {}),
      task.dueOn,
      deps.now,
    ],
  );
  if (rows.length === 0) return null;
  await audit(tx, deps.ids, {
    orgId: task.orgId,
    actor: { kind: "rule", id: "followup" },
    action: "task.opened",
    subjectId: id,
    before: null,
    after: { kind: task.kind, title: task.title, invoiceId: task.invoiceId, key: task.key },
    at: deps.now,
  });
  return id;
}

const TASK_SELECT = `SELECT id, kind, title, summary, customer_id AS "customerId", invoice_id AS "invoiceId", data,
  due_on AS "dueOn", status, resolution, created_at AS "createdAt", done_at AS "doneAt" FROM tasks`;

export async function listTasks(
  db: Queryable,
  orgId: string,
  filter: { status?: "open" | "done"; kind?: string; invoiceId?: string } = {},
): Promise<Task[]> {
  return db.query<Task>(
    `${TASK_SELECT} WHERE org_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR kind = $3)
        AND ($4::text IS NULL OR invoice_id = $4)
      ORDER BY due_on, created_at, id`,
    [orgId, filter.status ?? null, filter.kind ?? null, filter.invoiceId ?? null],
  );
}

export async function getTask(db: Queryable, orgId: string, id: string): Promise<Task | null> {
  const [row] = await db.query<Task>(`${TASK_SELECT} WHERE org_id = $1 AND id = $2`, [orgId, id]);
  return row ?? null;
}

/** Kinds whose task, once done, hands the invoice back to automatic reminders. */
const RESUMES: readonly TaskKind[] = [
  "partial_payment",
  "paid_claim",
  "wrong_contact",
  "question",
  "unclear_reply",
];

/**
 * Marks a task done with what the person decided. For a pause the task caused (partial
 * payment, paid claim, question…), `resume` puts the invoice back on its cadence.
 */
export async function completeTask(
  deps: { db: Db; clock: Clock; ids: Ids },
  input: { orgId: string; id: string; resolution: string; resume: boolean; actor: Actor },
): Promise<{ task: Task; resumed: boolean }> {
  return deps.db.transaction(async (tx) => {
    const task = await getTask(tx, input.orgId, input.id);
    if (!task) throw new CashloopError("task_not_found", `${input.id}: no such task`);
    if (task.status === "done") {
      throw new CashloopError("task_done", `${input.id}: the task is already done`);
    }
    const now = deps.clock.now();
    await tx.query(
      `UPDATE tasks SET status = 'done', resolution = $3, done_at = $4 WHERE org_id = $1 AND id = $2`,
      [input.orgId, input.id, input.resolution, now],
    );
    let resumed = false;
    if (input.resume && task.invoiceId && RESUMES.includes(task.kind)) {
      const rows = await tx.query(
        `UPDATE followup_invoices SET mode = 'auto', reason = $3, paused_until = NULL, updated_at = $4
          WHERE org_id = $1 AND invoice_id = $2 AND mode = 'paused' RETURNING invoice_id`,
        [input.orgId, task.invoiceId, `resumed after task ${task.id}`, now],
      );
      resumed = rows.length > 0;
    }
    await audit(tx, deps.ids, {
      orgId: input.orgId,
      actor: input.actor,
      action: "task.done",
      subjectId: task.id,
      before: { status: "open" },
      after: { status: "done", resolution: input.resolution, resumed },
      at: now,
    });
    return {
      task: { ...task, status: "done", resolution: input.resolution, doneAt: now },
      resumed,
    };
  });
}
