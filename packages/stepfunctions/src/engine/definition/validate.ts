/**
 * Checks a definition the way CreateStateMachine does: the JSON, the fields each state
 * type carries, transitions, reachability, a terminal state, resources, paths and
 * JSONata expressions; asl-validator's JSON schema covers the shapes beyond these.
 */
import jsonata from "jsonata";
import { isObject, type Json, type JsonObject } from "../asl/json.js";
import { parseResource, type ParsedResource } from "../asl/ports.js";
import { SDK_ACTIONS } from "../../generated/sdkActions.js";
import { isIntrinsic, parseIntrinsic } from "../asl/intrinsics/parser.js";
import { INTRINSICS } from "../asl/intrinsics/functions.js";
import { isJsonataTemplate, jsonataBody } from "../asl/jsonata.js";
import { parseTimestamp } from "../asl/choice.js";
import { jacksonError, jacksonNestingError, sourceRef } from "../jackson.js";
import { error, type Diagnostic } from "./diagnostics.js";
import { aslSchemaErrors, type SchemaError } from "./aslSchema.js";
import { MAX_STATE_NAME_LENGTH } from "../../limits.js";
import { FIELDS, JSONATA_ONLY, JSONPATH_ONLY, PROCESSOR_FIELDS, STATE_TYPES, TERMINAL_TYPES, TOP_LEVEL_FIELDS } from "./fields.js";

const SCHEMA = "SCHEMA_VALIDATION_FAILED";
const MISSING_TARGET = "MISSING_TRANSITION_TARGET";

export interface ValidateOptions {
  readonly type?: "STANDARD" | "EXPRESS";
}

/** Parses and checks a definition text; returns the problems found (none when valid). */
export function validateDefinition(text: string, options: ValidateOptions = {}): { definition?: JsonObject; diagnostics: Diagnostic[] } {
  if (text.trim() === "") return { diagnostics: [error(SCHEMA, "Definition must be a valid JSON object")] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    // Jackson's message and location, as AWS reports them (LocalStack's AWS-recorded test_validate_state_machine_definition_not_a_definition).
    const jackson = jacksonError(text);
    if (jackson === undefined) return { diagnostics: [error("INVALID_JSON_DESCRIPTION", e instanceof Error ? e.message : String(e))] };
    const location = sourceRef(text, jackson.line, jackson.column);
    return { diagnostics: [error("INVALID_JSON_DESCRIPTION", `${jackson.message}\n at ${location}`, location)] };
  }
  if (!isObject(parsed)) return { diagnostics: [error(SCHEMA, "Definition must be a valid JSON object")] };
  // Nested deeper than Jackson parses: refused as AWS's parser would, before any check walks it.
  const tooDeep = jacksonNestingError(text);
  if (tooDeep !== undefined) return { diagnostics: [error("INVALID_JSON_DESCRIPTION", tooDeep)] };
  const checker = new Checker(options);
  checker.machine(parsed);
  if (checker.diagnostics.length === 0) checker.schema(parsed);
  return { definition: parsed, diagnostics: checker.diagnostics };
}

/** aws-sdk services AWS has a model for but offers no integration with (aws-sdk:apigatewaymanagementapi:postToConnection is refused as not recognized). */
const UNSUPPORTED_SDK_SERVICES = new Set(["apigatewaymanagementapi"]);

/**
 * An aws-sdk Resource names an action of the service's API in camelCase (AWS refuses
 * aws-sdk:cloudwatchlogs:CreateLogStream as not recognized, aws/aws-cdk#27635), called
 * Request Response or .waitForTaskToken (AWS SDK integrations have no .sync); a service
 * without a model here is taken on trust.
 */
function isKnownSdkAction(parsed: ParsedResource): boolean {
  if (parsed.kind !== "service" || !parsed.sdk) return true;
  if (parsed.pattern === "sync" || parsed.pattern === "sync:2") return false;
  if (UNSUPPORTED_SDK_SERVICES.has(parsed.service)) return false;
  const actions = SDK_ACTIONS[parsed.service];
  return actions === undefined || ` ${actions} `.includes(` ${parsed.action} `);
}

function isValidPath(path: string): boolean {
  return /^\$/.test(path);
}

class Checker {
  readonly diagnostics: Diagnostic[] = [];
  private language: "JSONPath" | "JSONata" = "JSONPath";

  constructor(private readonly options: ValidateOptions) {}

