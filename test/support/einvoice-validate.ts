/**
 * Offline e-invoice validation for tests: UBL 2.5 XSD with xmllint, then the EN 16931 rules
 * (compiled XSLT from ConnectingEurope) and the Peppol BIS 3 rules (Schematron source, compiled
 * here to XSLT 2.0 by a small compiler stylesheet) run by Saxon-HE in one long-lived JVM.
 * Needs `xmllint`, `java`, `javac` and Saxon-HE (.ci/install-system-packages.sh installs them).
 * Compiled artefacts are cached under .tmp/einvoice/, keyed by a hash of their inputs.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";

const repoRoot = join(import.meta.dirname, "..", "..");
export const corporaDir = process.env.CASHLOOP_CORPORA ?? join(repoRoot, "..", "shared", "corpora");
const cacheDir = join(repoRoot, ".tmp", "einvoice");
const saxonJar = "/usr/share/java/Saxon-HE.jar";
const validators = join(corporaDir, "validators");
const xsdDir = join(validators, "ubl-2.5-xsdrt-OASIS", "maindoc");
const en16931Xslt = join(
  validators,
  "en16931-ConnectingEurope",
  "ubl",
  "xslt",
  "EN16931-UBL-validation.xslt",
);
const peppolSch = join(validators, "peppol-bis-3-OpenPEPPOL", "sch", "PEPPOL-EN16931-UBL.sch");

/**
 * Schematron → XSLT 2.0, enough for the Peppol BIS rules: ns, global and pattern lets (as global
 * variables), foreign xsl:function, rules (first matching rule per pattern wins, as in ISO
 * Schematron), rule lets, assert/report with value-of and name. Output: SVRL failed-assert and
 * successful-report elements with id, flag and location.
 */
const COMPILER_XSL = `<xsl:stylesheet version="2.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:sch="http://purl.oclc.org/dsdl/schematron" xmlns:axsl="urn:x-alias:xsl"
  xmlns:svrl="http://purl.oclc.org/dsdl/svrl" exclude-result-prefixes="sch">
  <xsl:namespace-alias stylesheet-prefix="axsl" result-prefix="xsl"/>
  <xsl:template match="/sch:schema">
    <axsl:stylesheet version="2.0">
      <xsl:for-each select="sch:ns"><xsl:namespace name="{@prefix}" select="@uri"/></xsl:for-each>
      <xsl:copy-of select="xsl:*"/>
      <xsl:for-each select="sch:let | sch:pattern/sch:let">
        <axsl:variable name="{@name}" select="{@value}"/>
      </xsl:for-each>
      <axsl:template match="/">
        <svrl:schematron-output>
          <xsl:for-each select="sch:pattern">
            <axsl:apply-templates select="/" mode="M{position()}"/>
          </xsl:for-each>
        </svrl:schematron-output>
      </axsl:template>
      <axsl:template match="text() | @*" mode="#all" priority="-1"/>
      <axsl:template match="/ | *" mode="#all" priority="-1">
        <axsl:apply-templates select="@* | *" mode="#current"/>
      </axsl:template>
      <xsl:apply-templates select="sch:pattern"/>
    </axsl:stylesheet>
  </xsl:template>
  <xsl:template match="sch:pattern">
    <xsl:variable name="mode" select="concat('M', position())"/>
    <xsl:for-each select="sch:rule">
      <axsl:template match="{@context}" mode="{$mode}" priority="{1000 - position()}">
        <xsl:for-each select="sch:let"><axsl:variable name="{@name}" select="{@value}"/></xsl:for-each>
        <xsl:apply-templates select="sch:assert | sch:report"/>
        <axsl:apply-templates select="@* | *" mode="{$mode}"/>
      </axsl:template>
    </xsl:for-each>
  </xsl:template>
  <xsl:template match="sch:assert">
    <axsl:if test="not({@test})"><xsl:call-template name="outcome"><xsl:with-param name="kind" select="'failed-assert'"/></xsl:call-template></axsl:if>
  </xsl:template>
  <xsl:template match="sch:report">
    <axsl:if test="{@test}"><xsl:call-template name="outcome"><xsl:with-param name="kind" select="'successful-report'"/></xsl:call-template></axsl:if>
  </xsl:template>
  <xsl:template name="outcome">
    <xsl:param name="kind"/>
    <axsl:element name="svrl:{$kind}" namespace="http://purl.oclc.org/dsdl/svrl">
      <axsl:attribute name="id"><xsl:value-of select="@id"/></axsl:attribute>
      <axsl:attribute name="flag"><xsl:value-of select="(@flag, 'error')[1]"/></axsl:attribute>
      <axsl:attribute name="location" select="path()"/>
      <svrl:text><xsl:apply-templates mode="text"/></svrl:text>
    </axsl:element>
  </xsl:template>
  <xsl:template match="text()" mode="text"><axsl:text><xsl:value-of select="."/></axsl:text></xsl:template>
  <xsl:template match="sch:value-of" mode="text"><axsl:value-of select="{@select}"/></xsl:template>
  <xsl:template match="sch:name" mode="text"><axsl:value-of select="name({(@path, '.')[1]})"/></xsl:template>
  <xsl:template match="*" mode="text"><xsl:apply-templates mode="text"/></xsl:template>
</xsl:stylesheet>
`;

