// Every broken template is one clear SandboxError naming the file (and the line, where the
// mistake has one), never a stack trace, a TypeError or a hang (DESIGN.md rule 4).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { SandboxError } from "@sam-sandbox/core";
import { afterAll, describe, expect, it } from "vitest";
import { loadTemplate } from "../src/index.js";
import { TempApps } from "./helpers.js";

const apps = new TempApps();
afterAll(() => apps.cleanup());

const HEADER = `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
`;

/** A function with its handler file, and `props` (lines indented under Properties) replacing the defaults. */
function fn(props = "      Handler: app.handler\n      Runtime: nodejs22.x\n      CodeUri: src/\n"): string {
  return `${HEADER}  Fn:
    Type: AWS::Serverless::Function
    Properties:
${props}`;
}

const HANDLER = { "src/app.js": "exports.handler = async () => ({});\n" };

interface Case {
  name: string;
  /** Template text, or bytes. */
  template: string | Buffer;
  /** Template file name (JSON when it ends in .json). */
  file?: string;
  /** Other files of the app. */
  files?: Record<string, string>;
  /** Expected line, or undefined when the mistake has none. */
  line?: number;
  /** Part of the message. */
  message: RegExp;
  /** AWS deploys it (and fails when invoked): it loads, with a warning naming file and line. */
  warns?: boolean;
}

