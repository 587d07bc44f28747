// What the generator scripts of this package share: the AWS models they read and how they
// write (or, with --check, compare) a generated file.
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const pkg = join(dirname(fileURLToPath(import.meta.url)), "..");
const modelsDir = join(pkg, "..", "..", "..", "shared", "aws-models");

/** The aws-sdk integration's name of a service: its sdkId lower-cased, spaces and hyphens removed ("cloudwatchlogs"). */
export function sdkName(sdkId) {
  return sdkId.toLowerCase().replace(/[ -]/g, "");
}

/** Each Smithy model in ../shared/aws-models that has an sdkId: [name, its shapes]. */
export function smithyModels() {
  const models = [];
  for (const file of readdirSync(modelsDir).filter((f) => f.endsWith(".json")).sort()) {
    const shapes = JSON.parse(readFileSync(join(modelsDir, file), "utf8")).shapes;
    const sdkId = Object.values(shapes).find((s) => s.type === "service")?.traits?.["aws.api#service"]?.sdkId;
    if (typeof sdkId === "string") models.push([sdkName(sdkId), shapes]);
  }
  return models;
}

/** Services whose Smithy model is not in ../shared/aws-models: their botocore model (service-2.json). */
const BOTOCORE_SERVICES = ["ssm", "secretsmanager"];

/** Each botocore model: [name (metadata.serviceId as sdkId would name it), the model]. */
export function botocoreModels() {
  const botocoreDir = execFileSync("python3", ["-c", "import botocore, os; print(os.path.dirname(botocore.__file__))"], { encoding: "utf8" }).trim();
  return BOTOCORE_SERVICES.map((service) => {
    const dir = join(botocoreDir, "data", service);
    const apiVersion = readdirSync(dir).sort().at(-1);
    const model = JSON.parse(gunzipSync(readFileSync(join(dir, apiVersion, "service-2.json.gz"))).toString("utf8"));
    return [sdkName(model.metadata.serviceId), model];
  });
}

/** Writes `text` to `target`, or with --check exits 1 when the file differs (`script` says how to refresh it). */
export function writeGenerated(target, text, script) {
  if (!process.argv.includes("--check")) {
    writeFileSync(target, text);
    return;
  }
  let current = "";
  try {
    current = readFileSync(target, "utf8");
  } catch {
    // missing: stale
  }
  if (current !== text) {
    console.error(`${target} is stale: run node packages/stepfunctions/scripts/${script}`);
    process.exit(1);
  }
}