/** Compiles each rule set once, then validates one file per stdin line: one JSON line out. */
const SERVER_JAVA = `import java.io.*;
import java.nio.charset.StandardCharsets;
import java.util.*;
import javax.xml.transform.*;
import javax.xml.transform.dom.DOMResult;
import javax.xml.transform.stream.StreamSource;
import org.w3c.dom.*;

/** Compiles each rule set once, then validates one XML file per stdin line, one JSON line out. */
public final class SvrlServer {
  static final String SVRL = "http://purl.oclc.org/dsdl/svrl";

  public static void main(String[] args) throws Exception {
    TransformerFactory factory = new net.sf.saxon.TransformerFactoryImpl();
    factory.setErrorListener(new Quiet());
    Map<String, Templates> sets = new LinkedHashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      sets.put(arg.substring(0, eq), factory.newTemplates(new StreamSource(new File(arg.substring(eq + 1)))));
    }
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, "UTF-8");
    out.println("{\\"ready\\":true}");
    for (String path; (path = in.readLine()) != null; ) out.println(validate(sets, path));
  }

  static String validate(Map<String, Templates> sets, String path) {
    StringBuilder json = new StringBuilder("{\\"results\\":[");
    try {
      boolean first = true;
      for (Map.Entry<String, Templates> set : sets.entrySet()) {
        Transformer t = set.getValue().newTransformer();
        t.setErrorListener(new Quiet());
        DOMResult result = new DOMResult();
        t.transform(new StreamSource(new File(path)), result);
        for (String kind : new String[] {"failed-assert", "successful-report"}) {
          NodeList nodes = ((Document) result.getNode()).getElementsByTagNameNS(SVRL, kind);
          for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            json.append(first ? "" : ",").append("{\\"set\\":").append(str(set.getKey()))
                .append(",\\"kind\\":").append(str(kind))
                .append(",\\"id\\":").append(str(e.getAttribute("id")))
                .append(",\\"flag\\":").append(str(e.getAttribute("flag")))
                .append(",\\"location\\":").append(str(e.getAttribute("location")))
                .append(",\\"text\\":").append(str(e.getTextContent().trim().replaceAll("\\\\s+", " ")))
                .append("}");
            first = false;
          }
        }
      }
      return json.append("]}").toString();
    } catch (Exception e) {
      return "{\\"error\\":" + str(String.valueOf(e.getMessage())) + "}";
    }
  }

  static String str(String s) {
    StringBuilder b = new StringBuilder("\\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\\\') b.append('\\\\').append(c);
      else if (c < 0x20) b.append(String.format("\\\\u%04x", (int) c));
      else b.append(c);
    }
    return b.append('"').toString();
  }

  static final class Quiet implements ErrorListener {
    public void warning(TransformerException e) {}
    public void error(TransformerException e) throws TransformerException { throw e; }
    public void fatalError(TransformerException e) throws TransformerException { throw e; }
  }
}
`;

export type RuleFinding = {
  set: "en16931" | "peppol";
  id: string;
  flag: string;
  location: string;
  text: string;
};
export type UblValidation = { xsdErrors: string[]; fatal: RuleFinding[]; warnings: RuleFinding[] };

/** Why validation cannot run here (a missing binary or file), or null when it can. */
export function einvoiceToolsMissing(): string | null {
  const missing = ["xmllint", "java", "javac"].filter(
    (cmd) => spawnSync("sh", ["-c", `command -v ${cmd}`]).status !== 0,
  );
  for (const file of [saxonJar, xsdDir, en16931Xslt, peppolSch]) {
    if (!existsSync(file)) missing.push(file);
  }
  if (missing.length === 0) return null;
  return `e-invoice validation needs ${missing.join(", ")}; run .ci/install-system-packages.sh`;
}

