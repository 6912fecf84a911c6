/**
 * Payment evidence (a receipt a customer sent) as text, recognised by its first bytes: a PDF's
 * text layer (pdfjs-dist), a PNG or JPEG screenshot read by OCR (tesseract.js, English and
 * Spanish), or a text file as it is. Nothing is downloaded: pdfjs reads its fonts and maps from
 * its own package, tesseract's engine comes from `tesseract.js-core` and its trained data from
 * the npm packages `@tesseract.js-data/eng` and `@tesseract.js-data/spa`. A file with no text to
 * read (a scanned PDF, a blank image, an unknown format) is refused with a clear error.
 */
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { threadId } from "node:worker_threads";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import Tesseract from "tesseract.js";
import { CashloopError } from "../kernel/errors.js";

export type EvidenceKind = "pdf" | "png" | "jpeg" | "text";

export type EvidenceText = { kind: EvidenceKind; text: string };

/** A receipt is small: larger files are refused before any parsing or OCR. */
export const evidenceBytesMax = 20 * 1024 * 1024;
/** Only this many pages of a PDF are read (a receipt is one or two). */
export const evidencePdfPagesMax = 10;
/** The languages OCR reads, as tesseract names them. */
export const ocrLanguages = ["eng", "spa"] as const;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** What the file is, by its signature (the name is only used in messages). */
export function evidenceKind(bytes: Uint8Array, file: string): EvidenceKind {
  if (PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return "png";
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  // PDF readers accept up to 1024 bytes of junk before the header.
  if (Buffer.from(bytes.subarray(0, 1024)).includes("%PDF-")) return "pdf";
  if (decodeText(bytes) !== null) return "text";
  throw new CashloopError(
    "evidence_unsupported",
    `${file}: not a PDF, PNG, JPEG or text file; send the receipt as one of those`,
    { file },
  );
}

/** The text of a receipt, with the kind of file it came from. */
export async function evidenceText(bytes: Uint8Array, file: string): Promise<EvidenceText> {
  if (bytes.length === 0) {
    throw new CashloopError("evidence_empty", `${file}: the file is empty`, { file });
  }
  if (bytes.length > evidenceBytesMax) {
    throw new CashloopError(
      "evidence_too_large",
      `${file}: ${bytes.length} bytes; a receipt is at most ${evidenceBytesMax} bytes`,
      { file },
    );
  }
  const kind = evidenceKind(bytes, file);
  const raw =
    kind === "pdf"
      ? await pdfText(bytes, file)
      : kind === "text"
        ? (decodeText(bytes) ?? "")
        : await ocrText(bytes, file);
  const text = raw
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) =>
      line
        .replace(/[ \t\u00a0]+/g, " ")
        .replace(/\p{Cc}/gu, "")
        .trim(),
    )
    .filter((line) => line.length > 0)
    .join("\n");
  if (text.length === 0) {
    throw new CashloopError(
      "evidence_no_text",
      kind === "text"
        ? `${file}: the file is blank`
        : kind === "pdf"
          ? noTextLayer(file)
          : `${file}: no text could be read from the ${kind === "jpeg" ? "JPEG" : "PNG"} image`,
      { file },
    );
  }
  return { kind, text };
}

/** UTF-8 (a BOM dropped), else Windows-1252; null for binary data (NUL or control bytes). */
function decodeText(bytes: Uint8Array): string | null {
  const sample = bytes.subarray(0, 4096);
  let control = 0;
  for (const b of sample) {
    if (b === 0) return null;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  if (control > sample.length / 100) return null;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    return new TextDecoder("windows-1252").decode(bytes);
  }
}

// ---------------------------------------------------------------------------------------------
// PDF: the text layer, items joined into lines by their baseline.

type PdfItem = { str: string; x: number; y: number; width: number; height: number };

const require = createRequire(import.meta.url);

function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

async function pdfText(bytes: Uint8Array, file: string): Promise<string> {
  const pdfjs = packageDir("pdfjs-dist");
  let pdf: Awaited<ReturnType<typeof getDocument>["promise"]>;
  try {
    pdf = await getDocument({
      data: new Uint8Array(bytes),
      verbosity: 0,
      isEvalSupported: false,
      useSystemFonts: false,
      disableFontFace: true,
      // Local folders: fonts and character maps are read from the package, never fetched.
      cMapUrl: `${join(pdfjs, "cmaps")}/`,
      cMapPacked: true,
      standardFontDataUrl: `${join(pdfjs, "standard_fonts")}/`,
      wasmUrl: `${join(pdfjs, "wasm")}/`,
    }).promise;
  } catch (error) {
    const name = error instanceof Error ? error.name : "";
    throw new CashloopError(
      "evidence_unreadable",
      name === "PasswordException"
        ? `${file}: the PDF is password-protected; send it without a password`
        : `${file}: not a readable PDF (${error instanceof Error ? error.message : String(error)})`,
      { file },
    );
  }
  try {
    const pages: string[] = [];
    for (let n = 1; n <= Math.min(pdf.numPages, evidencePdfPagesMax); n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      const items: PdfItem[] = [];
      for (const item of content.items) {
        if (!("str" in item) || item.str.trim() === "") continue;
        const [a = 0, b = 0, , , x = 0, y = 0] = item.transform as number[];
        items.push({
          str: item.str,
          x,
          y,
          width: item.width,
          height: item.height || Math.hypot(a, b),
        });
      }
      pages.push(joinLines(items));
    }
    if (pages.every((p) => p.trim() === "")) {
      throw new CashloopError("evidence_no_text", noTextLayer(file), { file });
    }
    return pages.join("\n");
  } finally {
    await pdf.destroy();
  }
}

