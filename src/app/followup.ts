/**
 * Follow-up and sending as the shells run them: one pass (`followup run`), the dispatcher
 * (`send`), and the daily cycle (`tick`: bill, follow up, send). With `--as-of` a date, each of
 * them walks the organisation's day hour by hour, so customers in every time zone are reached
 * inside their own sending window — a simulated year runs in minutes.
 */
import { runBilling } from "../billing/run-billing.js";
import { type DispatchReport, dispatchOutbox } from "../delivery/dispatch-outbox.js";
import { followupDispatchHooks } from "../followup/dispatch-hooks.js";
import { type FollowupReport, runFollowup } from "../followup/run-followup.js";
import { expireStaleClaims } from "../followup/stale-claims.js";
import type { Actor } from "../kernel/audit.js";
import { zonedDateTimeToInstant } from "../kernel/dates.js";
import type { Organisation } from "../sources/model.js";
import { assistProvider } from "./assist-provider.js";
import { channelsFromEnv, type Env } from "./channels.js";
import type { App } from "./open-app.js";
import { publicUrl } from "./public-url.js";

export type CycleReport = {
  billed: { drafted: number; review: number; issued: number };
  followup: FollowupReport;
  sent: DispatchReport;
};

const SYSTEM: Actor = { kind: "rule", id: "tick" };

/** Runs `fn` once now, or — with `--as-of` a date — at every hour of that day in the org's zone. */
export async function overTheDay(
  app: App,
  org: Organisation,
  fn: () => Promise<void>,
): Promise<void> {
  if (!app.asOfDate) return fn();
  for (let hour = 0; hour < 24; hour++) {
    app.setNow(
      zonedDateTimeToInstant(app.asOfDate, `${String(hour).padStart(2, "0")}:00`, org.timeZone),
    );
    await fn();
  }
}

export async function cycle(
  app: App,
  org: Organisation,
  env: Env,
  parts: { bill: boolean; followup: boolean; send: boolean },
): Promise<CycleReport> {
  const channels = channelsFromEnv(env);
  const provider = await assistProvider(app, env, org.id);
  const report: CycleReport = {
    billed: { drafted: 0, review: 0, issued: 0 },
    followup: { queued: 0, stopped: 0, paused: 0, resumed: 0, skipped: 0, tasks: 0, waiting: 0 },
    sent: { sent: 0, cancelled: 0, deferred: 0, retrying: 0, failed: 0, uncertain: 0 },
  };
  try {
    let billedToday = false;
    await overTheDay(app, org, async () => {
      if (parts.bill && !billedToday) {
        const b = await runBilling(app, { org, actor: SYSTEM });
        report.billed.drafted += b.drafted;
        report.billed.review += b.review;
        report.billed.issued += b.issued;
        billedToday = true;
      }
      if (parts.followup) {
        add(
          report.followup,
          await runFollowup(app, {
            org,
            whatsapp: Boolean(channels.whatsapp),
            paymentLinks: Boolean(channels.paymentLinks),
          }),
        );
        report.followup.tasks += await expireStaleClaims(app, { org });
      }
      if (parts.send) {
        const hooks = await followupDispatchHooks(app.db, {
          org,
          provider,
          publicUrl: publicUrl(env),
          clock: app.clock,
          ids: app.ids,
        });
        add(report.sent, await dispatchOutbox(app, { channels, hooks, orgId: org.id }));
      }
    });
  } finally {
    await channels.close();
  }
  return report;
}

function add<T extends Record<string, number>>(total: T, part: T): void {
  for (const key of Object.keys(part) as (keyof T)[]) {
    (total[key] as number) += part[key] as number;
  }
}
