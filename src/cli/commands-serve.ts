/**
 * `cashloop serve`: the HTTP server (portal, webhooks), the inbound SMTP listener when asked,
 * and the in-process worker running the daily cycle on a timer. Runs until SIGINT or SIGTERM,
 * then stops taking work, lets what is running finish and closes the database.
 */
import type { Command } from "commander";
import {
  type App,
  CashloopError,
  cycle,
  listenForEmail,
  type Organisation,
  type ServeConfig,
  serverDeps,
} from "../app/index.js";
import { buildServer } from "../server/build-server.js";
import { webhookRoutes } from "../server/webhook-routes.js";
import { wholeNumber, withApp } from "./global-options.js";
import type { Io } from "./output.js";

export function registerServeCommand(program: Command, io: Io): void {
  program
    .command("serve")
    .description(
      "run the server: invoice portal, WhatsApp webhooks (Cloud API and Twilio), inbound email, and the worker",
    )
    .option("--port <n>", "HTTP port, 0 for any free one (env PORT; default 4280)")
    .option("--host <host>", "interface to listen on", "127.0.0.1")
    .option(
      "--smtp-port <n>",
      "also receive replies by SMTP on this port (env CASHLOOP_INBOUND_SMTP_PORT; default off)",
    )
    .option("--no-worker", "do not run the daily cycle in this process")
    .option("--tick-minutes <n>", "minutes between runs of the daily cycle", "60")
    .action(async (opts, command: Command) => {
      const port = portOption(opts.port ?? (io.env.PORT || "4280"), "--port");
      const smtpText = opts.smtpPort ?? io.env.CASHLOOP_INBOUND_SMTP_PORT;
      const smtpPort = smtpText ? portOption(smtpText, "--smtp-port") : null;
      const tickMinutes = wholeNumber(opts.tickMinutes, "--tick-minutes") ?? 60;
      // setInterval holds at most 2^31-1 ms (about 24 days).
      if (tickMinutes < 1 || tickMinutes > 35_000) {
        throw new CashloopError("option_invalid", "--tick-minutes: between 1 and 35000", {
          field: "tick-minutes",
        });
      }
      await withApp(command, io, async (app, g) => {
        const org = await app.organisation(g.org);
        const deps = serverDeps(app, org, io.env);
        // Caught from here on: a signal during start-up stops the server once it is up.
        const stopped = untilSignal();
        const logError = (what: string) => (error: unknown) =>
          io.stderr(`cashloop serve: ${what}: ${error instanceof Error ? error.message : error}\n`);
        const server = buildServer({
          db: deps.db,
          today: deps.today,
          routes: [webhookRoutes({ ...deps, onError: logError("webhook failed") })],
        });
        const stops: (() => Promise<void>)[] = [() => server.close()];
        try {
          const url = await server.listen({ port, host: opts.host });
          io.stdout(`cashloop serve: ${org.name} (${org.slug})\n  http: ${url}\n`);
          if (smtpPort !== null) {
            const smtp = await listenForEmail(deps, {
              host: opts.host,
              port: smtpPort,
              onError: logError("inbound email not stored"),
            });
            stops.push(smtp.close);
            io.stdout(`  smtp: smtp://${opts.host}:${smtp.port}\n`);
          }
          for (const line of webhookNotes(deps.config)) io.stdout(`  ${line}\n`);
          if (opts.worker) {
            stops.push(startWorker(app, org, io, tickMinutes));
            io.stdout(`  worker: the daily cycle every ${tickMinutes} min\n`);
          } else io.stdout("  worker: off\n");
          const signal = await stopped.signal;
          io.stdout(`cashloop serve: ${signal}, stopping\n`);
        } finally {
          stopped.dispose();
          // Intake first (HTTP, SMTP: in-flight requests finish), then the worker's run.
          for (const stop of stops) await stop().catch(logError("while stopping"));
        }
      });
    });
}

function portOption(text: string, option: string): number {
  const port = wholeNumber(text, option) ?? 0;
  if (port > 65_535) {
    throw new CashloopError("option_invalid", `${option}: "${text}" is not a port`, {
      field: option,
    });
  }
  return port;
}

function webhookNotes(config: ServeConfig): string[] {
  const at = (path: string, secret: string, name: string) =>
    secret ? `${config.publicUrl}${path}` : `off (${name} is not set)`;
  return [
    `whatsapp webhook: ${at("/webhooks/whatsapp", config.whatsappAppSecret, "WHATSAPP_APP_SECRET")}`,
    `twilio webhook: ${at("/webhooks/twilio", config.twilioAuthToken, "TWILIO_AUTH_TOKEN")}`,
  ];
}

/**
 * Runs the daily cycle now and every `minutes`; a run still going when the next is due is not
 * doubled, and a failed run is reported and tried again at the next tick. Returns the stop.
 */
function startWorker(app: App, org: Organisation, io: Io, minutes: number): () => Promise<void> {
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return;
    running = cycle(app, org, io.env, { bill: true, followup: true, send: true })
      .then((r) => {
        io.stdout(
          `${app.clock.now()} tick: ${r.billed.drafted} drafted, ${r.billed.issued} issued, ${r.followup.queued} queued, ${r.sent.sent} sent, ${r.sent.failed} failed\n`,
        );
      })
      .catch((error: unknown) => {
        io.stderr(
          `cashloop serve: tick failed: ${error instanceof Error ? error.message : error}\n`,
        );
      })
      .finally(() => {
        running = null;
      });
  };
  tick();
  const timer = setInterval(tick, minutes * 60_000);
  return async () => {
    clearInterval(timer);
    await running;
  };
}

/** The first SIGINT or SIGTERM from now on; `dispose` gives the signals back to Node. */
function untilSignal(): { signal: Promise<NodeJS.Signals>; dispose(): void } {
  let on: (signal: NodeJS.Signals) => void = () => {};
  const signal = new Promise<NodeJS.Signals>((resolve) => {
    on = resolve;
  });
  process.on("SIGINT", on);
  process.on("SIGTERM", on);
  return {
    signal,
    dispose() {
      process.off("SIGINT", on);
      process.off("SIGTERM", on);
    },
  };
}
