#!/usr/bin/env node
// Writes a package's src/generated/<file>.ts from AWS's botocore model (service-2.json, the
// JSON form of the API definition the AWS SDKs are generated from, found through python3's
// botocore), as packages/core's ServiceModel table — the format tools/gen-models.mjs writes
// from Smithy models — for the services ../shared/aws-models has no Smithy model of.
// CloudFormation, SSM and Secrets Manager tables are written by it.
//
//   node tools/gen-botocore-model.mjs <botocore service> <export name> <out file> [<Action>…]
//   node tools/gen-botocore-model.mjs ssm ssmModel packages/ssm/src/generated/ssm.ts PutParameter GetParameter
// With no actions, every action of the service goes into the table.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { gunzipSync } from "node:zlib";

const [serviceName, exportName, outFile, ...served] = process.argv.slice(2);
if (!serviceName || !exportName || !outFile) {
  console.error("usage: gen-botocore-model.mjs <botocore service> <export name> <out file> [<Action>…]");
  process.exit(2);
}

const botocoreDir = execFileSync("python3", ["-c", "import botocore, os; print(os.path.dirname(botocore.__file__))"], { encoding: "utf8" }).trim();
const version = execFileSync("python3", ["-c", "import botocore; print(botocore.__version__)"], { encoding: "utf8" }).trim();
const serviceDir = join(botocoreDir, "data", serviceName);
const apiVersion = readdirSync(serviceDir).sort().at(-1);
const source = join(serviceDir, apiVersion, "service-2.json.gz");
const model = JSON.parse(gunzipSync(readFileSync(source)).toString("utf8"));
const actions = served.length > 0 ? served : Object.keys(model.operations);
for (const name of actions) if (!model.operations[name]) throw new Error(`${serviceName} has no action ${name}`);

const meta = model.metadata;
const PROTOCOLS = { json: model.metadata.jsonVersion === "1.0" ? "awsJson1_0" : "awsJson1_1", query: "awsQuery", "rest-json": "restJson1", "rest-xml": "restXml", ec2: "ec2Query" };
const NUMERIC = new Set(["integer", "long", "double", "float"]);
const shapes = {};
const visit = (name) => {
  if (shapes[name] !== undefined) return;
  const s = model.shapes[name];
  const out = { type: s.type === "string" && s.enum ? "enum" : s.type };
  shapes[name] = out;
  const bounds = {};
  if (s.min !== undefined) bounds.min = s.min;
  if (s.max !== undefined) bounds.max = s.max;
  if (Object.keys(bounds).length > 0) out[NUMERIC.has(s.type) ? "range" : "length"] = bounds;
  if (s.pattern !== undefined) out.pattern = s.pattern;
  if (s.enum) out.values = s.enum;
  if (s.sensitive) out.sensitive = true;
  if (s.type === "structure") {
    out.members = {};
    for (const [m, member] of Object.entries(s.members ?? {})) {
      const entry = { target: member.shape };
      if ((s.required ?? []).includes(m)) entry.required = true;
      // restJson/restXml bindings: a URI label, a query parameter, a header.
      if (member.location === "uri") entry.label = true;
      else if (member.location === "querystring") entry.query = member.locationName ?? m;
      else if (member.location === "header") entry.header = member.locationName ?? m;
      else if (member.location === "headers") entry.prefixHeaders = member.locationName ?? "";
      else if (member.locationName !== undefined && member.locationName !== m) entry.xmlName = member.locationName;
      if (model.shapes[member.shape].flattened) entry.xmlFlattened = true;
      out.members[m] = entry;
      visit(member.shape);
    }
    if (s.exception) {
      out.error = s.error?.senderFault === false || s.fault ? "server" : "client";
      out.status = s.error?.httpStatusCode ?? 400;
      if (s.error?.code !== undefined && s.error.code !== name) out.queryCode = s.error.code;
    }
  }
  if (s.type === "list") {
    out.member = s.member.shape;
    if (s.member.locationName !== undefined) out.memberXmlName = s.member.locationName;
    visit(s.member.shape);
  }
  if (s.type === "map") {
    out.key = s.key.shape;
    out.value = s.value.shape;
    if (s.key.locationName !== undefined) out.keyXmlName = s.key.locationName;
    if (s.value.locationName !== undefined) out.valueXmlName = s.value.locationName;
    visit(s.key.shape);
    visit(s.value.shape);
  }
  if (s.type === "timestamp" && s.timestampFormat !== undefined) out.timestampFormat = s.timestampFormat;
};

