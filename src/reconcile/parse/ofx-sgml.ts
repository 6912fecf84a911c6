/**
 * OFX text → an element tree, for both dialects: OFX 1.x SGML (leaf elements usually have no end
 * tag: a leaf's value runs to the next "<") and OFX 2.x XML. Every element remembers the line
 * its start tag is on, so errors can name it. The header ("OFXHEADER:100", "<?OFX …?>") is
 * skipped. Entities are decoded: the XML five, numeric ones, and the HTML Latin-1 names banks
 * write ("&eacute;"); an unknown "&name;" or a bare "&" stays as written. Pure.
 */
import { StatementParseError } from "../statement-model.js";

export type OfxElement = {
  /** Upper-cased tag name ("STMTTRN"). */
  name: string;
  /** 1-based line of the start tag. */
  line: number;
  /** The element's own text, entities decoded, trimmed; "" for aggregates. */
  text: string;
  children: OfxElement[];
};

/** The largest OFX file read, in characters, and the deepest nesting accepted. */
export const ofxCharsMax = 50_000_000;
const ofxDepthMax = 64;

// HTML 4 Latin-1 entity names, code points 160..255 in order.
const latin1Names =
  "nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn " +
  "sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave " +
  "Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml " +
  "ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN " +
  "szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave " +
  "iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc " +
  "uuml yacute thorn yuml";

// Names past Latin-1 that Windows-1252 text also uses.
const moreEntities: Record<string, number> = {
  OElig: 338,
  oelig: 339,
  Scaron: 352,
  scaron: 353,
  Yuml: 376,
  ndash: 8211,
  mdash: 8212,
  lsquo: 8216,
  rsquo: 8217,
  sbquo: 8218,
  ldquo: 8220,
  rdquo: 8221,
  bdquo: 8222,
  bull: 8226,
  hellip: 8230,
  euro: 8364,
  trade: 8482,
};

export const namedEntities: ReadonlyMap<string, string> = new Map([
  ...latin1Names.split(" ").map((name, i) => [name, String.fromCodePoint(160 + i)] as const),
  ...Object.entries(moreEntities).map(
    ([name, code]) => [name, String.fromCodePoint(code)] as const,
  ),
  ...Object.entries({ lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" }),
]);

const entity = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));/g;

export function decodeEntities(text: string): string {
  return text.replace(entity, (whole, dec?: string, hex?: string, name?: string) => {
    if (name !== undefined) return namedEntities.get(name) ?? whole;
    const code = dec !== undefined ? Number(dec) : Number.parseInt(hex ?? "", 16);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

const token =
  /<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>|<\?[\s\S]*?\?>|<![^<>]*>|<\/\s*([A-Za-z][\w.:-]*)\s*>|<([A-Za-z][\w.:-]*)(?:\s[^<>]*?)?(\/?)>|([^<]+)/y;
const lineBreak = /\r\n|\r|\n/g;

type Open = OfxElement & { hasText: boolean };
type Fail = (line: number, problem: string) => StatementParseError;

/** Parses the whole file; the root must be <OFX>. Throws StatementParseError naming the line. */
export function parseOfxTree(text: string, file: string): OfxElement {
  const fail: Fail = (line, problem) => new StatementParseError(file, String(line), problem);
  if (text.length > ofxCharsMax) throw fail(1, `the file has more than ${ofxCharsMax} characters`);
  const tree = new TreeBuilder(fail);
  let line = 1;
  token.lastIndex = 0;
  while (token.lastIndex < text.length) {
    const at = token.lastIndex;
    const m = token.exec(text);
    if (!m) {
      const rest = text.slice(at, at + 40).split(/\r|\n/)[0];
      const problem = text.indexOf(">", at) < 0 ? "the file ends inside a tag" : "malformed tag";
      throw fail(line, `${problem}: ${JSON.stringify(rest)}`);
    }
    const [whole, cdata, closing, opening, selfClosing, chars] = m;
    if (cdata !== undefined) tree.text(cdata, line);
    else if (chars !== undefined) tree.text(decodeEntities(chars), line);
    else if (opening !== undefined) tree.open(opening.toUpperCase(), selfClosing === "/", line);
    else if (closing !== undefined) tree.close(closing.toUpperCase(), line);
    line += whole.match(lineBreak)?.length ?? 0;
  }
  return tree.end(line);
}

class TreeBuilder {
  private readonly stack: Open[] = [];
  private root: Open | undefined;

  constructor(private readonly fail: Fail) {}

  private get top(): Open | undefined {
    return this.stack[this.stack.length - 1];
  }

  /** Text before <OFX> is the header, after </OFX> trailing bytes: both ignored. */
  text(value: string, line: number): void {
    const top = this.top;
    if (!top) return;
    if (value.trim() !== "") {
      if (top.children.length > 0 || top === this.root) {
        throw this.fail(
          line,
          `text ${JSON.stringify(value.trim())} among the elements of <${top.name}>`,
        );
      }
      top.hasText = true;
    }
    top.text += value;
  }

  open(name: string, selfClosing: boolean, line: number): void {
    // An SGML leaf that already has its value ends where the next element starts.
    if (this.top?.hasText) this.stack.pop();
    const parent = this.top;
    if (!parent && this.root) throw this.fail(line, `<${name}> after the end of <OFX>`);
    if (this.stack.length >= ofxDepthMax) {
      throw this.fail(line, `elements nested deeper than ${ofxDepthMax}`);
    }
    const el: Open = { name, line, text: "", children: [], hasText: false };
    if (parent) parent.children.push(el);
    else this.root = el;
    if (!selfClosing) this.stack.push(el);
  }

  /**
   * An end tag closes its element and every element still open inside it. Those were SGML
   * elements without end tags: leaves with a value are fine; an empty one that collected
   * elements was really an empty leaf, so its "children" move up to where they belong.
   */
  close(name: string, line: number): void {
    const stack = this.stack;
    let index = stack.length - 1;
    while (index >= 0 && stack[index]?.name !== name) index--;
    if (index < 0) throw this.fail(line, `</${name}> without a matching <${name}>`);
    while (stack.length - 1 > index) {
      const inner = stack.pop() as Open;
      const parent = stack[stack.length - 1] as Open;
      if (inner.children.length > 0) {
        parent.children.splice(parent.children.indexOf(inner) + 1, 0, ...inner.children);
        inner.children = [];
      }
    }
    stack.pop();
  }

  end(line: number): OfxElement {
    if (!this.root) throw this.fail(line, "no <OFX> element: the file is empty or not OFX");
    while (this.top?.hasText) this.stack.pop();
    const open = this.top;
    if (open) {
      throw this.fail(
        line,
        `the file ends before </${open.name}> (opened at line ${open.line}): truncated`,
      );
    }
    if (this.root.name !== "OFX") {
      throw this.fail(this.root.line, `the root element is <${this.root.name}>, not <OFX>`);
    }
    return finish(this.root);
  }
}

function finish(el: Open): OfxElement {
  return {
    name: el.name,
    line: el.line,
    text: el.children.length > 0 ? "" : el.text.trim(),
    children: el.children.map((c) => finish(c as Open)),
  };
}
