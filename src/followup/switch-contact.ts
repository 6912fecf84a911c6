/**
 * The customer said the message went to the wrong person and named another: once a person
 * confirms, the named contact becomes the billing contact (an upsert, like a contacts import),
 * the old one is not written to again on that channel, and reminders resume.
 */

import type { Classification } from "../assist/model.js";
import { type Actor, audit } from "../kernel/audit.js";
import type { Clock } from "../kernel/clock.js";
import type { Db } from "../kernel/db.js";
import { CashloopError } from "../kernel/errors.js";
import type { Ids } from "../kernel/ids.js";
import { applySourceRows } from "../sources/apply-source-rows.js";

type NewContact = NonNullable<Classification["newContact"]>;

import { completeTask, getTask } from "./tasks.js";

export async function switchContact(
  deps: { db: Db; clock: Clock; ids: Ids },
  input: { orgId: string; taskId: string; resolution: string; actor: Actor },
): Promise<{ contactExternalId: string; email: string | null; resumed: boolean }> {
  const task = await getTask(deps.db, input.orgId, input.taskId);
  const named = task?.data.newContact as NewContact | null | undefined;
  if (task?.kind !== "wrong_contact" || !task.customerId || !named?.email) {
    throw new CashloopError(
      "no_contact_to_switch",
      `${input.taskId}: not a wrong-contact task that names a new email address`,
    );
  }
  const [customer] = await deps.db.query<{ externalId: string }>(
    `SELECT external_id AS "externalId" FROM customers WHERE org_id = $1 AND id = $2`,
    [input.orgId, task.customerId],
  );
  const oldContacts = await deps.db.query<{ id: string }>(
    `SELECT id FROM contacts WHERE org_id = $1 AND customer_id = $2 AND email IS NOT NULL AND lower(email) <> lower($3)`,
    [input.orgId, task.customerId, named.email],
  );
  const externalId = `${customer?.externalId ?? task.customerId}-${task.id.slice(-8).toUpperCase()}`;
  await applySourceRows(deps, {
    orgId: input.orgId,
    kind: "contacts",
    file: `task ${task.id}`,
    actor: input.actor,
    rows: [
      {
        line: 1,
        record: {
          externalId,
          customerExternalId: customer?.externalId ?? "",
          name: named.name ?? named.email,
          role: "billing",
          email: named.email,
          phone: named.phone,
          whatsappOptIn: false,
        },
      },
    ],
  });
  await deps.db.transaction(async (tx) => {
    for (const old of oldContacts) {
      await tx.query(
        `INSERT INTO contact_blocks (org_id, contact_id, channel, reason, detail, created_at)
         VALUES ($1, $2, 'email', 'wrong_contact', $3, $4) ON CONFLICT DO NOTHING`,
        [input.orgId, old.id, `replaced by ${named.email}`, deps.clock.now()],
      );
    }
    await audit(tx, deps.ids, {
      orgId: input.orgId,
      actor: input.actor,
      action: "contact.switched",
      subjectId: task.customerId as string,
      before: { contacts: oldContacts.map((c) => c.id) },
      after: { contact: externalId, email: named.email },
      at: deps.clock.now(),
    });
  });
  const done = await completeTask(deps, {
    orgId: input.orgId,
    id: task.id,
    resolution: input.resolution,
    resume: true,
    actor: input.actor,
  });
  return { contactExternalId: externalId, email: named.email, resumed: done.resumed };
}
