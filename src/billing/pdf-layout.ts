/**
 * Layout helpers under invoice-pdf.ts: the embedded fonts, a pen that writes only printable text
 * and keeps a cursor, tables whose header repeats on every page, page footers, and values
 * formatted in a locale. Nothing here knows what an invoice is.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { create, type Font } from "fontkit";
import type { CalendarDate } from "../kernel/dates.js";
import { assert, CashloopError } from "../kernel/errors.js";
import { type CurrencyCode, formatMoney, money } from "../kernel/money.js";
import type { Address } from "../sources/model.js";

export type FontWeight = "regular" | "bold";
export type Align = "left" | "right";

export type PdfFonts = {
  regular: Buffer;
  bold: Buffer;
  /** True when both weights have a glyph for the code point. */
  covers: (codePoint: number) => boolean;
};

export const ink = "#1a1a1a";
export const muted = "#666666";
const rule = "#d0d0d0";
const headerFill = "#eeeeee";
const lineGap = 1.5;
const cellPadX = 4;
const cellPadY = 3.5;

let fontsLoaded: PdfFonts | undefined;

/**
 * DejaVu Sans regular and bold from the npm package dejavu-fonts-ttf, read once per process.
 * Embedded (subset) rather than the built-in Helvetica, which only covers WinAnsi: DejaVu covers
 * Latin with every European accent (ł, ș, ğ), Greek and Cyrillic; not CJK.
 */
