import { CashloopError } from "../kernel/errors.js";

/** Where customers reach cashloop's pages (the invoice portal): CASHLOOP_PUBLIC_URL. */
export const DEFAULT_PUBLIC_URL = "http://localhost:4280";

export function publicUrl(env: Readonly<Record<string, string | undefined>>): string {
  const text = env.CASHLOOP_PUBLIC_URL ?? DEFAULT_PUBLIC_URL;
  try {
    const url = new URL(text);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("not http(s)");
    return url.toString().replace(/\/$/, "");
  } catch {
    throw new CashloopError(
      "public_url_invalid",
      `CASHLOOP_PUBLIC_URL: "${text}" is not an http(s) URL`,
      {
        field: "CASHLOOP_PUBLIC_URL",
      },
    );
  }
}
