/** A plain-text message as simple, safe HTML: escaped, paragraphs kept, links clickable. Pure. */
import { escapeHtml } from "../delivery/html.js";

export function textToHtml(text: string, language: string): string {
  const paragraphs = text
    .split(/\n{2,}/)
    .map((p) =>
      escapeHtml(p)
        .replace(/https?:\/\/[^\s<>"']*[^\s<>"'.,;:!?)]/g, (url) => `<a href="${url}">${url}</a>`)
        .replace(/\n/g, "<br>\n"),
    )
    .map((p) => `<p>${p}</p>`);
  return `<!doctype html>\n<html lang="${escapeHtml(language)}"><head><meta charset="utf-8"></head>\n<body style="font-family: sans-serif; line-height: 1.5; color: #222;">\n${paragraphs.join("\n")}\n</body></html>\n`;
}
