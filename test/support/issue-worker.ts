// A separate process that issues drafts until none are left: for the concurrency and crash tests.
// Usage: node --import tsx test/support/issue-worker.ts DATABASE_URL SCHEMA ORG_ID PER_TRANSACTION
import { issueInvoices } from "../../src/billing/issue-invoices.js";
import { systemClock } from "../../src/kernel/clock.js";
import { openPostgres } from "../../src/kernel/db-postgres.js";
import { idGenerator } from "../../src/kernel/ids.js";
import { secureRandom } from "../../src/kernel/random.js";
import { listOrganisations } from "../../src/sources/store.js";

const [url, schema, orgId, perTx] = process.argv.slice(2);
const db = await openPostgres(url as string, { schema: schema as string, poolSize: 2 });
const clock = systemClock();
const deps = { db, clock, ids: idGenerator(clock, secureRandom()), random: secureRandom() };
const org = (await listOrganisations(db)).find((o) => o.id === orgId);
if (!org) throw new Error(`no organisation ${orgId}`);
process.stdout.write("started\n");
let issued = 0;
for (;;) {
  const rows = await db.query<{ id: string }>(
    "SELECT id FROM invoices WHERE org_id = $1 AND status = 'draft' ORDER BY random() LIMIT 200",
    [orgId],
  );
  if (rows.length === 0) break;
  const refs = await issueInvoices(deps, {
    org,
    invoiceIds: rows.map((r) => r.id),
    actor: { kind: "rule", id: `worker:${process.pid}` },
    perTransaction: Number(perTx),
  });
  issued += refs.length;
}
process.stdout.write(`${issued}\n`);
await db.close();