function hashOf(...parts: string[]): string {
  const h = createHash("sha256");
  for (const p of parts) h.update(p).update("\0");
  return h.digest("hex").slice(0, 16);
}

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed:\n${r.stderr}`);
}

/** Builds `target` with `build(tmpPath)` unless it exists; rename makes parallel workers safe. */
function cached(target: string, build: (tmp: string) => void): string {
  if (existsSync(target)) return target;
  mkdirSync(cacheDir, { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  build(tmp);
  renameSync(tmp, target);
  return target;
}

function compiledRules(): { classDir: string; peppolXslt: string } {
  const classDir = cached(join(cacheDir, `server-${hashOf(SERVER_JAVA)}`), (tmp) => {
    mkdirSync(tmp, { recursive: true });
    writeFileSync(join(tmp, "SvrlServer.java"), SERVER_JAVA);
    run("javac", ["-nowarn", "-cp", saxonJar, "-d", tmp, join(tmp, "SvrlServer.java")]);
  });
  const compilerXsl = cached(join(cacheDir, `sch2xslt-${hashOf(COMPILER_XSL)}.xsl`), (tmp) =>
    writeFileSync(tmp, COMPILER_XSL),
  );
  const schHash = hashOf(COMPILER_XSL, spawnSync("sha256sum", [peppolSch]).stdout.toString());
  const peppolXslt = cached(join(cacheDir, `peppol-${schHash}.xsl`), (tmp) =>
    run("java", [
      "-cp",
      saxonJar,
      "net.sf.saxon.Transform",
      `-s:${peppolSch}`,
      `-xsl:${compilerXsl}`,
      `-o:${tmp}`,
    ]),
  );
  return { classDir, peppolXslt };
}

type Pending = { resolve: (line: string) => void; reject: (e: Error) => void };
type Server = { child: ChildProcess; pending: Pending[]; ready: Promise<string> };
let server: Server | undefined;

function startServer(): Server {
  const { classDir, peppolXslt } = compiledRules();
  const child = spawn(
    "java",
    [
      "-cp",
      `${saxonJar}:${classDir}`,
      "SvrlServer",
      `en16931=${en16931Xslt}`,
      `peppol=${peppolXslt}`,
    ],
    { stdio: ["pipe", "pipe", "pipe"] },
  );
  const pending: Pending[] = [];
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr += String(chunk);
  });
  const ready = new Promise<string>((resolve, reject) => pending.push({ resolve, reject }));
  createInterface({ input: child.stdout! }).on("line", (line) => pending.shift()?.resolve(line));
  child.on("exit", (code) => {
    for (const p of pending.splice(0)) p.reject(new Error(`Saxon exited (${code}): ${stderr}`));
    server = undefined;
  });
  return { child, pending, ready };
}

async function ask(path: string): Promise<string> {
  server ??= startServer();
  const s = server;
  await s.ready;
  return new Promise<string>((resolve, reject) => {
    s.pending.push({ resolve, reject });
    s.child.stdin?.write(`${path}\n`);
  });
}

/** Stops the Saxon JVM (tests call this in afterAll; it also dies with the process). */
export function closeEinvoiceValidator(): void {
  server?.child.stdin?.end();
  server = undefined;
}

async function rulesFor(path: string): Promise<RuleFinding[]> {
  const reply = JSON.parse(await ask(path)) as { error?: string; results?: RuleFinding[] };
  if (reply.error !== undefined) {
    return [
      { set: "en16931", id: "VALIDATOR-ERROR", flag: "fatal", location: "/", text: reply.error },
    ];
  }
  return reply.results ?? [];
}

/** xmllint on every file at once, per schema; errors grouped by file. */
function xsdErrorsFor(paths: string[], xmls: string[]): string[][] {
  const errors = paths.map((): string[] => []);
  for (const kind of ["Invoice", "CreditNote"] as const) {
    const picked = paths.filter((_, i) => isCreditNote(xmls[i] ?? "") === (kind === "CreditNote"));
    if (picked.length === 0) continue;
    const xsd = join(xsdDir, `UBL-${kind}-2.5.xsd`);
    const r = spawnSync("xmllint", ["--noout", "--nonet", "--schema", xsd, ...picked], {
      encoding: "utf8",
    });
    for (const line of r.stderr.split("\n")) {
      const index = paths.findIndex((p) => line.startsWith(`${p}:`));
      if (index >= 0) errors[index]?.push(line.slice((paths[index] ?? "").length + 1).trim());
      else if (line.trim() && !line.endsWith(" validates") && !line.endsWith("fails to validate")) {
        for (const [i, p] of paths.entries()) if (picked.includes(p)) errors[i]?.push(line.trim());
      }
    }
  }
  return errors;
}

function isCreditNote(xml: string): boolean {
  return /<(?:[A-Za-z_][\w.-]*:)?CreditNote[\s>]/.test(xml.slice(0, 4000));
}

/** Validates several documents with one xmllint run and one JVM. */
export async function validateUblBatch(xmls: readonly string[]): Promise<UblValidation[]> {
  const docsDir = join(cacheDir, "docs");
  mkdirSync(docsDir, { recursive: true });
  const paths = xmls.map((xml) => {
    const path = join(docsDir, `${hashOf(xml)}.xml`);
    if (!existsSync(path)) writeFileSync(path, xml);
    return path;
  });
  const xsd = xsdErrorsFor(paths, [...xmls]);
  const results: UblValidation[] = [];
  for (const [i, path] of paths.entries()) {
    const findings = await rulesFor(path);
    results.push({
      xsdErrors: xsd[i] ?? [],
      fatal: findings.filter((f) => f.flag === "fatal"),
      warnings: findings.filter((f) => f.flag !== "fatal"),
    });
  }
  return results;
}

export async function validateUbl(xml: string): Promise<UblValidation> {
  const [result] = await validateUblBatch([xml]);
  if (!result) throw new Error("validateUblBatch returned nothing");
  return result;
}
