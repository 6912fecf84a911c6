/**
 * Text rendered into a PNG, as a phone screenshot of a bank's confirmation would show it: black
 * on white, large clean glyphs. The glyphs are DejaVu Sans outlines (the font the invoice PDFs
 * embed, from the npm package dejavu-fonts-ttf, read with fontkit), filled with a small scanline
 * rasteriser (non-zero winding, 4×4 samples per pixel for smooth edges) and written with pngjs.
 * Outlines rather than a blown-up 5×7 bitmap font because OCR reads them the way it reads real
 * screenshots: "0" and "O", "," and "." stay distinct.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { create, type Font } from "fontkit";
import { PNG } from "pngjs";

export type PngTextOptions = {
  /** Pixels per em (the cap height is about 0.73 of it). */
  size?: number;
  /** White border around the text, in pixels. */
  margin?: number;
  /** Baseline to baseline, as a multiple of `size`. */
  lineHeight?: number;
};

const SAMPLES = 4;

let font: Font | undefined;

function dejaVu(): Font {
  if (font) return font;
  const require = createRequire(import.meta.url);
  const parsed = create(readFileSync(require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf")));
  if (!("layout" in parsed)) throw new Error("DejaVuSans.ttf holds a collection, not one face");
  font = parsed;
  return font;
}

type Edge = { x0: number; y0: number; x1: number; y1: number };

/** A glyph's outline in sample coordinates (y down) as straight edges, curves flattened. */
function outline(
  commands: { command: string; args: number[] }[],
  map: (x: number, y: number) => [number, number],
): Edge[] {
  const edges: Edge[] = [];
  let start: [number, number] = [0, 0];
  let at: [number, number] = [0, 0];
  const lineTo = (to: [number, number]) => {
    if (to[1] !== at[1]) edges.push({ x0: at[0], y0: at[1], x1: to[0], y1: to[1] });
    at = to;
  };
  const steps = 12;
  for (const { command, args } of commands) {
    const p = (i: number) => map(args[i] ?? 0, args[i + 1] ?? 0);
    if (command === "moveTo") {
      if (at !== start) lineTo(start);
      start = p(0);
      at = start;
    } else if (command === "lineTo") {
      lineTo(p(0));
    } else if (command === "quadraticCurveTo") {
      const [c, e] = [p(0), p(2)];
      const s = at;
      for (let k = 1; k <= steps; k++) {
        const t = k / steps;
        const u = 1 - t;
        lineTo([
          u * u * s[0] + 2 * u * t * c[0] + t * t * e[0],
          u * u * s[1] + 2 * u * t * c[1] + t * t * e[1],
        ]);
      }
    } else if (command === "bezierCurveTo") {
      const [c1, c2, e] = [p(0), p(2), p(4)];
      const s = at;
      for (let k = 1; k <= steps; k++) {
        const t = k / steps;
        const u = 1 - t;
        lineTo([
          u * u * u * s[0] + 3 * u * u * t * c1[0] + 3 * u * t * t * c2[0] + t * t * t * e[0],
          u * u * u * s[1] + 3 * u * u * t * c1[1] + 3 * u * t * t * c2[1] + t * t * t * e[1],
        ]);
      }
    } else if (command === "closePath") {
      lineTo(start);
    }
  }
  lineTo(start);
  return edges;
}

/** Fills `edges` (non-zero winding) into a coverage mask `width` samples wide. */
function fill(mask: Uint8Array, width: number, height: number, edges: Edge[]): void {
  if (edges.length === 0) return;
  const top = Math.max(0, Math.floor(Math.min(...edges.map((e) => Math.min(e.y0, e.y1)))));
  const bottom = Math.min(
    height - 1,
    Math.ceil(Math.max(...edges.map((e) => Math.max(e.y0, e.y1)))),
  );
  for (let row = top; row <= bottom; row++) {
    const y = row + 0.5;
    const crossings: { x: number; dir: number }[] = [];
    for (const e of edges) {
      const [lo, hi] = e.y0 < e.y1 ? [e.y0, e.y1] : [e.y1, e.y0];
      if (y < lo || y >= hi) continue;
      crossings.push({
        x: e.x0 + ((y - e.y0) * (e.x1 - e.x0)) / (e.y1 - e.y0),
        dir: e.y1 > e.y0 ? 1 : -1,
      });
    }
    crossings.sort((a, b) => a.x - b.x);
    let winding = 0;
    for (let i = 0; i < crossings.length - 1; i++) {
      winding += crossings[i]!.dir;
      if (winding === 0) continue;
      const from = Math.max(0, Math.ceil(crossings[i]!.x - 0.5));
      const to = Math.min(width - 1, Math.floor(crossings[i + 1]!.x - 0.5));
      for (let col = from; col <= to; col++) mask[row * width + col] = 1;
    }
  }
}

/** `lines` of text, one under the other, as a grayscale PNG. */
export function renderTextPng(lines: readonly string[], options: PngTextOptions = {}): Buffer {
  const face = dejaVu();
  const size = options.size ?? 40;
  const margin = options.margin ?? 48;
  const lineHeight = (options.lineHeight ?? 1.7) * size;
  const scale = size / face.unitsPerEm;
  const runs = lines.map((line) => face.layout(line));
  const textWidth = Math.max(...runs.map((run) => run.advanceWidth * scale));
  const width = Math.ceil(textWidth + 2 * margin);
  const height = Math.ceil(margin * 2 + size + (lines.length - 1) * lineHeight);
  const sw = width * SAMPLES;
  const sh = height * SAMPLES;
  const mask = new Uint8Array(sw * sh);
  runs.forEach((run, i) => {
    const baseline = margin + face.ascent * scale + i * lineHeight;
    let pen = margin;
    run.glyphs.forEach((glyph, g) => {
      const pos = run.positions[g]!;
      const ox = pen + pos.xOffset * scale;
      const oy = baseline - pos.yOffset * scale;
      const edges = outline(glyph.path.commands, (x, y) => [
        (ox + x * scale) * SAMPLES,
        (oy - y * scale) * SAMPLES,
      ]);
      fill(mask, sw, sh, edges);
      pen += pos.xAdvance * scale;
    });
  });
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let covered = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          covered += mask[(y * SAMPLES + sy) * sw + x * SAMPLES + sx]!;
        }
      }
      const v = 255 - Math.round((255 * covered) / (SAMPLES * SAMPLES));
      const at = (y * width + x) * 4;
      png.data[at] = v;
      png.data[at + 1] = v;
      png.data[at + 2] = v;
      png.data[at + 3] = 255;
    }
  }
  return PNG.sync.write(png, { colorType: 0 });
}