const operations = {};
for (const name of actions) {
  const op = model.operations[name];
  const entry = { errors: (op.errors ?? []).map((e) => e.shape).sort() };
  if (op.input) entry.input = op.input.shape;
  if (op.output) entry.output = op.output.shape;
  // The HTTP binding a REST protocol routes by (a Query or JSON action is always POST /).
  if ((meta.protocol === "rest-json" || meta.protocol === "rest-xml") && op.http) {
    // botocore's URI names a label by its locationName ({IP}); the table, as a Smithy one, by the member (Ip), which is how the wires bind it.
    const byLocation = {};
    for (const [m, member] of Object.entries(model.shapes[op.input?.shape]?.members ?? {})) if (member.location === "uri") byLocation[member.locationName ?? m] = m;
    const uri = op.http.requestUri.replace(/\{([^}+]+)(\+?)\}/g, (_, name, greedy) => `{${byLocation[name] ?? name}${greedy}}`);
    entry.http = { method: op.http.method, uri, ...(op.http.responseCode !== undefined ? { code: op.http.responseCode } : {}) };
  }
  for (const shape of [op.input?.shape, op.output?.shape, ...entry.errors]) if (shape) visit(shape);
  operations[name] = entry;
}

const sorted = (o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
/** A value as one line of TypeScript: unquoted keys, a space after "," and inside braces (strings left alone). */
const line = (v) => {
  let out = "";
  let inString = false;
  const text = JSON.stringify(v);
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === "\\") out += text[++i];
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      const key = /^"([A-Za-z_$][\w$]*)":/.exec(text.slice(i));
      if (key) {
        out += `${key[1]}: `;
        i += key[0].length - 1;
        continue;
      }
      inString = true;
      out += c;
    } else if (c === ",") out += ", ";
    else if (c === "{") out += text[i + 1] === "}" ? "{" : "{ ";
    else if (c === "}") out += text[i - 1] === "{" ? "}" : " }";
    else out += c;
  }
  return out;
};
const service = {
  id: meta.serviceId, sdkId: meta.serviceId, version: meta.apiVersion, protocol: PROTOCOLS[meta.protocol] ?? "unknown",
  signingName: meta.signingName ?? meta.endpointPrefix, endpointPrefix: meta.endpointPrefix,
};
if (meta.xmlNamespace !== undefined) service.xmlNamespace = meta.xmlNamespace;
if (meta.targetPrefix !== undefined) service.targetPrefix = meta.targetPrefix;
const constName = `${serviceName.replace(/[^A-Za-z0-9]/g, "_").toUpperCase()}_ACTIONS`;
const text = [
  "// generated by tools/gen-botocore-model.mjs from AWS's botocore model — do not edit",
  `// source: botocore ${version} data/${serviceName}/${apiVersion}/service-2.json (Apache-2.0)${served.length > 0 ? ", the served actions only" : ""}`,
  `// regenerate: node tools/gen-botocore-model.mjs ${[serviceName, exportName, relative(process.cwd(), resolve(outFile)), ...served].join(" ")}`,
  'import type { ServiceModel } from "@sam-sandbox/core";',
  "",
  `/** Every ${meta.serviceId} action, served or not: what is not served answers a clear error. */`,
  `export const ${constName}: readonly string[] = ${line(Object.keys(model.operations).sort())};`,
  "",
  `export const ${exportName}: ServiceModel = {`,
  `  service: ${line(service)},`,
  "  operations: {",
  ...Object.entries(sorted(operations)).map(([n, o]) => `    ${n}: ${line(o)},`),
  "  },",
  "  shapes: {",
  ...Object.entries(sorted(shapes)).map(([n, s]) => `    ${n}: ${line(s)},`),
  "  },",
  "};",
  "",
].join("\n");
writeFileSync(resolve(outFile), text);
console.log(`wrote ${outFile}`);
