/**
 * Offline e-invoice validation for tests: the UBL 2.5 XSD with xmllint, then the EN 16931 rules
 * (compiled XSLT from ConnectingEurope) and the Peppol BIS 3 rules (Schematron source, compiled
 * here to XSLT 2.0 by a small compiler stylesheet) run by Saxon-HE in one long-lived JVM that
 * validates documents in parallel. Needs xmllint, java, javac and Saxon-HE, which
 * .ci/install-system-packages.sh installs. Compiled artefacts are cached under .tmp/einvoice/,
 * keyed by a hash of their inputs.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

const repoRoot = join(import.meta.dirname, "..", "..");
export const corporaDir = process.env.CASHLOOP_CORPORA ?? join(repoRoot, "..", "shared", "corpora");
const cacheDir = join(repoRoot, ".tmp", "einvoice");
const saxonJar = "/usr/share/java/Saxon-HE.jar";
const validators = join(corporaDir, "validators");
const xsdDir = join(validators, "ubl-2.5-xsdrt-OASIS", "maindoc");
const ruleSources = {
  en16931: join(validators, "en16931-ConnectingEurope/ubl/xslt/EN16931-UBL-validation.xslt"),
  peppol: join(validators, "peppol-bis-3-OpenPEPPOL/sch/PEPPOL-EN16931-UBL.sch"),
};

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
  <xsl:template match="sch:assert | sch:report">
    <xsl:variable name="failed" select="exists(self::sch:assert)"/>
    <axsl:if test="{if ($failed) then concat('not(', @test, ')') else @test}">
      <xsl:element name="svrl:{if ($failed) then 'failed-assert' else 'successful-report'}">
        <xsl:attribute name="id" select="@id"/>
        <xsl:attribute name="flag" select="(@flag, 'error')[1]"/>
        <axsl:attribute name="location" select="path()"/>
        <svrl:text><xsl:apply-templates mode="text"/></svrl:text>
      </xsl:element>
    </axsl:if>
  </xsl:template>
  <xsl:template match="text()" mode="text"><axsl:text><xsl:value-of select="."/></axsl:text></xsl:template>
  <xsl:template match="sch:value-of" mode="text"><axsl:value-of select="{@select}"/></xsl:template>
  <xsl:template match="sch:name" mode="text"><axsl:value-of select="name({(@path, '.')[1]})"/></xsl:template>
  <xsl:template match="*" mode="text"><xsl:apply-templates mode="text"/></xsl:template>
</xsl:stylesheet>
`;

/** Compiles each rule set once, then validates the file named on each stdin line, in parallel. */
const SERVER_JAVA = `import java.io.*;
import java.util.*;
import java.util.concurrent.*;
import javax.xml.transform.*;
import javax.xml.transform.dom.DOMResult;
import javax.xml.transform.stream.StreamSource;
import net.sf.saxon.TransformerFactoryImpl;
import org.w3c.dom.*;

public final class SvrlServer {
  static final TransformerFactoryImpl factory = new TransformerFactoryImpl();
  static final Map<String, Templates> sets = new LinkedHashMap<>();

  public static void main(String[] args) throws Exception {
    for (String arg : args) {
      String[] kv = arg.split("=", 2);
      sets.put(kv[0], factory.newTemplates(new StreamSource(new File(kv[1]))));
    }
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, "UTF-8");
    out.println("ready");
    ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
    BlockingQueue<Future<String>> replies = new LinkedBlockingQueue<>();
    Future<String> done = CompletableFuture.completedFuture(null);
    Thread writer = new Thread(() -> {
      try {
        for (Future<String> f; (f = replies.take()) != done; ) out.println(f.get());
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    writer.start();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, "UTF-8"));
    for (String line; (line = in.readLine()) != null; ) {
      String[] request = line.split("\\t", 2); // rule sets, then the file
      replies.add(pool.submit(() -> validate(Arrays.asList(request[0].split(",")), request[1])));
    }
    replies.add(done);
    writer.join();
    pool.shutdown();
  }

  /** One line: findings separated by U+001E, fields (set, kind, id, flag, location, text) by tabs. */
  static String validate(List<String> wanted, String path) {
    List<String> found = new ArrayList<>();
    try {
      Source doc = factory.getConfiguration().buildDocumentTree(new StreamSource(new File(path))).getRootNode();
      for (Map.Entry<String, Templates> set : sets.entrySet()) {
        if (!wanted.contains(set.getKey())) continue;
        DOMResult result = new DOMResult();
        set.getValue().newTransformer().transform(doc, result);
        for (String kind : new String[] {"failed-assert", "successful-report"}) {
          NodeList nodes = ((Document) result.getNode()).getElementsByTagNameNS("http://purl.oclc.org/dsdl/svrl", kind);
          for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            String text = e.getTextContent().replaceAll("[\\\\s\\u001e]+", " ").trim();
            found.add(String.join("\\t", set.getKey(), kind, e.getAttribute("id"), e.getAttribute("flag"), e.getAttribute("location"), text));
          }
        }
      }
      return String.join("\\u001e", found);
    } catch (Exception e) {
      String why = "the rules could not run: " + String.valueOf(e.getMessage()).replaceAll("\\\\s+", " ");
      return String.join("\\t", wanted.get(0), "failed-assert", "VALIDATOR-ERROR", "fatal", "/", why);
    }
  }
}
`;