export function pdfFonts(): PdfFonts {
  if (fontsLoaded) return fontsLoaded;
  const require = createRequire(import.meta.url);
  const read = (file: string) => readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${file}`));
  const regular = read("DejaVuSans.ttf");
  const bold = read("DejaVuSans-Bold.ttf");
  const faces = [regular, bold].map(parseFace);
  const covers = (codePoint: number) => faces.every((face) => face.hasGlyphForCodePoint(codePoint));
  fontsLoaded = { regular, bold, covers };
  return fontsLoaded;
}

function parseFace(buffer: Buffer): Font {
  const parsed = create(buffer);
  assert("hasGlyphForCodePoint" in parsed, "a font file holds one face, not a collection");
  return parsed;
}

/**
 * Text as the fonts can show it: NFC; invisible format characters (bidi marks, soft hyphens)
 * dropped; a character the fonts lack replaced by its compatibility form when that is covered
 * ("￥" → "¥"), else by "?" and recorded in `replaced`.
 */
export function printable(
  text: string,
  covers: (codePoint: number) => boolean,
  replaced: Set<string>,
): string {
  const coversAll = (s: string) => [...s].every((c) => covers(c.codePointAt(0) ?? 0));
  let out = "";
  for (const ch of text.normalize("NFC")) {
    if (/\p{Cf}/u.test(ch)) continue;
    if (ch === "\n" || coversAll(ch)) out += ch;
    else if (/\s/u.test(ch)) out += " ";
    else if (coversAll(ch.normalize("NFKC"))) out += ch.normalize("NFKC");
    else {
      replaced.add(ch);
      out += "?";
    }
  }
  return out;
}

export type WriteOptions = {
  width: number;
  align?: Align;
  weight?: FontWeight;
  sizePt?: number;
  color?: string;
  link?: string;
};

/** Writes on a pdfkit document with a vertical cursor `y`, between fixed margins. */
export class Pen {
  y: number;
  readonly replaced = new Set<string>();
  /** Called after a page break, with `y` at the top margin: draws the running head. */
  onNewPage: (pen: Pen) => void = () => {};

  readonly left: number;
  readonly width: number;
  readonly top: number;
  readonly bottom: number;

  /** Every page has the size and margins of the first. */
  constructor(
    readonly pdf: PDFKit.PDFDocument,
    private readonly fonts: PdfFonts,
  ) {
    pdf.registerFont("body", fonts.regular);
    pdf.registerFont("body-bold", fonts.bold);
    const { width, height, margins } = pdf.page;
    this.left = margins.left;
    this.width = width - margins.left - margins.right;
    this.top = margins.top;
    this.bottom = height - margins.bottom;
    this.y = this.top;
  }

  private use(o: WriteOptions): void {
    this.pdf.font(o.weight === "bold" ? "body-bold" : "body", o.sizePt ?? 9);
  }

  clean(text: string): string {
    return printable(text, this.fonts.covers, this.replaced);
  }

  /** Height `text` takes at that width, font and size. */
  measure(text: string, o: WriteOptions): number {
    this.use(o);
    return this.pdf.heightOfString(this.clean(text), { width: o.width, lineGap });
  }

  /** Writes `text` wrapped in `o.width` with its top at (x, y); returns the height used. */
  write(text: string, x: number, y: number, o: WriteOptions): number {
    const clean = this.clean(text);
    this.use(o);
    this.pdf.fillColor(o.color ?? ink);
    const box = { width: o.width, align: o.align ?? "left", lineGap, link: o.link ?? null };
    this.pdf.text(clean, x, y, box);
    return this.pdf.heightOfString(clean, box);
  }

  line(x1: number, y1: number, x2: number, y2: number, color = rule, widthPt = 0.6): void {
    this.pdf.moveTo(x1, y1).lineTo(x2, y2).lineWidth(widthPt).strokeColor(color).stroke();
  }

  newPage(): void {
    this.pdf.addPage();
    this.y = this.top;
    this.onNewPage(this);
  }

  /** Starts a new page unless `height` more fits above the bottom margin. */
  ensureSpace(height: number): void {
    if (this.y + height > this.bottom) this.newPage();
  }
}

export type Column = { header: string; width: number; align: Align };
export type Row = { cells: string[]; weight?: FontWeight };

function rowHeight(pen: Pen, columns: readonly Column[], row: Row): number {
  const heights = columns.map((column, i) =>
    pen.measure(row.cells[i] ?? "", {
      width: column.width - 2 * cellPadX,
      weight: row.weight ?? "regular",
    }),
  );
  return Math.max(...heights) + 2 * cellPadY;
}

function tableWidth(columns: readonly Column[]): number {
  return columns.reduce((sum, column) => sum + column.width, 0);
}

function drawRow(pen: Pen, table: Table, row: Row, height: number): void {
  let x = table.x;
  table.columns.forEach((column, i) => {
    pen.write(row.cells[i] ?? "", x + cellPadX, pen.y + cellPadY, {
      width: column.width - 2 * cellPadX,
      align: column.align,
      weight: row.weight ?? "regular",
    });
    x += column.width;
  });
  pen.y += height;
  pen.line(table.x, pen.y, table.x + tableWidth(table.columns), pen.y);
}

function drawHeader(pen: Pen, table: Table): void {
  const header: Row = { cells: table.columns.map((c) => c.header), weight: "bold" };
  const height = rowHeight(pen, table.columns, header);
  pen.pdf.rect(table.x, pen.y, tableWidth(table.columns), height).fill(headerFill);
  drawRow(pen, table, header, height);
}

/** Columns from `x` (the left margin by default). */
export type Table = { columns: readonly Column[]; x: number };

/**
 * A table: rows wrap in their cells, and a row that does not fit moves to a new page under a
 * repeated header. A row taller than a whole page is refused (`document_line_too_long`).
 */
export function drawTable(pen: Pen, table: Table, rows: readonly Row[]): void {
  const header: Row = { cells: table.columns.map((c) => c.header), weight: "bold" };
  const headerHeight = rowHeight(pen, table.columns, header);
  const first = rows[0];
  pen.ensureSpace(headerHeight + (first ? rowHeight(pen, table.columns, first) : 0));
  drawHeader(pen, table);
  for (const row of rows) {
    const height = rowHeight(pen, table.columns, row);
    if (pen.y + height > pen.bottom) {
      pen.newPage();
      if (pen.y + headerHeight + height > pen.bottom) {
        throw new CashloopError("document_line_too_long", "a table row does not fit on a page", {
          value: (row.cells[0] ?? "").slice(0, 80),
        });
      }
      drawHeader(pen, table);
    }
    drawRow(pen, table, row, height);
  }
}

/** Height of a table drawn without page breaks. */
export function tableHeight(pen: Pen, table: Table, rows: readonly Row[]): number {
  const header: Row = { cells: table.columns.map((c) => c.header), weight: "bold" };
  return [header, ...rows].reduce((sum, row) => sum + rowHeight(pen, table.columns, row), 0);
}

/** "left · right" footer in the bottom margin of every buffered page. */
export function drawFooters(pen: Pen, text: (page: number, pages: number) => [string, string]) {
  const range = pen.pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pen.pdf.switchToPage(i);
    const margins = pen.pdf.page.margins;
    const bottomMargin = margins.bottom;
    margins.bottom = 0; // writing inside the margin must not start a new page
    const y = pen.pdf.page.height - bottomMargin + 16;
    const [left, right] = text(i - range.start + 1, range.count);
    const half = pen.width / 2;
    const style = { width: half, sizePt: 7.5, color: muted };
    pen.write(left, pen.left, y, style);
    pen.write(right, pen.left + half, y, { ...style, align: "right" });
    margins.bottom = bottomMargin;
  }
}

export type Pair = { label: string; value: string; weight?: FontWeight; sizePt?: number };

/**
 * Label/value rows with their top at (x, y): labels left in `labelWidth`, values aligned
 * `valueAlign` in `valueWidth`. Returns the height; draws only when `draw`, so a block can be
 * measured before it is placed.
 */
export function pairs(
  pen: Pen,
  at: { x: number; y: number },
  rows: readonly Pair[],
  o: { labelWidth: number; valueWidth: number; valueAlign: Align; draw: boolean },
): number {
  let height = 0;
  for (const row of rows) {
    const base = { weight: row.weight ?? "regular", sizePt: row.sizePt ?? 9 } as const;
    const label = { ...base, width: o.labelWidth, color: row.weight === "bold" ? ink : muted };
    const value = { ...base, width: o.valueWidth, align: o.valueAlign };
    const rowHeight = Math.max(pen.measure(row.label, label), pen.measure(row.value, value));
    if (o.draw) {
      pen.write(row.label, at.x, at.y + height, label);
      pen.write(row.value, at.x + o.labelWidth, at.y + height, value);
    }
    height += rowHeight + 2;
  }
  return height;
}

/** The bytes of a pdfkit document once `end()` has been called. */
export function collect(pdf: PDFKit.PDFDocument): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    pdf.on("data", (chunk: Buffer) => chunks.push(chunk));
    pdf.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    pdf.on("error", reject);
  });
}

export type PdfLanguage = "en" | "es";

/** UN/ECE Rec. 20 unit codes shown after a quantity; pieces show none, unknown codes as is. */
const units: Record<PdfLanguage, Record<string, string>> = {
  en: { C62: "", H87: "", EA: "", HUR: "h", DAY: "d", WEE: "wk", MON: "mo", ANN: "yr" },
  es: { C62: "", H87: "", EA: "", HUR: "h", DAY: "d", WEE: "sem", MON: "mes", ANN: "año" },
};

export type DocumentFormat = {
  money: (minor: number) => string;
  date: (d: CalendarDate) => string;
  quantity: (quantity: string, unitCode: string) => string;
  rate: (bps: number) => string;
  country: (code: string) => string;
};

/** Amounts, dates, quantities and rates in `locale`; unit and country names in `language`. */
export function documentFormat(
  locale: string,
  currency: CurrencyCode,
  language: PdfLanguage,
): DocumentFormat {
  formatMoney(money(0, currency), locale); // a bad locale throws `locale_invalid` here
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
  const quantities = new Intl.NumberFormat(locale, { maximumFractionDigits: 20 });
  const percents = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 2 });
  const countries = new Intl.DisplayNames([language], { type: "region", fallback: "code" });
  return {
    money: (minor) => formatMoney(money(minor, currency), locale),
    date: (d) => dates.format(new Date(`${d}T00:00:00.000Z`)),
    quantity: (quantity, unitCode) => {
      const unit = units[language][unitCode] ?? unitCode;
      const amount = quantities.format(quantity as `${number}`);
      return unit ? `${amount} ${unit}` : amount;
    },
    // 2150 bps → "0.2150" → "21.5%": from an exact decimal string, never a float.
    rate: (bps) => {
      const digits = Math.abs(bps).toString().padStart(5, "0");
      const fraction = `${bps < 0 ? "-" : ""}${digits.slice(0, -4)}.${digits.slice(-4)}`;
      return percents.format(fraction as `${number}`);
    },
    country: (code) => countries.of(code) ?? code,
  };
}

/** Postal lines: "Austin, TX 78701" in the US and Canada, "28009 Madrid" elsewhere. */
export function addressLines(address: Address | null, f: DocumentFormat): string[] {
  if (!address) return [];
  const { line1, line2, city, region, postalCode, country } = address;
  const northAmerican = country === "US" || country === "CA";
  const locality = northAmerican
    ? `${city}${region ? `, ${region}` : ""}${postalCode ? ` ${postalCode}` : ""}`
    : [postalCode, city].filter(Boolean).join(" ");
  const regionLine = northAmerican ? null : region;
  return [line1, line2, locality, regionLine, f.country(country)].filter((s): s is string => !!s);
}
