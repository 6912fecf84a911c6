/**
 * The dispatcher: leases a batch of due outbox rows with FOR UPDATE SKIP LOCKED (so any number
 * of workers can share the outbox); then, one row at a time, checks it again at that moment,
 * marks it `sending` and commits BEFORE calling the provider, and records what the provider said.
 *
 * The crash trade-off: a row found still `sending` after its lease expired was handed to a
 * provider by a dispatcher that died before recording the answer. Payment links are created
 * with the outbox key as Stripe's idempotency key, so they are simply retried. Email (plain
 * SMTP) and WhatsApp have no idempotency key: re-sending could deliver a second copy, so such a
 * row becomes `uncertain` and a person decides (a "delivery uncertain" task). Nothing is lost
 * silently and nothing goes out twice; the price is an occasional task after a crash.
 */
import type { Clock } from "../kernel/clock.js";
import { type Instant, instantFromMs, instantToMs } from "../kernel/dates.js";
import type { Db, Queryable } from "../kernel/db.js";
import { CashloopError } from "../kernel/errors.js";
import {
  type EmailSender,
  type OutboxChannel,
  type OutgoingEmail,
  type OutgoingWhatsApp,
  type PaymentLink,
  type PaymentLinkProvider,
  type PaymentLinkRequest,
  SendFailure,
  type SendReceipt,
  type WhatsAppSender,
} from "./model.js";
import { OUTBOX_SELECT, type OutboxRow, setOutboxStatus } from "./outbox-store.js";

export type Channels = {
  email?: EmailSender | undefined;
  whatsapp?: WhatsAppSender | undefined;
  paymentLinks?: PaymentLinkProvider | undefined;
};

export type Rendered =
  | { kind: "email"; email: OutgoingEmail }
  | { kind: "whatsapp"; message: OutgoingWhatsApp }
  | { kind: "payment_link"; request: PaymentLinkRequest };

export type Check =
  | { action: "send" }
  | { action: "cancel"; reason: string }
  | { action: "later"; at: Instant; reason: string };

export type Outcome =
  | { status: "sent"; receipt: SendReceipt; link: PaymentLink | null }
  | { status: "cancelled"; reason: string }
  | { status: "failed"; reason: string; code: string | null }
  | { status: "uncertain"; reason: string };

/** What the caller (follow-up, wired in app/) decides for each row. */
export type DispatchHooks = {
  /** The row is locked; read fresh state and decide. */
  check(tx: Queryable, row: OutboxRow): Promise<Check>;
  render(tx: Queryable, row: OutboxRow): Promise<Rendered>;
  /** Called in the transaction that records the row's final outcome. */
  settled(tx: Queryable, row: OutboxRow, outcome: Outcome): Promise<void>;
};

export type DispatchReport = {
  sent: number;
  cancelled: number;
  deferred: number;
  retrying: number;
  failed: number;
  uncertain: number;
};

/** Delays after the 1st, 2nd… failed attempt; after the last one the row fails for good. */
export const RETRY_DELAYS_MS = [60_000, 300_000, 1_800_000, 7_200_000, 21_600_000];
export const LEASE_MS = 5 * 60_000;

export async function dispatchOutbox(
  deps: { db: Db; clock: Clock },
  options: { channels: Channels; hooks: DispatchHooks; orgId?: string; batch?: number },
): Promise<DispatchReport> {
  const report: DispatchReport = {
    sent: 0,
    cancelled: 0,
    deferred: 0,
    retrying: 0,
    failed: 0,
    uncertain: 0,
  };
  const ready = readyChannels(options.channels);
  await recoverExpired(deps, options, ready, report);
  // Payment links first, so the day's messages can carry them.
  for (const group of [["payment_link"], ["email", "whatsapp"]] as OutboxChannel[][]) {
    const channels = ready.filter((c) => group.includes(c));
    for (;;) {
      const batch = await claimBatch(deps, options, channels);
      if (batch.length === 0) break;
      for (const row of batch) {
        const claimed = await prepare(deps, options, row, report);
        if (claimed) await deliver(deps, options, claimed, report);
      }
    }
  }
  return report;
}