function noTextLayer(file: string): string {
  return `${file}: the PDF has no text layer (a scanned image?); send the receipt as a PNG or JPEG image to be read by OCR, or the PDF the bank produced`;
}

/**
 * Text items into lines: items whose baselines are within half a text height of each other
 * are one line, read left to right; a gap wider than a fifth of the height is a space.
 */
export function joinLines(items: readonly PdfItem[]): string {
  const sorted = [...items].sort((p, q) => q.y - p.y || p.x - q.x);
  const lines: PdfItem[][] = [];
  for (const item of sorted) {
    const line = lines.at(-1);
    const first = line?.[0];
    if (line && first && Math.abs(first.y - item.y) <= Math.max(1, first.height, item.height) / 2) {
      line.push(item);
    } else {
      lines.push([item]);
    }
  }
  return lines
    .map((line) => {
      line.sort((p, q) => p.x - q.x);
      let out = "";
      let end: number | null = null;
      for (const item of line) {
        const gap = end === null ? 0 : item.x - end;
        if (end !== null && gap > Math.max(item.height, 1) / 5 && !/\s$/.test(out)) out += " ";
        out += item.str;
        end = item.x + item.width;
      }
      return out;
    })
    .join("\n");
}

// ---------------------------------------------------------------------------------------------
// Images: tesseract.js with English and Spanish, one worker per file.

let trainedData: string | undefined;

/**
 * The folder tesseract's `langPath` points at. tesseract.js reads `<langPath>/<lang>.traineddata.gz`
 * from one folder, and each language comes in its own npm package
 * (`@tesseract.js-data/eng/4.0.0_best_int/eng.traineddata.gz`: the LSTM "best" models, integer),
 * so the two files are copied once into a folder of their own under the system's temporary
 * folder, named by their content's hash. A file is copied under a temporary name and renamed,
 * so processes starting together never read half a file.
 */
export function trainedDataFolder(): string {
  if (trainedData) return trainedData;
  const sources = ocrLanguages.map((lang) => {
    const path = join(
      packageDir(`@tesseract.js-data/${lang}`),
      "4.0.0_best_int",
      `${lang}.traineddata.gz`,
    );
    if (!existsSync(path)) {
      throw new CashloopError(
        "ocr_data_missing",
        `OCR: ${path} is missing; reinstall the package @tesseract.js-data/${lang}`,
      );
    }
    return { lang, path };
  });
  try {
    const hash = createHash("sha256");
    for (const { path } of sources) hash.update(readFileSync(path));
    const folder = join(tmpdir(), `cashloop-tessdata-${hash.digest("hex").slice(0, 16)}`);
    mkdirSync(folder, { recursive: true });
    for (const { lang, path } of sources) {
      const target = join(folder, `${lang}.traineddata.gz`);
      if (existsSync(target) && statSync(target).size === statSync(path).size) continue;
      const partial = `${target}.${process.pid}-${threadId}.partial`;
      copyFileSync(path, partial);
      renameSync(partial, target);
    }
    trainedData = folder;
    return folder;
  } catch (error) {
    throw new CashloopError(
      "ocr_data_unavailable",
      `OCR: cannot prepare the trained data in ${tmpdir()} (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

async function ocrText(bytes: Uint8Array, file: string): Promise<string> {
  const langPath = trainedDataFolder();
  let failure: string | null = null;
  let failed: (reason: Error) => void = () => {};
  // tesseract.js never settles `createWorker` when loading a language fails; its error handler
  // is told, so the start is raced against that.
  const startFailed = new Promise<never>((_, reject) => {
    failed = reject;
  });
  const worker = await Promise.race([
    Tesseract.createWorker([...ocrLanguages], Tesseract.OEM.LSTM_ONLY, {
      langPath,
      gzip: true,
      // Never read or write a cache of trained data (tesseract.js would use the working folder).
      cacheMethod: "none",
      logger: () => {},
      // Without a handler tesseract.js throws from its message listener; the job still rejects.
      errorHandler: (error: unknown) => {
        failure = String(error);
        failed(new Error(failure));
      },
    }),
    startFailed,
  ]).catch((error: unknown) => {
    throw new CashloopError(
      "ocr_unavailable",
      `${file}: the OCR engine could not start (${error instanceof Error ? error.message : String(error)})`,
      { file },
    );
  });
  try {
    const { data } = await worker.recognize(Buffer.from(bytes), {}, { text: true });
    return data.text ?? "";
  } catch (error) {
    throw new CashloopError(
      "evidence_unreadable",
      `${file}: the image could not be read (${failure ?? String(error)})`,
      { file },
    );
  } finally {
    await worker.terminate();
  }
}
