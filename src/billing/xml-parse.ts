/**
 * A small XML parser for e-invoices: namespaces resolved by URI, exact text (CDATA included),
 * DOCTYPE refused (no entity expansion), limits on size and depth. Pure.
 */
import { CashloopError } from "../kernel/errors.js";

/** An element with its namespace URI resolved; `text` is its own character data, CDATA included. */
export type XmlElement = {
  ns: string;
  name: string;
  /** Unprefixed attributes by name; prefixed ones as `{uri}name`. */
  attrs: Map<string, string>;
  children: XmlElement[];
  text: string;
};

/** The largest document parseXml reads, in characters. */
export const xmlCharsMax = 20_000_000;
const xmlDepthMax = 256;

const token =
  /<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>|<\?[\s\S]*?\?>|<\/([^\s>]+)\s*>|<([^\s/>!?]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>|([^<]+)/y;
const attribute = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const entity = /&(?:(lt|gt|amp|quot|apos)|#([0-9]{1,7})|#x([0-9a-fA-F]{1,6}));|&/g;
const named = new Map([
  ["lt", "<"],
  ["gt", ">"],
  ["amp", "&"],
  ["quot", '"'],
  ["apos", "'"],
]);

function malformed(reason: string, at: number): CashloopError {
  return new CashloopError("xml_malformed", `XML is not well-formed: ${reason} at offset ${at}`, {
    value: String(at),
  });
}

function decode(text: string, at: number): string {
  return text.replace(entity, (_whole, name?: string, dec?: string, hex?: string) => {
    if (name) return named.get(name) ?? "";
    if (dec === undefined && hex === undefined) throw malformed(`bare "&"`, at);
    return String.fromCodePoint(dec !== undefined ? Number(dec) : Number.parseInt(hex ?? "", 16));
  });
}

type Frame = { el: XmlElement; qname: string; scope: Map<string, string> };

function resolve(qname: string, scope: Map<string, string>, at: number, isAttr: boolean) {
  const colon = qname.indexOf(":");
  if (colon < 0) return { ns: isAttr ? "" : (scope.get("") ?? ""), name: qname };
  const ns = scope.get(qname.slice(0, colon));
  if (ns === undefined) throw malformed(`undeclared prefix in ${qname}`, at);
  return { ns, name: qname.slice(colon + 1) };
}

function openElement(qname: string, rawAttrs: string, parent: Frame | undefined, at: number) {
  const scope = new Map(parent?.scope ?? [["xml", "http://www.w3.org/XML/1998/namespace"]]);
  const pairs = [...rawAttrs.matchAll(attribute)].map(
    (m) => [m[1] ?? "", decode(m[2] ?? m[3] ?? "", at)] as const,
  );
  for (const [key, value] of pairs) {
    if (key === "xmlns") scope.set("", value);
    else if (key.startsWith("xmlns:")) scope.set(key.slice(6), value);
  }
  const attrs = new Map<string, string>();
  for (const [key, value] of pairs) {
    if (key === "xmlns" || key.startsWith("xmlns:")) continue;
    const { ns, name } = resolve(key, scope, at, true);
    attrs.set(ns ? `{${ns}}${name}` : name, value);
  }
  const { ns, name } = resolve(qname, scope, at, false);
  return { el: { ns, name, attrs, children: [], text: "" }, qname, scope };
}

/** Parses a whole XML document; throws `xml_malformed` with the offset of the first problem. */
export function parseXml(input: string): XmlElement {
  if (input.length > xmlCharsMax) throw malformed(`more than ${xmlCharsMax} characters`, 0);
  const xml = input.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  if (/<!DOCTYPE/i.test(xml)) throw malformed("DOCTYPE is not accepted", xml.search(/<!DOCTYPE/i));
  const stack: Frame[] = [];
  let root: XmlElement | undefined;
  token.lastIndex = 0;
  while (token.lastIndex < xml.length) {
    const at = token.lastIndex;
    const m = token.exec(xml);
    if (!m) throw malformed("unexpected markup", at);
    const [, cdata, closing, opening, rawAttrs = "", selfClosing, text] = m;
    const top = stack[stack.length - 1];
    if (text !== undefined || cdata !== undefined) {
      const value = cdata ?? decode(text ?? "", at);
      if (top) top.el.text += value;
      else if (value.trim() !== "") throw malformed("text outside the root element", at);
    } else if (closing !== undefined) {
      if (!top || top.qname !== closing) throw malformed(`unexpected </${closing}>`, at);
      stack.pop();
    } else if (opening !== undefined) {
      if (!top && root) throw malformed("a second root element", at);
      if (stack.length >= xmlDepthMax) throw malformed(`nesting deeper than ${xmlDepthMax}`, at);
      const frame = openElement(opening, rawAttrs, top, at);
      if (top) top.el.children.push(frame.el);
      else root = frame.el;
      if (!selfClosing) stack.push(frame);
    }
  }
  if (!root || stack.length > 0) throw malformed("the document ends early", xml.length);
  return root;
}