function readyChannels(channels: Channels): OutboxChannel[] {
  const ready: OutboxChannel[] = [];
  if (channels.email) ready.push("email");
  if (channels.whatsapp) ready.push("whatsapp");
  if (channels.paymentLinks) ready.push("payment_link");
  return ready;
}

async function recoverExpired(
  deps: { db: Db; clock: Clock },
  options: { hooks: DispatchHooks; orgId?: string },
  ready: OutboxChannel[],
  report: DispatchReport,
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const stale = await tx.query<OutboxRow>(
      `${OUTBOX_SELECT} WHERE status = 'sending' AND claimed_until < $1 AND ($2::text IS NULL OR org_id = $2)
        FOR UPDATE SKIP LOCKED`,
      [now, options.orgId ?? null],
    );
    for (const row of stale) {
      if (row.channel === "payment_link" && ready.includes("payment_link")) {
        // Idempotent at the provider: the same key returns the same link.
        await setOutboxStatus(tx, row, { status: "queued", nextAttemptAt: now }, now);
        continue;
      }
      const reason =
        "the dispatcher stopped after handing this message to the provider and before recording its answer; it may or may not have been delivered, so it is not sent again automatically";
      await setOutboxStatus(tx, row, { status: "uncertain", reason }, now);
      await options.hooks.settled(tx, row, { status: "uncertain", reason });
      report.uncertain++;
    }
  });
}

type Claimed = { row: OutboxRow; rendered: Rendered };

/**
 * Takes a lease on a batch of due rows (they stay `queued`): other workers skip them, and if
 * this one dies before handing a row over, the lease lapses and the row is claimable again.
 */
async function claimBatch(
  deps: { db: Db; clock: Clock },
  options: { orgId?: string; batch?: number },
  channels: OutboxChannel[],
): Promise<OutboxRow[]> {
  if (channels.length === 0) return [];
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const rows = await tx.query<OutboxRow>(
      `${OUTBOX_SELECT} WHERE status = 'queued' AND next_attempt_at <= $1 AND channel = ANY($2::text[])
          AND (claimed_until IS NULL OR claimed_until < $1) AND ($3::text IS NULL OR org_id = $3)
        ORDER BY next_attempt_at, id
        LIMIT $4 FOR UPDATE SKIP LOCKED`,
      [now, channels, options.orgId ?? null, options.batch ?? 50],
    );
    if (rows.length > 0) {
      await tx.query(
        `UPDATE outbox SET claimed_until = $2 WHERE id = ANY($1::text[]) AND status = 'queued'`,
        [rows.map((r) => r.id), instantFromMs(instantToMs(now) + LEASE_MS)],
      );
    }
    return rows;
  });
}

/**
 * One row, at the moment it would go out: checked again against fresh state (paid since? a
 * reply arrived?), rendered, and marked `sending` in a committed transaction before the
 * provider is called. Returns null when the row was cancelled or deferred instead.
 */
async function prepare(
  deps: { db: Db; clock: Clock },
  options: { hooks: DispatchHooks },
  claimed: OutboxRow,
  report: DispatchReport,
): Promise<Claimed | null> {
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const [row] = await tx.query<OutboxRow>(
      `${OUTBOX_SELECT} WHERE org_id = $1 AND id = $2 AND status = 'queued' FOR UPDATE`,
      [claimed.orgId, claimed.id],
    );
    if (!row) return null;
    const check = await options.hooks.check(tx, row);
    if (check.action === "cancel") {
      await setOutboxStatus(tx, row, { status: "cancelled", reason: check.reason }, now);
      await options.hooks.settled(tx, row, { status: "cancelled", reason: check.reason });
      report.cancelled++;
      return null;
    }
    if (check.action === "later") {
      await setOutboxStatus(
        tx,
        row,
        { status: "queued", reason: check.reason, nextAttemptAt: check.at },
        now,
      );
      report.deferred++;
      return null;
    }
    const rendered = await options.hooks.render(tx, row);
    await tx.query(
      `UPDATE outbox SET status = 'sending', attempts = attempts + 1, claimed_until = $3,
              rendered = $4::text::jsonb, updated_at = $5
        WHERE org_id = $1 AND id = $2`,
      [
        row.orgId,
        row.id,
        instantFromMs(instantToMs(now) + LEASE_MS),
        JSON.stringify(storedForm(rendered)),
        now,
      ],
    );
    return { row: { ...row, attempts: row.attempts + 1 }, rendered };
  });
}