  private add(code: string, message: string, location: string): void {
    this.diagnostics.push(error(code, message, location));
  }

  machine(def: JsonObject): void {
    const missing = ["States", "StartAt"].filter((f) => def[f] === undefined);
    if (missing.length > 0) {
      this.add(SCHEMA, `These fields are required: [${missing.join(", ")}]`, "/");
      return;
    }
    for (const key of Object.keys(def)) {
      if (!TOP_LEVEL_FIELDS.includes(key)) this.add(SCHEMA, `The field '${key}' is not supported by Step Functions`, "/");
    }
    if (def.QueryLanguage !== undefined && def.QueryLanguage !== "JSONPath" && def.QueryLanguage !== "JSONata") {
      this.add(SCHEMA, "Value should be one of the following: [JSONPath, JSONata]", "/QueryLanguage");
    }
    if (def.QueryLanguage === "JSONata") this.language = "JSONata";
    if (def.TimeoutSeconds !== undefined && (typeof def.TimeoutSeconds !== "number" || !Number.isInteger(def.TimeoutSeconds) || def.TimeoutSeconds <= 0)) {
      this.add(SCHEMA, "The value for the field 'TimeoutSeconds' must be a positive integer", "/TimeoutSeconds");
    }
    this.states(def, "", true);
  }

  /** A state list: the top level, a branch, an ItemProcessor. */
  private states(container: JsonObject, base: string, topLevel: boolean): void {
    const states = container.States;
    if (!isObject(states) || Object.keys(states).length === 0) {
      this.add(SCHEMA, "The field 'States' must be a non-empty object", `${base}/States`.replace(/^$/, "/"));
      return;
    }
    if (typeof container.StartAt !== "string") {
      this.add(SCHEMA, "The field 'StartAt' must be a string", `${base}/StartAt`);
      return;
    }
    if (!Object.prototype.hasOwnProperty.call(states, container.StartAt)) {
      this.add(MISSING_TARGET, `Missing 'Next' target: ${container.StartAt}`, `${base}/StartAt`);
    }
    for (const [name, state] of Object.entries(states)) {
      // AWS's text, quoted in ChristopheBougere/asl-validator#69 and aws-cloudformation/cfn-lint#4079.
      if (name.length > MAX_STATE_NAME_LENGTH) {
        this.add("INVALID_STATE_NAME", `Invalid State name: State '${name}' exceeds the ${MAX_STATE_NAME_LENGTH}-character limit allowed by the service`, `${base}/States/${name}`);
      }
      this.state(state, `${base}/States/${name}`, states);
    }
    this.reachability(states, container.StartAt, `${base}/States`);
    const hasTerminal = Object.values(states).some((s) => isObject(s) && (TERMINAL_TYPES.has(String(s.Type)) || s.End === true));
    if (topLevel && !hasTerminal) this.add("MISSING_END_STATE", "Workflow has no terminal state", "/");
  }

  private reachability(states: JsonObject, startAt: string, base: string): void {
    const reachable = new Set<string>();
    const queue = [startAt];
    while (queue.length > 0) {
      const name = queue.shift() as string;
      if (reachable.has(name) || !Object.prototype.hasOwnProperty.call(states, name)) continue;
      reachable.add(name);
      const s = states[name];
      if (!isObject(s)) continue;
      for (const target of targets(s)) queue.push(target);
    }
    for (const name of Object.keys(states)) {
      if (!reachable.has(name)) this.add(MISSING_TARGET, `State "${name}" is not reachable.`, `${base}/${name}`);
    }
  }

