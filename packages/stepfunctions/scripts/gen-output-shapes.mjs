#!/usr/bin/env node
// Writes src/generated/outputShapes.ts: for each service whose Smithy model is in
// ../shared/aws-models (and SSM, Secrets Manager from botocore's models, as gen-sdk-actions.mjs), the output shape of each operation and the shapes it reaches, in a
// compact form. TestState checks a mocked result of an AWS SDK or optimized integration against
// it (mock.fieldValidationMode STRICT / PRESENT).
//
//   node packages/stepfunctions/scripts/gen-output-shapes.mjs           write the table
//   node packages/stepfunctions/scripts/gen-output-shapes.mjs --check   exit 1 if it is stale
import { join } from "node:path";
import { botocoreModels, pkg, smithyModels, writeGenerated } from "./models.mjs";

const target = join(pkg, "src", "generated", "outputShapes.ts");

const NUMBERS = new Set(["byte", "short", "integer", "long", "float", "double", "bigInteger", "bigDecimal", "intEnum"]);
const PRELUDE = { "smithy.api#String": "string", "smithy.api#Boolean": "boolean", "smithy.api#PrimitiveBoolean": "boolean", "smithy.api#Integer": "integer", "smithy.api#PrimitiveInteger": "integer", "smithy.api#Long": "long", "smithy.api#PrimitiveLong": "long", "smithy.api#Double": "double", "smithy.api#Float": "float", "smithy.api#Timestamp": "timestamp", "smithy.api#Blob": "blob", "smithy.api#Document": "document", "smithy.api#Unit": "structure" };

const short = (id) => id.slice(id.indexOf("#") + 1);

const services = {};
for (const [name, shapes] of smithyModels()) {
  const out = {};
  const ops = {};
  // One shape: [kind, …]. Kinds: s string, e enum, n number, b boolean, t timestamp, B blob,
  // l list [l, item, min?, max?], m map [m, value], o structure [o, [[member, shape, required?], …]], d document.
  const visit = (id) => {
    const key = PRELUDE[id] !== undefined ? `_${PRELUDE[id]}` : short(id);
    if (key in out) return key;
    const shape = PRELUDE[id] !== undefined ? { type: PRELUDE[id] } : shapes[id];
    out[key] = null;
    const traits = shape.traits ?? {};
    const length = traits["smithy.api#length"];
    const range = traits["smithy.api#range"];
    const bounds = (a, b) => (a === undefined && b === undefined ? [] : [a ?? null, b ?? null]);
    let spec;
    if (shape.type === "enum") spec = ["e", Object.values(shape.members).map((m) => m.traits?.["smithy.api#enumValue"])];
    else if (shape.type === "string" && Array.isArray(traits["smithy.api#enum"])) spec = ["e", traits["smithy.api#enum"].map((e) => e.value)];
    else if (shape.type === "string") spec = ["s", ...bounds(length?.min, length?.max)];
    else if (NUMBERS.has(shape.type)) spec = ["n", ...bounds(range?.min, range?.max)];
    else if (shape.type === "boolean") spec = ["b"];
    else if (shape.type === "timestamp") spec = ["t"];
    else if (shape.type === "blob") spec = ["B", ...bounds(length?.min, length?.max)];
    else if (shape.type === "list" || shape.type === "set") spec = ["l", visit(shape.member.target)];
    else if (shape.type === "map") spec = ["m", visit(shape.value.target)];
    else if (shape.type === "structure" || shape.type === "union") {
      const members = Object.entries(shape.members ?? {}).map(([member, m]) => {
        const entry = [member.charAt(0).toUpperCase() + member.slice(1), visit(m.target)];
        if (shape.type === "structure" && m.traits?.["smithy.api#required"] !== undefined) entry.push(1);
        return entry;
      });
      spec = ["o", members];
    } else spec = ["d"];
    out[key] = spec;
    return key;
  };
  for (const [id, shape] of Object.entries(shapes)) {
    if (shape.type !== "operation" || shape.output === undefined) continue;
    ops[short(id)] = visit(shape.output.target);
  }
  services[name] = { ops, shapes: out };
}

// Services whose Smithy model is not in ../shared/aws-models: their botocore model.
for (const [name, model] of botocoreModels()) {
  const out = {};
  const ops = {};
  const visit = (key) => {
    if (key in out) return key;
    const shape = model.shapes[key];
    out[key] = null;
    const bounds = (a, b) => (a === undefined && b === undefined ? [] : [a ?? null, b ?? null]);
    let spec;
    if (shape.type === "string" && Array.isArray(shape.enum)) spec = ["e", shape.enum];
    else if (shape.type === "string") spec = ["s", ...bounds(shape.min, shape.max)];
    else if (NUMBERS.has(shape.type)) spec = ["n", ...bounds(shape.min, shape.max)];
    else if (shape.type === "boolean") spec = ["b"];
    else if (shape.type === "timestamp") spec = ["t"];
    else if (shape.type === "blob") spec = ["B", ...bounds(shape.min, shape.max)];
    else if (shape.type === "list") spec = ["l", visit(shape.member.shape)];
    else if (shape.type === "map") spec = ["m", visit(shape.value.shape)];
    else if (shape.type === "structure") {
      const required = new Set(shape.required ?? []);
      spec = ["o", Object.entries(shape.members ?? {}).map(([member, m]) => {
        const entry = [member.charAt(0).toUpperCase() + member.slice(1), visit(m.shape)];
        if (required.has(member)) entry.push(1);
        return entry;
      })];
    } else spec = ["d"];
    out[key] = spec;
    return key;
  };
  for (const [op, operation] of Object.entries(model.operations)) {
    if (operation.output?.shape !== undefined) ops[op] = visit(operation.output.shape);
  }
  services[name] = { ops, shapes: out };
}

const lines = [
  "// generated by packages/stepfunctions/scripts/gen-output-shapes.mjs from AWS's Smithy models — do not edit",
  "// source: ../shared/aws-models (AWS API models, Apache-2.0; see its NOTICE); ssm, secretsmanager: botocore's models (Apache-2.0)",
  "",
  "/**",
  " * A shape: [kind, …]. s string [min, max], e enum [values], n number [min, max], b boolean,",
  " * t timestamp, B blob [min, max], l list [item], m map [value], o structure [[member, shape, required?]], d document.",
  " */",
  "export type OutputShape = readonly unknown[];",
  "",
  "/** aws-sdk service name → operation → output shape name, and the shapes by name. */",
  "export const OUTPUT_SHAPES: Readonly<Record<string, { readonly ops: Readonly<Record<string, string>>; readonly shapes: Readonly<Record<string, OutputShape>> }>> = {",
  ...Object.keys(services).sort().map((name) => `  ${JSON.stringify(name)}: ${JSON.stringify(services[name])},`),
  "};",
  "",
];
writeGenerated(target, lines.join("\n"), "gen-output-shapes.mjs");