/** What is kept of a rendered message: everything but attachment bytes. */
function storedForm(rendered: Rendered): unknown {
  if (rendered.kind !== "email") return rendered;
  return {
    kind: "email",
    email: {
      ...rendered.email,
      attachments: rendered.email.attachments.map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        size: a.content.length,
      })),
    },
  };
}

async function deliver(
  deps: { db: Db; clock: Clock },
  options: { channels: Channels; hooks: DispatchHooks },
  { row, rendered }: Claimed,
  report: DispatchReport,
): Promise<void> {
  let outcome: Outcome;
  let retryReason: string | null = null;
  try {
    const { receipt, link } = await callProvider(options.channels, rendered);
    outcome = { status: "sent", receipt, link };
  } catch (error) {
    // A CashloopError is raised before anything is handed over (a bad number, a missing
    // template): nothing went out, and trying again would not help.
    const failure =
      error instanceof SendFailure
        ? error
        : error instanceof CashloopError
          ? new SendFailure("permanent", error.message, error.code)
          : new SendFailure("uncertain", error instanceof Error ? error.message : String(error));
    if (failure.kind === "retry" && row.attempts < RETRY_DELAYS_MS.length) {
      retryReason = failure.message;
      outcome = { status: "failed", reason: failure.message, code: failure.providerCode };
    } else if (failure.kind === "uncertain") {
      outcome = { status: "uncertain", reason: failure.message };
    } else {
      outcome = { status: "failed", reason: failure.message, code: failure.providerCode };
    }
  }
  await deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    if (retryReason !== null) {
      const delay = RETRY_DELAYS_MS[row.attempts - 1] ?? 0;
      await setOutboxStatus(
        tx,
        row,
        {
          status: "queued",
          reason: `attempt ${row.attempts} failed: ${retryReason}`,
          nextAttemptAt: instantFromMs(instantToMs(now) + delay),
        },
        now,
      );
      report.retrying++;
      return;
    }
    if (outcome.status === "sent") {
      await setOutboxStatus(
        tx,
        row,
        {
          status: "sent",
          provider: outcome.receipt.provider,
          providerMessageId: outcome.receipt.providerMessageId,
          sentAt: now,
        },
        now,
      );
      report.sent++;
    } else if (outcome.status === "uncertain") {
      await setOutboxStatus(tx, row, { status: "uncertain", reason: outcome.reason }, now);
      report.uncertain++;
    } else if (outcome.status === "failed") {
      await setOutboxStatus(tx, row, { status: "failed", reason: outcome.reason }, now);
      report.failed++;
    }
    await options.hooks.settled(tx, row, outcome);
  });
}

async function callProvider(
  channels: Channels,
  rendered: Rendered,
): Promise<{ receipt: SendReceipt; link: PaymentLink | null }> {
  switch (rendered.kind) {
    case "email": {
      if (!channels.email) throw new SendFailure("retry", "no email sender is configured");
      return { receipt: await channels.email.send(rendered.email), link: null };
    }
    case "whatsapp": {
      if (!channels.whatsapp) throw new SendFailure("retry", "no WhatsApp sender is configured");
      return { receipt: await channels.whatsapp.send(rendered.message), link: null };
    }
    case "payment_link": {
      if (!channels.paymentLinks) throw new SendFailure("retry", "no payment-link provider");
      const link = await channels.paymentLinks.create(rendered.request);
      return {
        receipt: {
          provider: link.provider,
          providerMessageId: link.externalId,
          accepted: [],
          rejected: [],
        },
        link,
      };
    }
  }
}