  private state(state: Json, at: string, siblings: JsonObject): void {
    if (!isObject(state)) {
      this.add(SCHEMA, "The value for the state must be an object", at);
      return;
    }
    if (state.Type === undefined) {
      this.add(SCHEMA, "These fields are required: [Type]", at);
      return;
    }
    const type = String(state.Type);
    if (!(STATE_TYPES as readonly string[]).includes(type)) {
      this.add(SCHEMA, `Value is not a valid state type: ${JSON.stringify(state.Type)}`, `${at}/Type`);
      return;
    }
    const allowed = FIELDS[type];
    for (const key of Object.keys(state)) {
      if (!allowed.includes(key)) this.add(SCHEMA, `The field '${key}' is not supported by Step Functions`, at);
    }
    let language = this.language;
    if (state.QueryLanguage !== undefined) {
      if (state.QueryLanguage === "JSONPath" && this.language === "JSONata") {
        this.add(SCHEMA, "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine", at);
      } else if (state.QueryLanguage === "JSONata" || state.QueryLanguage === "JSONPath") {
        language = state.QueryLanguage;
      } else {
        this.add(SCHEMA, "Value should be one of the following: [JSONPath, JSONata]", `${at}/QueryLanguage`);
      }
    }
    const foreign = language === "JSONata" ? JSONPATH_ONLY : JSONATA_ONLY;
    const other = language === "JSONata" ? "JSONPath" : "JSONata";
    for (const field of foreign) {
      if (state[field] !== undefined && allowed.includes(field)) {
        this.add(SCHEMA, `The QueryLanguage is set to '${language}', but field '${field}' is only supported for the '${other}' QueryLanguage`, at);
      }
    }
    this.transitions(type, state, at, siblings);
    if (type === "Task") this.task(state, at);
    if (type === "Choice" && (!Array.isArray(state.Choices) || state.Choices.length === 0)) {
      this.add(SCHEMA, "The field 'Choices' must be a non-empty array", at);
    }
    if (type === "Wait") {
      const set = ["Seconds", "Timestamp", "SecondsPath", "TimestampPath"].filter((f) => state[f] !== undefined);
      if (set.length !== 1) this.add(SCHEMA, "A Wait state must contain exactly one of 'Seconds', 'SecondsPath', 'Timestamp' or 'TimestampPath'", at);
      const timestamp = state.Timestamp;
      // A literal Timestamp is checked at creation (LocalStack's AWS-recorded test_wait_timestamp_invalid).
      if (typeof timestamp === "string" && !(language === "JSONata" && isJsonataTemplate(timestamp)) && parseTimestamp(timestamp) === undefined) {
        this.add(SCHEMA, "String does not match RFC3339 timestamp", `${at}/Timestamp`);
      }
    }
    if (type === "Fail") {
      if (state.Error !== undefined && state.ErrorPath !== undefined) this.add(SCHEMA, "A Fail state cannot include both field 'Error' and 'ErrorPath'", at);
      if (state.Cause !== undefined && state.CausePath !== undefined) this.add(SCHEMA, "A Fail state cannot include both field 'Cause' and 'CausePath'", at);
    }
    if (type === "Parallel") {
      const branches = state.Branches;
      if (!Array.isArray(branches) || branches.length === 0) this.add(SCHEMA, "The field 'Branches' must be a non-empty array", at);
      else branches.forEach((b, i) => (isObject(b) ? this.processor(b, `${at}/Branches[${i}]`) : this.add(SCHEMA, "A branch must be an object", `${at}/Branches[${i}]`)));
    }
    if (type === "Map") {
      const processor = state.ItemProcessor ?? state.Iterator;
      if (!isObject(processor)) this.add(SCHEMA, "These fields are required: [ItemProcessor]", at);
      else this.processor(processor, `${at}/${state.ItemProcessor !== undefined ? "ItemProcessor" : "Iterator"}`);
    }
    if (language === "JSONPath") this.paths(state, at);
    else this.jsonataExpressions(state, at);
  }

  private processor(processor: JsonObject, at: string): void {
    for (const key of Object.keys(processor)) {
      if (!PROCESSOR_FIELDS.includes(key)) this.add(SCHEMA, `The field '${key}' is not supported by Step Functions`, at);
    }
    const missing = ["States", "StartAt"].filter((f) => processor[f] === undefined);
    if (missing.length > 0) {
      this.add(SCHEMA, `These fields are required: [${missing.join(", ")}]`, at);
      return;
    }
    this.states(processor, at, false);
  }

  private transitions(type: string, state: JsonObject, at: string, siblings: JsonObject): void {
    const has = (name: string) => Object.prototype.hasOwnProperty.call(siblings, name);
    if (!TERMINAL_TYPES.has(type) && type !== "Choice") {
      if (state.Next === undefined && state.End !== true) this.add(SCHEMA, "These fields are required: [Next | End]", at);
      if (state.Next !== undefined && state.End !== undefined) this.add(SCHEMA, "Only one of the fields 'Next' or 'End' can be set", at);
    }
    if (typeof state.Next === "string" && !has(state.Next)) this.add(MISSING_TARGET, `Missing 'Next' target: ${state.Next}`, `${at}/Next`);
    if (typeof state.Default === "string" && !has(state.Default)) this.add(MISSING_TARGET, `Missing 'Next' target: ${state.Default}`, `${at}/Default`);
    if (Array.isArray(state.Choices)) {
      state.Choices.forEach((rule, i) => {
        if (isObject(rule) && typeof rule.Next === "string" && !has(rule.Next)) this.add(MISSING_TARGET, `Missing 'Next' target: ${rule.Next}`, `${at}/Choices[${i}]/Next`);
      });
    }
    if (Array.isArray(state.Catch)) {
      state.Catch.forEach((c, i) => {
        if (isObject(c) && typeof c.Next === "string" && !has(c.Next)) this.add(MISSING_TARGET, `Missing 'Next' target: ${c.Next}`, `${at}/Catch[${i}]/Next`);
      });
    }
  }

