// What the browser tests share: Debian's Chromium driven by playwright-core, a page server on
// its own origin (every call from the page to the sandbox is cross-origin), and the sandbox.
import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { build } from "esbuild";
import { chromium, type Browser, type Page } from "playwright-core";
import { createSandbox, type RunningSandbox } from "sam-sandbox";

/** Debian's `chromium` package (.ci/run installs it); without it the browser tests are skipped. */
export const CHROMIUM = "/usr/bin/chromium";
export const noChromium = !existsSync(CHROMIUM);
if (noChromium) console.warn(`${CHROMIUM} not found (apt-get install chromium): browser tests skipped`);

const fixtures = join(import.meta.dirname, "fixtures");

/** What the page's fetch saw: the answer it may read (readable headers only), or the browser's block. */
export interface Probe {
  status?: number;
  body?: string;
  headers?: Record<string, string>;
  /** "TypeError: Failed to fetch" when CORS (or the network) kept the answer from the page. */
  blocked?: string;
}

export interface BrowserRig {
  sandbox: RunningSandbox;
  page: Page;
  /** http://127.0.0.1:<port> of the page, the Origin of every call it makes. */
  origin: string;
  close(): Promise<void>;
}

/**
 * Serves the fixture page (and any extra scripts, e.g. an esbuild bundle) on a free port,
 * starts the browser-test app with that origin as its PageOrigin parameter, and opens the page.
 */
export async function startRig(scripts: Record<string, string> = {}): Promise<BrowserRig> {
  const html = readFileSync(join(fixtures, "pages", "index.html"), "utf8");
  const server = createServer((req, res) => {
    const script = scripts[req.url ?? ""];
    if (req.url === "/") res.writeHead(200, { "content-type": "text/html" }).end(html);
    else if (script !== undefined) res.writeHead(200, { "content-type": "text/javascript" }).end(script);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let sandbox: RunningSandbox | undefined;
  let browser: Browser | undefined;
  try {
    sandbox = await createSandbox({
      template: join(fixtures, "app", "template.yaml"),
      port: 0,
      edgePort: 0,
      inMemory: true,
      parameterOverrides: { PageOrigin: origin },
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
    const page = await browser.newPage();
    await page.goto(`${origin}/`);
    for (const path of Object.keys(scripts)) await page.addScriptTag({ url: path });
    const opened = { sandbox, browser };
    return { sandbox, page, origin, close: () => closeAll(opened.browser, opened.sandbox, server) };
  } catch (error) {
    await closeAll(browser, sandbox, server);
    throw error;
  }
}

async function closeAll(browser: Browser | undefined, sandbox: RunningSandbox | undefined, server: Server): Promise<void> {
  await browser?.close();
  await sandbox?.stop();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/**
 * A fixture entry (fixtures/pages/<name>.mjs) bundled for the browser, as a front end's build
 * would: the AWS SDK v3 from the root, amazon-cognito-identity-js from examples/auth-app.
 */
export async function bundle(name: string): Promise<string> {
  const out = await build({
    entryPoints: [join(fixtures, "pages", `${name}.mjs`)],
    bundle: true,
    write: false,
    platform: "browser",
    format: "iife",
    define: { global: "globalThis" },
    nodePaths: [join(import.meta.dirname, "..", "..", "examples", "auth-app", "node_modules")],
    logLevel: "warning",
  });
  return out.outputFiles[0].text;
}

/** fetch(url, init) in the page, as a front end calls it. */
export function probe(page: Page, url: string, init: RequestInit = {}): Promise<Probe> {
  return page.evaluate(([u, i]) => (globalThis as unknown as { probe(u: string, i: RequestInit): Promise<Probe> }).probe(u, i), [url, init] as const);
}
