/**
 * Statement bytes → text. UTF-8 (with or without a byte order mark) when the bytes are valid
 * UTF-8; otherwise Windows-1252 (the superset of ISO-8859-1 that banks and Excel actually
 * write). An XML or OFX header that declares ISO-8859-1 or Windows-1252 is honoured. Pure.
 */
import { decodeWindows1252 } from "../../sources/csv-file.js";

export type TextEncoding = "utf-8" | "windows-1252";

export function decodeStatementBytes(bytes: Uint8Array): { text: string; encoding: TextEncoding } {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 512));
  const declared =
    /encoding\s*=\s*["']?\s*(iso-8859-1|latin-?1|windows-1252|cp1252)|CHARSET:\s*(1252|8859-1|ISO-8859-1)/i.test(
      head,
    );
  if (!declared) {
    try {
      const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
      return { text, encoding: "utf-8" };
    } catch {
      // not UTF-8: fall through
    }
  }
  return { text: decodeWindows1252(bytes), encoding: "windows-1252" };
}
