/**
 * What a target receives for one matched event ("Amazon EventBridge input transformation"):
 * the event itself, a constant Input, the part of the event InputPath selects, or the
 * InputTransformer's template with its <variables> filled in.
 */

export interface InputContext {
  ruleArn: string;
  ruleName: string;
  /** When EventBridge received the event (ISO 8601). */
  ingestionTime: string;
}

export interface TargetInput {
  Input?: string;
  InputPath?: string;
  InputTransformer?: { InputPathsMap?: Record<string, string>; InputTemplate: string };
}

/** The JSON path syntax EventBridge evaluates: $, .name, ['name'], [index], [*] and .*. */
export function selectPath(event: unknown, path: string): unknown {
  if (path === "$") return event;
  const steps = pathSteps(path);
  let current: unknown[] = [event];
  let wildcard = false;
  for (const step of steps) {
    const next: unknown[] = [];
    for (const value of current) {
      if (step === "*") {
        wildcard = true;
        if (Array.isArray(value)) next.push(...value);
        else if (isObject(value)) next.push(...Object.values(value));
      } else if (typeof step === "number") {
        if (Array.isArray(value) && step < value.length) next.push(value[step]);
      } else if (isObject(value) && Object.hasOwn(value, step)) {
        next.push(value[step]);
      }
    }
    current = next;
  }
  return wildcard ? current : current[0];
}

function pathSteps(path: string): (string | number)[] {
  const steps: (string | number)[] = [];
  const re = /\.([^.[\]]+)|\[(\d+)\]|\['([^']*)'\]|\[\*\]/g;
  const body = path.startsWith("$") ? path.slice(1) : path;
  let match: RegExpExecArray | null;
  while ((match = re.exec(body)) !== null) {
    if (match[1] !== undefined) steps.push(match[1]);
    else if (match[2] !== undefined) steps.push(Number(match[2]));
    else if (match[3] !== undefined) steps.push(match[3]);
    else steps.push("*");
  }
  return steps;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The JSON text (or, for a text template, the plain text) the target is sent. */
export function targetInput(target: TargetInput, event: Record<string, unknown>, context: InputContext): string {
  if (target.Input !== undefined) return target.Input;
  if (target.InputPath !== undefined) return JSON.stringify(selectPath(event, target.InputPath) ?? null);
  if (target.InputTransformer !== undefined) return transform(target.InputTransformer, event, context);
  return JSON.stringify(event);
}

/** Predefined variables whose JSON is inserted as it is, even inside quotes. */
const RAW_VARIABLES = new Set(["aws.events.event", "aws.events.event.json"]);

function transform(transformer: NonNullable<TargetInput["InputTransformer"]>, event: Record<string, unknown>, context: InputContext): string {
  const values = new Map<string, unknown>();
  for (const [name, path] of Object.entries(transformer.InputPathsMap ?? {})) values.set(name, selectPath(event, path));
  values.set("aws.events.rule-arn", context.ruleArn);
  values.set("aws.events.rule-name", context.ruleName);
  values.set("aws.events.event.ingestion-time", context.ingestionTime);
  values.set("aws.events.event", eventMetadata(event, context.ingestionTime));
  values.set("aws.events.event.json", event);
  const template = transformer.InputTemplate;
  const json = /^\s*[[{]/.test(template);
  let out = "";
  let inString = false;
  for (let i = 0; i < template.length; i++) {
    const char = template[i] as string;
    if (char === "\\" && i + 1 < template.length) {
      out += char + (template[i + 1] as string);
      i++;
      continue;
    }
    if (char === '"') inString = !inString;
    if (char === "<") {
      const end = template.indexOf(">", i);
      const name = end > i ? template.slice(i + 1, end) : "";
      if (end > i && values.has(name)) {
        out += render(values.get(name), { quoted: inString, json, raw: RAW_VARIABLES.has(name) });
        i = end;
        continue;
      }
    }
    out += char;
  }
  return out;
}

/**
 * <aws.events.event>: the envelope without detail, "detail-type" written detailType and the
 * ingestion time as time (localstack test_events_inputs.snapshot.json, recorded on AWS).
 */
function eventMetadata(event: Record<string, unknown>, ingestionTime: string): Record<string, unknown> {
  return {
    id: event.id,
    account: event.account,
    detailType: event["detail-type"],
    time: ingestionTime,
    source: event.source,
    region: event.region,
    resources: event.resources,
    version: event.version,
  };
}

/** A <name> in an InputTemplate (names as InputPathsMap keys take them, and the predefined aws.events.* ones). */
const PLACEHOLDER = /<([A-Za-z0-9_\-.]+)>/g;
const PREDEFINED = new Set(["aws.events.rule-arn", "aws.events.rule-name", "aws.events.event.ingestion-time", ...RAW_VARIABLES]);

/** The first placeholder of a template that neither InputPathsMap nor EventBridge defines. */
export function undefinedPlaceholder(transformer: NonNullable<TargetInput["InputTransformer"]>): string | undefined {
  for (const [, name] of transformer.InputTemplate.matchAll(PLACEHOLDER)) {
    if (name !== undefined && !PREDEFINED.has(name) && !Object.hasOwn(transformer.InputPathsMap ?? {}, name)) return name;
  }
  return undefined;
}

/**
 * AWS's quoting rules: inside a JSON string a string value goes in as its escaped text, any
 * other value as its JSON, and nothing when the path found nothing; outside quotes the
 * value's JSON, and "" when the path found nothing in a JSON template (localstack test_events_inputs.snapshot.json
 * test_put_events_with_input_transformer_input_template_json, recorded on AWS); in a
 * template that is not JSON, a string goes in as it is.
 */
function render(value: unknown, where: { quoted: boolean; json: boolean; raw: boolean }): string {
  if (where.raw) return JSON.stringify(value);
  if (where.quoted) {
    if (value === undefined) return "";
    return typeof value === "string" ? JSON.stringify(value).slice(1, -1) : JSON.stringify(value);
  }
  if (!where.json && typeof value === "string") return value;
  if (value === undefined) return where.json ? '""' : "null";
  return JSON.stringify(value);
}
