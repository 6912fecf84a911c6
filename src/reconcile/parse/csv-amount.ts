/**
 * What the separators of a CSV amount mean: "1.234,56-", "(1,234.56)", "$-57.27" read as a plain
 * decimal in a given decimal/thousands style, so a swapped separator is caught, not misread. The
 * parser and the detector share this. Pure.
 */

export type AmountStyle = {
  decimalSeparator: "." | ",";
  thousandsSeparator?: "," | "." | " " | "'" | "" | undefined;
};

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * "1.234,56-", "(1,234.56)", "$-57.27", "-123,45 €", "11'373.94" → a plain decimal such as
 * "-1234.56"; undefined when the text is not one amount in this style. Grouping must come in
 * threes before the decimal separator, so a swapped separator is caught, not misread.
 */
export function normaliseAmount(text: string, style: AmountStyle): string | undefined {
  let s = text.trim().replace(/\u2212/g, "-");
  let negative = false;
  const parens = /^\((.*)\)$/.exec(s);
  if (parens) {
    negative = true;
    s = parens[1] ?? "";
  }
  s = s
    .replace(/[$€£¥₹]/gu, "")
    .replace(/^[A-Z]{3}\s*|\s*[A-Z]{3}$/g, "")
    .trim();
  const leading = /^([+-])\s*(.*)$/.exec(s);
  const trailing = /^(.*?)\s*-$/.exec(s); // "12,50-" in German exports
  if (leading) {
    negative = negative !== (leading[1] === "-");
    s = leading[2] ?? "";
  } else if (trailing) {
    negative = !negative;
    s = trailing[1] ?? "";
  }
  const d = escapeRegex(style.decimalSeparator);
  const groups =
    style.thousandsSeparator !== undefined
      ? style.thousandsSeparator === ""
        ? []
        : [style.thousandsSeparator]
      : [style.decimalSeparator === "." ? "," : ".", " ", "\u00a0", "\u202f", "'", "\u2019"];
  const grouped = groups.map((g) => `\\d{1,3}(?:${escapeRegex(g)}\\d{3})+`);
  const match = new RegExp(`^(\\d+|${[...grouped, ""].join("|")})(?:${d}(\\d+))?$`, "u").exec(s);
  if (!match || (match[1] === "" && match[2] === undefined)) return undefined;
  const whole = (match[1] ?? "").replace(/\D/g, "") || "0";
  return `${negative ? "-" : ""}${whole}${match[2] === undefined ? "" : `.${match[2]}`}`;
}