const CASES: Case[] = [
  {
    name: "bad YAML indentation",
    template: `${HEADER}  Table:\n    Type: AWS::Serverless::SimpleTable\n   Properties:\n      TableName: t\n`,
    line: 6,
    message: /^Template format error: YAML not well-formed\. \(line \d+, column \d+\)$/,
  },
  {
    name: "a tab in the indentation",
    template: `${HEADER}  Table:\n\tType: AWS::Serverless::SimpleTable\n`,
    line: 5,
    message: /^Template format error: YAML not well-formed\. \(line \d+, column \d+\)$/,
  },
  {
    name: "an unknown tag",
    template: `${HEADER}  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Frobnicate x\n`,
    line: 7,
    message: /Frobnicate/,
  },
  {
    name: "!Ref to nothing",
    template: `${HEADER}  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Ref Nothing\n`,
    line: 7,
    message: /Unresolved resource dependencies \[Nothing\]/,
  },
  {
    name: "!GetAtt of an attribute the resource does not have",
    template: `${HEADER}  Table:\n    Type: AWS::Serverless::SimpleTable\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !GetAtt Table.Nope\n`,
    line: 9,
    message: /Nope/,
  },
  {
    name: "!GetAtt of a resource that does not exist",
    template: `${HEADER}  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !GetAtt Ghost.Arn\n`,
    line: 7,
    message: /Ghost/,
  },
  {
    name: "a circular dependency",
    template: `${HEADER}  A:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !GetAtt B.TopicName\n  B:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !GetAtt A.TopicName\n`,
    message: /Circular dependency/,
    line: 4,
  },
  {
    name: "Timeout: abc",
    template: fn("      Handler: app.handler\n      Runtime: nodejs22.x\n      CodeUri: src/\n      Timeout: abc\n"),
    files: HANDLER,
    line: 10,
    message: /Timeout/,
  },
  {
    name: "MemorySize: 99999",
    template: fn("      Handler: app.handler\n      Runtime: nodejs22.x\n      CodeUri: src/\n      MemorySize: 99999\n"),
    files: HANDLER,
    line: 10,
    message: /Value '99999' at 'memorySize'/,
  },
  {
    name: "Timeout above Lambda's 900 seconds",
    template: fn("      Handler: app.handler\n      Runtime: nodejs22.x\n      CodeUri: src/\n      Timeout: 901\n"),
    files: HANDLER,
    line: 10,
    message: /Value '901' at 'timeout'/,
  },
  {
    name: "a CodeUri directory that does not exist",
    template: fn("      Handler: app.handler\n      Runtime: nodejs22.x\n      CodeUri: missing/\n"),
    line: 9,
    message: /missing/,
  },
  {
    name: "a handler file that does not exist",
    template: fn("      Handler: nothere.handler\n      Runtime: nodejs22.x\n      CodeUri: src/\n"),
    files: HANDLER,
    line: 7,
    message: /Handler nothere\.handler of Fn names a module that is not in .*Runtime\.ImportModuleError/,
    warns: true,
  },
  { name: "an empty file", template: "", message: /empty|Resources/i },
  { name: "a YAML scalar", template: "just some words\n", message: /Resources|mapping|object/i },
  { name: "binary garbage", template: Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 73 + 11) % 256)), message: /./ },
  {
    name: "a 5 MB template",
    template: `${HEADER}  Topic:\n    Type: AWS::SNS::Topic\n    Metadata:\n      Notes: ${"x".repeat(5 * 1024 * 1024)}\n`,
    message: /^Template is 5,24\d,\d{3} bytes; CloudFormation accepts at most 1,000,000 bytes$/,
  },
  {
    name: "JSON with a trailing comma",
    file: "template.json",
    template: '{\n  "Resources": {\n    "Topic": { "Type": "AWS::SNS::Topic" },\n  }\n}\n',
    line: 4,
    message: /^Template format error: JSON not well-formed\. \(line 4, column \d+\)$/,
  },
  { name: "Resources that is a list", template: `${HEADER}  - Topic\n`, line: 4, message: /At least one Resources member must be defined/ },
  { name: "a resource without Type", template: `${HEADER}  Topic:\n    Properties:\n      TopicName: t\n`, line: 4, message: /Type/ },
  { name: "Properties that is a string", template: `${HEADER}  Topic:\n    Type: AWS::SNS::Topic\n    Properties: hello\n`, line: 6, message: /Properties/ },
  // CloudFormation and `sam deploy` keep the last of two equal keys; the sandbox does too, and says so.
  { name: "a duplicate key", template: `${HEADER}  Topic:\n    Type: AWS::SNS::Topic\n  Topic:\n    Type: AWS::SNS::Topic\n`, line: 6, message: /Topic is written twice in the same map; CloudFormation keeps this last value and ignores the one on line 4$/, warns: true },
  {
    name: "an empty ${} in !Sub",
    template: `${HEADER}  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Sub "orders-\${}"\n`,
    line: 7,
    message: /^Template error: variable names in Fn::Sub syntax must contain only alphanumeric characters, underscores, periods, and colons$/,
  },
  {
    name: "!Select past the end of its list",
    template: `${HEADER}  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Select [5, [a, b]]\n`,
    line: 7,
    message: /Select/,
  },
  {
    name: "a parameter value outside AllowedValues",
    template: `Parameters:\n  Stage:\n    Type: String\n    Default: qa\n    AllowedValues: [dev, prod]\n${HEADER.slice(HEADER.indexOf("Transform"))}  Topic:\n    Type: AWS::SNS::Topic\n`,
    line: 4,
    message: /Stage/,
  },
];

describe("broken templates", () => {
  it.each(CASES)("$name: one clear error with the file and line", async (c) => {
    const name = c.file ?? "template.yaml";
    const dir = apps.make({ ...c.files });
    const file = join(dir, name);
    writeFileSync(file, c.template);
    const error = await loadTemplate({ file }).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (c.warns) {
      expect(error).toBeUndefined();
      const { warnings } = await loadTemplate({ file });
      expect(warnings).toEqual([expect.stringMatching(c.message)]);
      expect(warnings[0]).toContain(`${file}:${c.line}: `);
      return;
    }
    expect(error, "loads without an error").toBeInstanceOf(SandboxError);
    const e = error as SandboxError;
    expect(e.file).toBe(file);
    if (c.line !== undefined) expect(e.line).toBe(c.line);
    expect(e.message).toMatch(c.message);
    const shown = e.format();
    // What the CLI prints: the file and line, the message, a hint; no stack, no JavaScript internals.
    expect(shown).not.toMatch(/\n\s+at /);
    expect(shown).not.toMatch(/TypeError|ReferenceError|is not a function|Cannot read properties|\[object Object\]|\bundefined\b(?! resource)/);
    expect(shown.length).toBeLessThan(2000);
  });
});
