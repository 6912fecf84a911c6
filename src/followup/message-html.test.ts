import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeHtml } from "../delivery/html.js";
import { textToHtml } from "./message-html.js";

/** The paragraphs of the body, between <body …> and </body>. */
function body(html: string): string {
  const match = /<body[^>]*>\n([\s\S]*)\n<\/body>/.exec(html);
  if (!match) throw new Error(`no body in ${html}`);
  return match[1] ?? "";
}

/** The href of every link in the HTML, decoded as a browser would read the attribute. */
function hrefs(html: string): string[] {
  return [...html.matchAll(/<a href="([^"]*)">/g)].map((m) =>
    (m[1] ?? "")
      .replaceAll("&quot;", '"')
      .replaceAll("&#39;", "'")
      .replaceAll("&lt;", "<")
      .replaceAll("&gt;", ">")
      .replaceAll("&amp;", "&"),
  );
}

describe("escapeHtml", () => {
  it("escapes the five HTML-special characters", () => {
    expect(escapeHtml(`<a href="x" title='y'>Tom & Jerry</a>`)).toBe(
      "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;",
    );
  });

  it("leaves ordinary text, accents and currency signs alone", () => {
    expect(escapeHtml("Factura A-0042 por $1,234.50 — pagada el 3 de abril ✓")).toBe(
      "Factura A-0042 por $1,234.50 — pagada el 3 de abril ✓",
    );
  });

  it("escapes an ampersand once, so an existing entity is shown as typed", () => {
    expect(escapeHtml("&amp;")).toBe("&amp;amp;");
  });
});

describe("textToHtml", () => {
  it("is a complete document in the message's language", () => {
    const html = textToHtml("Hello", "es");
    expect(html.startsWith('<!doctype html>\n<html lang="es">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(body(html)).toBe("<p>Hello</p>");
  });

  it("escapes <script> so customer or model text never runs", () => {
    const html = textToHtml(
      `Note: <script>alert("x")</script> & <img src=x onerror=alert(1)>`,
      "en",
    );
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<img");
    expect(body(html)).toBe(
      "<p>Note: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;</p>",
    );
  });

  it("escapes the language attribute", () => {
    const html = textToHtml("Hi", 'en"><script>alert(1)</script>');
    expect(html).not.toContain("<script");
    expect(html).toContain('lang="en&quot;&gt;&lt;script&gt;');
  });

  it("keeps paragraphs (blank lines) and line breaks (single newlines)", () => {
    const html = textToHtml("Hello Ana,\n\nInvoice A-1 is due.\nAmount: $100.00\n\n\nThanks", "en");
    expect(body(html)).toBe(
      "<p>Hello Ana,</p>\n<p>Invoice A-1 is due.<br>\nAmount: $100.00</p>\n<p>Thanks</p>",
    );
  });

  it("links payment and portal URLs", () => {
    const text =
      "You can pay online here: https://pay.brightpath.example/i/7Hk2pQ\nYou can view the invoice here: http://portal.brightpath.example/inv/9xZ4";
    const html = textToHtml(text, "en");
    expect(body(html)).toBe(
      '<p>You can pay online here: <a href="https://pay.brightpath.example/i/7Hk2pQ">https://pay.brightpath.example/i/7Hk2pQ</a><br>\n' +
        'You can view the invoice here: <a href="http://portal.brightpath.example/inv/9xZ4">http://portal.brightpath.example/inv/9xZ4</a></p>',
    );
  });

  it("a link with a query string keeps its parameters (& escaped in the attribute)", () => {
    const html = textToHtml("Pay: https://pay.example.com/c?inv=A-1&amount=100 today", "en");
    expect(html).toContain(
      '<a href="https://pay.example.com/c?inv=A-1&amp;amount=100">https://pay.example.com/c?inv=A-1&amp;amount=100</a> today',
    );
    expect(hrefs(html)).toEqual(["https://pay.example.com/c?inv=A-1&amount=100"]);
  });

  it("a quote in a URL cannot break out of the href attribute", () => {
    const html = textToHtml(`Go to https://evil.example/"onmouseover="alert(1) now`, "en");
    // The tag has one attribute, href, and the quotes stay inside its value as &quot;.
    expect(html.match(/<a [^>]*>/g)).toEqual([
      '<a href="https://evil.example/&quot;onmouseover=&quot;alert(1">',
    ]);
    expect(html).not.toContain('"onmouseover');
    expect(hrefs(html)).toEqual(['https://evil.example/"onmouseover="alert(1']);
  });

  it("links only http and https, never javascript: or data:", () => {
    const html = textToHtml(
      "javascript:alert(1) data:text/html,hi ftp://files.example/x www.example.com",
      "en",
    );
    expect(html).not.toContain("<a ");
  });

  it("links every URL, each once", () => {
    const html = textToHtml(
      "https://a.example/1 and https://b.example/2\n\nhttps://c.example/3",
      "en",
    );
    expect(hrefs(html)).toEqual([
      "https://a.example/1",
      "https://b.example/2",
      "https://c.example/3",
    ]);
  });

  // BUG: a URL at the end of a sentence takes the full stop into the link, so the customer's
  // click goes to a page that does not exist. Input: textToHtml("Pay here:
  // https://pay.example.com/i/7Hk2pQ.", "en"). Actual href: "https://pay.example.com/i/7Hk2pQ."
  // (likewise a closing parenthesis: "(https://pay.example.com/i/7Hk2pQ)" links ".../7Hk2pQ)").
  // The fact check's own URL pattern (assist/draft/fact-patterns.ts) already stops before
  // trailing .,;:!?) — so a draft that passes the fact check can still get a broken link here.
  it("a full stop or bracket after a URL is not part of the link", () => {
    expect(hrefs(textToHtml("Pay here: https://pay.example.com/i/7Hk2pQ.", "en"))).toEqual([
      "https://pay.example.com/i/7Hk2pQ",
    ]);
    expect(hrefs(textToHtml("(see https://pay.example.com/i/7Hk2pQ)", "en"))).toEqual([
      "https://pay.example.com/i/7Hk2pQ",
    ]);
  });

  it("property: no raw tag or attribute from the text survives, and the text reads back", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("<", ">", "&", '"', "'", "a", " ", "\n", "é", "/") }),
        (text) => {
          const html = body(textToHtml(text, "en"));
          // Only the tags textToHtml itself writes.
          const tags = html.match(/<[^>]*>/g) ?? [];
          for (const tag of tags) expect(["<p>", "</p>", "<br>"]).toContain(tag);
          // Stripping those tags and unescaping gives back the words (newlines aside).
          const readBack = html
            .replace(/<\/?p>|<br>/g, "")
            .replaceAll("&lt;", "<")
            .replaceAll("&gt;", ">")
            .replaceAll("&quot;", '"')
            .replaceAll("&#39;", "'")
            .replaceAll("&amp;", "&")
            .replace(/\n/g, "");
          expect(readBack).toBe(text.replace(/\n/g, ""));
        },
      ),
      { numRuns: 500 },
    );
  });
});