export type RuleSet = "en16931" | "peppol";
export type RuleFinding = {
  set: RuleSet;
  kind: "failed-assert" | "successful-report";
  id: string;
  flag: string;
  location: string;
  text: string;
};
export type UblValidation = { xsdErrors: string[]; fatal: RuleFinding[]; warnings: RuleFinding[] };
export type ValidateOptions = { xsd?: boolean; ruleSets?: readonly RuleSet[] };

/** Why validation cannot run here (a missing binary or file), or null when it can. */
export function einvoiceToolsMissing(): string | null {
  const missing = ["xmllint", "java", "javac"].filter(
    (cmd) => spawnSync("sh", ["-c", `command -v ${cmd}`]).status !== 0,
  );
  for (const file of [saxonJar, xsdDir, ruleSources.en16931, ruleSources.peppol]) {
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

/** Builds `target` via a temporary path unless it exists; parallel workers may race harmlessly. */
function cached(target: string, build: (tmp: string) => void): string {
  if (existsSync(target)) return target;
  mkdirSync(cacheDir, { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  build(tmp);
  try {
    renameSync(tmp, target);
  } catch (e) {
    if (!existsSync(target)) throw e; // another worker built it first
    rmSync(tmp, { recursive: true, force: true });
  }
  return target;
}

function compiledRules(): { classDir: string; peppolXslt: string } {
  const classDir = cached(join(cacheDir, `server-${hashOf(SERVER_JAVA)}`), (tmp) => {
    mkdirSync(tmp, { recursive: true });
    writeFileSync(join(tmp, "SvrlServer.java"), SERVER_JAVA);
    run("javac", ["-nowarn", "-cp", saxonJar, "-d", tmp, join(tmp, "SvrlServer.java")]);
  });
  const compiler = cached(join(cacheDir, `sch2xslt-${hashOf(COMPILER_XSL)}.xsl`), (tmp) =>
    writeFileSync(tmp, COMPILER_XSL),
  );
  const sch = ruleSources.peppol;
  const key = hashOf(compiler, spawnSync("sha256sum", [sch], { encoding: "utf8" }).stdout);
  const saxon = ["-cp", saxonJar, "net.sf.saxon.Transform", `-s:${sch}`, `-xsl:${compiler}`];
  const peppolXslt = cached(join(cacheDir, `peppol-${key}.xsl`), (tmp) =>
    run("java", [...saxon, `-o:${tmp}`]),
  );
  return { classDir, peppolXslt };
}

type Pending = { resolve: (line: string) => void; reject: (e: Error) => void };
type Server = { child: ChildProcess; pending: Pending[]; ready: Promise<string> };
let server: Server | undefined;

function startServer(): Server {
  const { classDir, peppolXslt } = compiledRules();
  // C1 only and the serial collector: the JVM lives for one test file, so start-up time rules.
  const jvm = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", `${saxonJar}:${classDir}`];
  const sets = [`en16931=${ruleSources.en16931}`, `peppol=${peppolXslt}`];
  const child = spawn("java", [...jvm, "SvrlServer", ...sets], { stdio: "pipe" });
  const pending: Pending[] = [];
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += String(chunk);
  });
  const ready = new Promise<string>((resolve, reject) => pending.push({ resolve, reject }));
  createInterface({ input: child.stdout }).on("line", (line) => pending.shift()?.resolve(line));
  child.on("exit", (code) => {
    for (const p of pending.splice(0)) p.reject(new Error(`Saxon exited (${code}): ${stderr}`));
    server = undefined;
  });
  return { child, pending, ready };
}

/** Sends one request; replies come back in request order, so many may be in flight. */
async function ask(request: string): Promise<string> {
  server ??= startServer();
  const s = server;
  await s.ready;
  return new Promise<string>((resolve, reject) => {
    s.pending.push({ resolve, reject });
    s.child.stdin?.write(`${request}\n`);
  });
}

/** Stops the Saxon JVM (tests call this in afterAll; it also dies with the process). */
export function closeEinvoiceValidator(): void {
  server?.child.stdin?.end();
  server = undefined;
}

const findingFields = ["set", "kind", "id", "flag", "location", "text"] as const;

async function rulesFor(path: string, sets: readonly RuleSet[]): Promise<RuleFinding[]> {
  const reply = await ask(`${sets.join(",")}\t${path}`);
  if (reply === "") return [];
  return reply.split("\u001e").map((record) => {
    const values = record.split("\t");
    return Object.fromEntries(findingFields.map((f, i) => [f, values[i] ?? ""])) as RuleFinding;
  });
}

function isCreditNote(xml: string): boolean {
  return /<(?:[A-Za-z_][\w.-]*:)?CreditNote[\s>]/.test(xml.slice(0, 4000));
}

/** xmllint once per schema over all files; each error line goes to its file. */
function xsdErrorsFor(paths: string[], xmls: readonly string[]): string[][] {
  const errors = paths.map((): string[] => []);
  for (const kind of ["Invoice", "CreditNote"] as const) {
    const picked = paths.filter((_, i) => isCreditNote(xmls[i] ?? "") === (kind === "CreditNote"));
    if (picked.length === 0) continue;
    const xsd = join(xsdDir, `UBL-${kind}-2.5.xsd`);
    const args = ["--noout", "--nonet", "--schema", xsd, ...picked];
    const { stderr } = spawnSync("xmllint", args, { encoding: "utf8", maxBuffer: 1 << 28 });
    let last = -1; // xmllint prints context lines (source, caret) after an error line
    for (const line of stderr.split("\n")) {
      const index = paths.findIndex((p) => line.startsWith(`${p}:`));
      if (index >= 0) last = index;
      if (!line.trim() || / (validates|fails to validate)$/.test(line)) continue;
      const text = index >= 0 ? line.slice((paths[index] ?? "").length + 1).trim() : line;
      if (last >= 0) errors[last]?.push(text);
      else for (const [i, p] of paths.entries()) if (picked.includes(p)) errors[i]?.push(text);
    }
  }
  return errors;
}

/** Validates several documents with one xmllint run per schema and one JVM. */
export async function validateUblBatch(
  xmls: readonly string[],
  options: ValidateOptions = {},
): Promise<UblValidation[]> {
  const dir = mkdtempSync(join(tmpdir(), "cashloop-ubl-"));
  try {
    const paths = xmls.map((xml, i) => {
      const path = join(dir, `${i}.xml`);
      writeFileSync(path, xml);
      return path;
    });
    const xsd = options.xsd === false ? [] : xsdErrorsFor(paths, xmls);
    const sets = options.ruleSets ?? ["en16931", "peppol"];
    const findings = await Promise.all(paths.map((p) => rulesFor(p, sets)));
    return paths.map((_, i): UblValidation => {
      const found = findings[i] ?? [];
      return {
        xsdErrors: xsd[i] ?? [],
        fatal: found.filter((f) => f.flag === "fatal"),
        warnings: found.filter((f) => f.flag !== "fatal"),
      };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function validateUbl(xml: string, options?: ValidateOptions): Promise<UblValidation> {
  const [result] = await validateUblBatch([xml], options);
  if (!result) throw new Error("validateUblBatch returned nothing");
  return result;
}