  private task(state: JsonObject, at: string): void {
    // Credentials names the role to assume: RoleArn (or RoleArn.$) it must have, other fields are not
    // reported (LocalStack's AWS-recorded test_invalid_credentials_field[EMPTY_CREDENTIALS, INVALID_CREDENTIALS_FIELD]).
    const credentials = state.Credentials;
    if (isObject(credentials) && credentials.RoleArn === undefined && credentials["RoleArn.$"] === undefined) {
      this.add(SCHEMA, "The field 'RoleArn' is required but was missing", `${at}/Credentials`);
    }
    const resource = state.Resource;
    if (typeof resource !== "string") {
      this.add(SCHEMA, "These fields are required: [Resource]", at);
      return;
    }
    const parsed = parseResource(resource);
    if (parsed === undefined || !isKnownSdkAction(parsed)) {
      this.add(
        SCHEMA,
        `The resource provided ${resource} is not recognized. The value is not a valid resource ARN, or the resource is not available in this region.`,
        `${at}/Resource`,
      );
    } else if (this.options.type === "EXPRESS" && parsed.kind === "service" && parsed.pattern !== "request-response") {
      // AWS's texts differ by one space: "….waitForTaskToken' service integration  at …" but
      // "….sync' service integration at …" (LocalStack's AWS-recorded test_sfn_api_express test_illegal_callbacks).
      const message = `Express state machine does not support '.${parsed.pattern}' service integration${parsed.pattern === "waitForTaskToken" ? " " : ""}`;
      this.add(SCHEMA, message, `${at}/Resource`);
    } else if (this.options.type === "EXPRESS" && parsed.kind === "activity") {
      // test_sfn_api_express test_illegal_activity_task
      this.add(SCHEMA, "Express state machine does not support Activity ARN", `${at}/Resource`);
    }
  }

  private paths(state: JsonObject, at: string): void {
    for (const field of ["InputPath", "OutputPath", "ResultPath", "ItemsPath", "SecondsPath", "TimestampPath", "TimeoutSecondsPath", "HeartbeatSecondsPath", "MaxConcurrencyPath"]) {
      const value = state[field];
      if (value !== undefined && value !== null && (typeof value !== "string" || !isValidPath(value))) {
        this.add(SCHEMA, `The value for the field '${field}' must be a valid JSONPath`, `${at}/${field}`);
      }
    }
    for (const field of ["Parameters", "ResultSelector", "ItemSelector", "Assign"]) {
      if (state[field] !== undefined) this.payload(state[field], `${at}/${field}`);
    }
  }

  private payload(template: Json, at: string): void {
    if (Array.isArray(template)) {
      template.forEach((item, i) => this.payload(item, `${at}[${i}]`));
      return;
    }
    if (!isObject(template)) return;
    for (const [key, value] of Object.entries(template)) {
      if (!key.endsWith(".$")) {
        this.payload(value, `${at}/${key}`);
        continue;
      }
      if (typeof value !== "string" || (!isValidPath(value) && !isIntrinsic(value))) {
        this.add(SCHEMA, `The value for the field '${key}' must be a valid JSONPath or a valid intrinsic function call`, `${at}/${key}`);
        continue;
      }
      if (isIntrinsic(value)) {
        try {
          const call = parseIntrinsic(value);
          const unknown = namesOf(call).find((n) => INTRINSICS[n] === undefined);
          if (unknown !== undefined) this.add(SCHEMA, `The value for the field '${key}' must be a valid JSONPath or a valid intrinsic function call`, `${at}/${key}`);
        } catch {
          this.add(SCHEMA, `The value for the field '${key}' must be a valid JSONPath or a valid intrinsic function call`, `${at}/${key}`);
        }
      }
    }
  }

