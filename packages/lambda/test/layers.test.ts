import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvokeCommand } from "@aws-sdk/client-lambda";
import { fn, json, payloadOf, startLambda, type TestLambda } from "./helpers.js";

// Written at run time: node_modules directories are not committed.
const root = mkdtempSync(join(tmpdir(), "sandbox-layers-"));
const layer = join(root, "layer");
const npmLayer = join(root, "npm-layer");
const app = join(root, "app");
let lambda: TestLambda;

function write(path: string, text: string): void {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
}

beforeAll(async () => {
  // As zipped for Lambda: nodejs/node_modules/<package> (extracted to /opt).
  write(join(layer, "nodejs/node_modules/shared-greeting/package.json"), '{ "name": "shared-greeting", "main": "index.js" }\n');
  write(join(layer, "nodejs/node_modules/shared-greeting/index.js"), "exports.greet = (name) => `hello ${name} from the layer`;\n");
  // A SAM layer with BuildMethod: nodejs20.x, before `sam build`: an npm project.
  write(join(npmLayer, "node_modules/shout/package.json"), '{ "name": "shout", "main": "index.js" }\n');
  write(join(npmLayer, "node_modules/shout/index.js"), "exports.shout = (s) => s.toUpperCase();\n");
  write(join(app, "package.json"), '{ "name": "layered-app", "private": true }\n');
  write(join(app, "esm.mjs"), 'import { greet } from "shared-greeting";\nexport const handler = async () => greet("esm");\n');
  write(join(app, "cjs.js"), 'const { greet } = require("shared-greeting");\nexports.handler = async () => greet("cjs");\n');
  write(
    join(app, "app.ts"),
    'import { greet } from "shared-greeting";\nimport { shout } from "shout";\nexport const handler = async (): Promise<string> => shout(greet("ts"));\n',
  );
  lambda = await startLambda([
    fn("cjs", app, "cjs.handler", { layerDirs: [layer] }),
    fn("ts", app, "app.handler", { layerDirs: [layer, npmLayer] }),
    fn("noLayer", app, "cjs.handler"),
    fn("esm", app, "esm.handler", { layerDirs: [layer] }),
    fn("esmNoLayer", app, "esm.handler"),
  ]);
});

afterAll(async () => {
  await lambda?.close();
  rmSync(root, { recursive: true, force: true });
});

const invoke = (FunctionName: string) => lambda.client.send(new InvokeCommand({ FunctionName, Payload: json({}) }));

describe("Layers", () => {
  it("lets CommonJS code require a layer's package, as from /opt/nodejs/node_modules (NODE_PATH)", async () => {
    expect(payloadOf(await invoke("cjs"))).toBe("hello cjs from the layer");
  });

  it("lets an ES module import a layer's package, as Lambda's Node.js 18+ runtimes resolve it", async () => {
    expect(payloadOf(await invoke("esm"))).toBe("hello esm from the layer");
  });

  it("fails an ES module's import of a layer's package without the layer, naming the package", async () => {
    const out = await invoke("esmNoLayer");
    expect(out.FunctionError).toBe("Unhandled");
    expect(JSON.stringify(payloadOf(out))).toContain("Cannot find package 'shared-greeting'");
  });

  it("bundles a TypeScript function's imports from its layers", async () => {
    expect(payloadOf(await invoke("ts"))).toBe("HELLO TS FROM THE LAYER");
  });

  it("fails to import a layer's package without the layer", async () => {
    const out = await invoke("noLayer");
    expect(out.FunctionError).toBe("Unhandled");
    expect(payloadOf(out)).toMatchObject({ errorType: "Runtime.ImportModuleError" });
  });
});
