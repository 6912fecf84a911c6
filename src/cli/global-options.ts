import type { Command } from "commander";
import { type App, CashloopError, openApp } from "../app/index.js";
import type { Io } from "./output.js";

export type GlobalOptions = {
  data: string;
  databaseUrl?: string;
  org?: string;
  asOf?: string;
  json?: boolean;
  seed?: string;
  debug?: boolean;
};

export function globals(command: Command): GlobalOptions {
  return command.optsWithGlobals() as GlobalOptions;
}

export function wholeNumber(text: string | undefined, option: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) {
    throw new CashloopError("option_invalid", `${option}: "${text}" is not a whole number`, {
      field: option,
    });
  }
  return Number(text);
}

/** Opens the app the global options describe (env CASHLOOP_DATA, DATABASE_URL as fallbacks). */
export async function withApp<T>(
  command: Command,
  io: Io,
  fn: (app: App, options: GlobalOptions) => Promise<T>,
): Promise<T> {
  const options = globals(command);
  const dataFromFlag = command.getOptionValueSourceWithGlobals("data") === "cli";
  const app = await openApp({
    dataDir: dataFromFlag ? options.data : (io.env.CASHLOOP_DATA ?? options.data),
    databaseUrl: options.databaseUrl ?? io.env.DATABASE_URL,
    asOf: options.asOf,
    seed: wholeNumber(options.seed, "--seed"),
  });
  try {
    return await fn(app, options);
  } finally {
    await app.close();
  }
}