  private jsonataExpressions(value: Json, at: string): void {
    if (isJsonataTemplate(value)) {
      try {
        jsonata(jsonataBody(value));
      } catch (e) {
        const detail = e as { code?: string; message?: string };
        this.add("INVALID_JSONATA_EXPRESSION", `${detail.code ?? ""}${detail.code ? ": " : ""}${detail.message ?? String(e)}`, at);
      }
      return;
    }
    if (Array.isArray(value)) value.forEach((v, i) => this.jsonataExpressions(v, `${at}[${i}]`));
    else if (isObject(value)) {
      for (const [k, v] of Object.entries(value)) {
        if (k === "Branches" || k === "ItemProcessor" || k === "Iterator" || k === "Comment") continue;
        this.jsonataExpressions(v, `${at}/${k}`);
      }
    }
  }

  /** asl-validator's JSON schema, for shapes the checks above do not cover. */
  schema(def: JsonObject): void {
    const errors = schemaErrors(def).filter((e) => e["Error code"] === SCHEMA);
    // asl-validator's schema is stricter than AWS on JSONata fields: an Output of any JSON
    // value and a literal boolean Condition are valid ASL. Its oneOf over state types then
    // also reports the state's Type; both go.
    const lenient = new Set<string>();
    for (const e of errors) {
      const m = /^(.*)\/(Output|Condition)$/.exec(e.schemaError?.instancePath ?? "");
      if (m) lenient.add(m[2] === "Condition" ? m[1].replace(/\/Choices\/\d+$/, "") : m[1]);
    }
    for (const e of errors) {
      const location = e.schemaError?.instancePath || "/";
      if (/\/(Output|Condition)$/.test(location)) continue;
      if (location.endsWith("/Type") && lenient.has(location.slice(0, -"/Type".length))) continue;
      this.add(SCHEMA, e.Message.replace(/^.* is invalid\. /, ""), location);
    }
  }
}

function schemaErrors(def: JsonObject): SchemaError[] {
  // The schema check changes what it is given (states get the machine's QueryLanguage): it gets a copy.
  return aslSchemaErrors(asAslValidatorAccepts(structuredClone(def)) as JsonObject);
}

// Fields holding a payload template: any JSON value, arrays included.
const TEMPLATE_FIELDS = new Set(["Parameters", "ResultSelector", "ItemSelector", "Assign", "Arguments", "Output", "Result"]);

/**
 * asl-validator's schema refuses null, "" and "{% %}"-looking strings in the arrays of a
 * payload template, which AWS accepts as literals (LocalStack's AWS-recorded
 * test_assign_base BASE_CONSTANT_LITERALS): arrays inside templates are emptied for it.
 * It also wants ReaderConfig.MaxItems >= 1 where AWS accepts 0, "no limit" (LocalStack's
 * AWS-recorded test_map_item_reader_csv_max_items[0]), and an integer ToleratedFailurePercentage
 * where AWS takes a decimal (a float in the API's model; test_map_state_tolerated_failure_values):
 * the copy it checks gets what it accepts in their place.
 */
function asAslValidatorAccepts(value: Json, inTemplate = false): Json {
  if (Array.isArray(value)) return inTemplate ? [] : value.map((v) => asAslValidatorAccepts(v));
  if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) value[k] = asAslValidatorAccepts(v, inTemplate || TEMPLATE_FIELDS.has(k));
    if (!inTemplate && isObject(value.ReaderConfig) && value.ReaderConfig.MaxItems === 0) delete value.ReaderConfig.MaxItems;
    const percentage = inTemplate ? undefined : value.ToleratedFailurePercentage;
    if (typeof percentage === "number" && !Number.isInteger(percentage) && percentage > 0 && percentage < 100) value.ToleratedFailurePercentage = Math.floor(percentage);
  }
  return value;
}

function targets(state: JsonObject): string[] {
  const out: string[] = [];
  if (typeof state.Next === "string") out.push(state.Next);
  if (typeof state.Default === "string") out.push(state.Default);
  if (Array.isArray(state.Choices)) for (const r of state.Choices) if (isObject(r) && typeof r.Next === "string") out.push(r.Next);
  if (Array.isArray(state.Catch)) for (const c of state.Catch) if (isObject(c) && typeof c.Next === "string") out.push(c.Next);
  return out;
}

function namesOf(call: ReturnType<typeof parseIntrinsic>): string[] {
  const out = [call.name];
  for (const arg of call.args) if (arg.kind === "call") out.push(...namesOf(arg.call));
  return out;
}
