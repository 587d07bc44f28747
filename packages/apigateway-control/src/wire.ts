/**
 * The API Gateway control planes on the wire (restJson): v1 (/restapis…) and v2 (/v2/apis…),
 * both signed for "apigateway". A request is matched to its action by the models' HTTP
 * bindings; inputs are read from the URI labels and query string, outputs written with the
 * models' JSON names and timestamp formats (v1 epoch seconds, v2 ISO 8601).
 */
import {
  AwsError, restJsonErrorResponse, restJsonResponse, requestId,
  type EdgeRequest, type EdgeResponse, type Logger, type ServiceModel, type ShapeModel,
} from "@sam-sandbox/core";
import type { RestApis } from "./engine/restApis.js";
import type { V2Apis } from "./engine/v2Apis.js";
import { notEmulated, unknownOperation } from "./errors.js";
import { apiGatewayModel } from "./generated/apigateway.js";
import { apiGatewayV2Model } from "./generated/apigatewayv2.js";

type Input = Record<string, unknown>;
const as = <T>(input: Input): T => input as T;

const V1_ACTIONS: Record<string, (e: RestApis, i: Input) => unknown> = {
  GetRestApis: (e, i) => e.getRestApis(as(i)),
  GetRestApi: (e, i) => e.getRestApi(as(i)),
  GetResources: (e, i) => e.getResources(as(i)),
  GetStages: (e, i) => e.getStages(as(i)),
  GetStage: (e, i) => e.getStage(as(i)),
};

const V2_ACTIONS: Record<string, (e: V2Apis, i: Input) => unknown> = {
  GetApis: (e, i) => e.getApis(as(i)),
  GetApi: (e, i) => e.getApi(as(i)),
  GetRoutes: (e, i) => e.getRoutes(as(i)),
  GetIntegrations: (e, i) => e.getIntegrations(as(i)),
  GetStages: (e, i) => e.getStages(as(i)),
  GetStage: (e, i) => e.getStage(as(i)),
};

interface Binding {
  operation: string;
  method: string;
  pattern: RegExp;
  labels: string[];
  /** Literal characters of the URI: the most specific binding wins. */
  weight: number;
}

function bindingsOf(model: ServiceModel): Binding[] {
  const out: Binding[] = [];
  for (const [operation, op] of Object.entries(model.operations)) {
    if (!op.http) continue;
    const path = op.http.uri.split("?")[0];
    const labels: string[] = [];
    const source = path.replace(/\{([^}]+)\}|[.*+?^$()|[\]\\]/g, (m: string, label: string | undefined) => {
      if (label === undefined) return `\\${m}`;
      const greedy = label.endsWith("+");
      labels.push(greedy ? label.slice(0, -1) : label);
      return greedy ? "(.+)" : "([^/]+)";
    });
    out.push({ operation, method: op.http.method, pattern: new RegExp(`^${source}$`), labels, weight: path.replace(/\{[^}]+\}/g, "").length });
  }
  return out.sort((a, b) => b.weight - a.weight);
}

const V1_BINDINGS = bindingsOf(apiGatewayModel);
const V2_BINDINGS = bindingsOf(apiGatewayV2Model);

export function createControlPlaneWire(v1: RestApis, v2: V2Apis, logger: Logger) {
  const internal = (error: unknown): AwsError => {
    logger.error(`API Gateway control plane: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return new AwsError("InternalFailure", "An internal error occurred.", 500);
  };

  return async function handle(req: EdgeRequest): Promise<EdgeResponse> {
    const id = requestId();
    try {
      const isV2 = req.path.startsWith("/v2/");
      const model = isV2 ? apiGatewayV2Model : apiGatewayModel;
      const match = matchBinding(isV2 ? V2_BINDINGS : V1_BINDINGS, req);
      if (!match) throw unknownOperation();
      const input = readInput(model, match.binding, match.values, req.rawQuery);
      let output: unknown;
      if (isV2) {
        const action = Object.hasOwn(V2_ACTIONS, match.binding.operation) ? V2_ACTIONS[match.binding.operation] : undefined;
        if (!action) throw notEmulated(match.binding.operation);
        output = action(v2, input);
      } else {
        const action = Object.hasOwn(V1_ACTIONS, match.binding.operation) ? V1_ACTIONS[match.binding.operation] : undefined;
        if (!action) throw notEmulated(match.binding.operation);
        output = action(v1, input);
      }
      const outputShape = model.operations[match.binding.operation]?.output;
      return restJsonResponse(id, outputShape ? toJson(model, outputShape, output, isV2 ? "date-time" : "epoch-seconds") : output);
    } catch (error) {
      return restJsonErrorResponse(id, error instanceof AwsError ? error : internal(error));
    }
  };
}

function matchBinding(bindings: Binding[], req: EdgeRequest): { binding: Binding; values: string[] } | undefined {
  for (const binding of bindings) {
    if (binding.method !== req.method) continue;
    const m = binding.pattern.exec(req.path);
    if (m) return { binding, values: m.slice(1).map((v) => safeDecode(v)) };
  }
  return undefined;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** URI labels and query parameters → the input structure's members. */
function readInput(model: ServiceModel, binding: Binding, values: string[], rawQuery: string): Input {
  const inputShape = model.operations[binding.operation]?.input;
  const members = inputShape ? (model.shapes[inputShape]?.members ?? {}) : {};
  const query = new URLSearchParams(rawQuery);
  const input: Input = {};
  for (const [name, member] of Object.entries(members)) {
    if (member.label) {
      const index = binding.labels.indexOf(name);
      if (index >= 0) input[name] = values[index];
    } else if (member.query !== undefined) {
      const all = query.getAll(member.query);
      if (all.length === 0) continue;
      const type = model.shapes[member.target]?.type;
      input[name] = type === "list" ? all : type === "integer" ? Number.parseInt(all[0], 10) : all[0];
    }
  }
  return input;
}

/** An output value in the model's JSON form: jsonName'd members, timestamps in the protocol's format. */
function toJson(model: ServiceModel, shapeName: string, value: unknown, timestamps: "date-time" | "epoch-seconds"): unknown {
  const shape: ShapeModel | undefined = model.shapes[shapeName];
  if (value === undefined || value === null || !shape) return value;
  switch (shape.type) {
    case "structure": {
      if (typeof value !== "object") return value;
      const out: Record<string, unknown> = {};
      const record = value as Record<string, unknown>;
      for (const [name, member] of Object.entries(shape.members ?? {})) {
        if (record[name] === undefined) continue;
        out[member.jsonName ?? name] = toJson(model, member.target, record[name], timestamps);
      }
      return out;
    }
    case "list":
      return Array.isArray(value) ? value.map((v) => toJson(model, shape.member ?? "", v, timestamps)) : value;
    case "map": {
      if (typeof value !== "object") return value;
      return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toJson(model, shape.value ?? "", v, timestamps)]));
    }
    case "timestamp": {
      const date = value instanceof Date ? value : new Date(String(value));
      return (shape.timestampFormat ?? timestamps) === "date-time" ? date.toISOString() : date.getTime() / 1000;
    }
    default:
      return value;
  }
}
