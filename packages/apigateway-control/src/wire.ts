/**
 * The API Gateway control planes on the wire (restJson): v1 (/restapis…) and v2 (/v2/apis…),
 * both signed for "apigateway". A request is matched to its action by the models' HTTP
 * bindings; inputs are read from the URI labels and query string, outputs written with the
 * models' JSON names and timestamp formats (v1 epoch seconds, v2 ISO 8601).
 */
import {
  AwsError, coralJsonTypeRules, createValidator, parseJsonBody, restJsonErrorResponse, restJsonResponse, requestId,
  type EdgeRequest, type EdgeResponse, type Logger, type ServiceModel, type ShapeModel,
} from "@sam-sandbox/core";
import type { CreatedRestApis } from "./engine/created/createdApis.js";
import { page, type RestApis } from "./engine/restApis.js";
import type { CreatedHttpApis } from "./engine/httpApis/httpApis.js";
import type { DomainNames } from "./engine/domainNames.js";
import { page as pageV2, type V2Apis } from "./engine/v2Apis.js";
import { BadRequestException, notEmulated, notEmulatedForCreated, unknownOperation } from "./errors.js";
import { apiGatewayModel } from "./generated/apigateway.js";
import { apiGatewayV2Model } from "./generated/apigatewayv2.js";

type Input = Record<string, unknown>;
const as = <T>(input: Input): T => input as T;

/** Reads of the template's REST APIs. */
const V1_ACTIONS: Record<string, (e: RestApis, i: Input) => unknown> = {
  GetRestApi: (e, i) => e.getRestApi(as(i)),
  GetResources: (e, i) => e.getResources(as(i)),
  GetStages: (e, i) => e.getStages(as(i)),
  GetStage: (e, i) => e.getStage(as(i)),
};

type Paged = { position?: string; limit?: number };
const paged = <T>(items: T[], i: Input) => page(items, (i as Paged).position, (i as Paged).limit);

/** The actions on REST APIs created through the control plane (engine/created). */
const CREATED_ACTIONS: Record<string, (e: CreatedRestApis, i: Input) => unknown> = {
  CreateRestApi: (e, i) => e.createRestApi(as(i)),
  ImportRestApi: (e, i) => e.importRestApi(as(i)),
  PutRestApi: (e, i) => e.putRestApi(as(i)),
  GetRestApi: (e, i) => e.getRestApi(as(i)),
  UpdateRestApi: (e, i) => e.updateRestApi(as(i)),
  DeleteRestApi: (e, i) => e.deleteRestApi(as(i)),
  GetResources: (e, i) => paged(e.getResources(as(i)), i),
  GetResource: (e, i) => e.getResource(as(i)),
  CreateResource: (e, i) => e.createResource(as(i)),
  UpdateResource: (e, i) => e.updateResource(as(i)),
  DeleteResource: (e, i) => e.deleteResource(as(i)),
  PutMethod: (e, i) => e.putMethod(as(i)),
  GetMethod: (e, i) => e.getMethod(as(i)),
  UpdateMethod: (e, i) => e.updateMethod(as(i)),
  DeleteMethod: (e, i) => e.deleteMethod(as(i)),
  PutIntegration: (e, i) => e.putIntegration(as(i)),
  GetIntegration: (e, i) => e.getIntegration(as(i)),
  UpdateIntegration: (e, i) => e.updateIntegration(as(i)),
  DeleteIntegration: (e, i) => e.deleteIntegration(as(i)),
  PutMethodResponse: (e, i) => e.putMethodResponse(as(i)),
  GetMethodResponse: (e, i) => e.getMethodResponse(as(i)),
  UpdateMethodResponse: (e, i) => e.updateMethodResponse(as(i)),
  DeleteMethodResponse: (e, i) => e.deleteMethodResponse(as(i)),
  PutIntegrationResponse: (e, i) => e.putIntegrationResponse(as(i)),
  GetIntegrationResponse: (e, i) => e.getIntegrationResponse(as(i)),
  UpdateIntegrationResponse: (e, i) => e.updateIntegrationResponse(as(i)),
  DeleteIntegrationResponse: (e, i) => e.deleteIntegrationResponse(as(i)),
  CreateDeployment: (e, i) => e.createDeployment(as(i)),
  GetDeployment: (e, i) => e.getDeployment(as(i)),
  GetDeployments: (e, i) => paged(e.getDeployments(as(i)), i),
  UpdateDeployment: (e, i) => e.updateDeployment(as(i)),
  DeleteDeployment: (e, i) => e.deleteDeployment(as(i)),
  CreateStage: (e, i) => e.createStage(as(i)),
  GetStage: (e, i) => e.getStage(as(i)),
  GetStages: (e, i) => e.getStages(as(i)),
  UpdateStage: (e, i) => e.updateStage(as(i)),
  DeleteStage: (e, i) => e.deleteStage(as(i)),
  CreateAuthorizer: (e, i) => e.createAuthorizer(as(i)),
  GetAuthorizer: (e, i) => e.getAuthorizer(as(i)),
  GetAuthorizers: (e, i) => paged(e.getAuthorizers(as(i)), i),
  UpdateAuthorizer: (e, i) => e.updateAuthorizer(as(i)),
  DeleteAuthorizer: (e, i) => e.deleteAuthorizer(as(i)),
  GetAccount: (e) => e.getAccount(),
  UpdateAccount: (e, i) => e.updateAccount(as(i)),
  TagResource: (e, i) => e.tagResource(as(i)),
  UntagResource: (e, i) => e.untagResource(as(i)),
  GetTags: (e, i) => e.getTags(as(i)),
  PutGatewayResponse: (e, i) => e.putGatewayResponse(as(i)),
  GetGatewayResponse: (e, i) => e.getGatewayResponse(as(i)),
  GetGatewayResponses: (e, i) => paged(e.getGatewayResponses(as(i)), i),
  UpdateGatewayResponse: (e, i) => e.updateGatewayResponse(as(i)),
  DeleteGatewayResponse: (e, i) => e.deleteGatewayResponse(as(i)),
  CreateModel: (e, i) => e.createModel(as(i)),
  CreateApiKey: (e, i) => e.plans.createApiKey(as(i)),
  GetApiKey: (e, i) => e.plans.getApiKey(as(i)),
  GetApiKeys: (e, i) => paged(e.plans.getApiKeys(as(i)), i),
  UpdateApiKey: (e, i) => e.plans.updateApiKey(as(i)),
  DeleteApiKey: (e, i) => e.plans.deleteApiKey(as(i)),
  CreateUsagePlan: (e, i) => e.plans.createUsagePlan(as(i)),
  GetUsagePlan: (e, i) => e.plans.getUsagePlan(as(i)),
  GetUsagePlans: (e, i) => paged(e.plans.getUsagePlans(as(i)), i),
  UpdateUsagePlan: (e, i) => e.plans.updateUsagePlan(as(i)),
  DeleteUsagePlan: (e, i) => e.plans.deleteUsagePlan(as(i)),
  CreateUsagePlanKey: (e, i) => e.plans.createUsagePlanKey(as(i)),
  GetUsagePlanKey: (e, i) => e.plans.getUsagePlanKey(as(i)),
  GetUsagePlanKeys: (e, i) => paged(e.plans.getUsagePlanKeys(as(i)), i),
  DeleteUsagePlanKey: (e, i) => e.plans.deleteUsagePlanKey(as(i)),
  GetModel: (e, i) => e.getModel(as(i)),
  GetModels: (e, i) => paged(e.getModels(as(i)), i),
  UpdateModel: (e, i) => e.updateModel(as(i)),
  DeleteModel: (e, i) => e.deleteModel(as(i)),
  CreateRequestValidator: (e, i) => e.createRequestValidator(as(i)),
  GetRequestValidator: (e, i) => e.getRequestValidator(as(i)),
  GetRequestValidators: (e, i) => paged(e.getRequestValidators(as(i)), i),
  UpdateRequestValidator: (e, i) => e.updateRequestValidator(as(i)),
  DeleteRequestValidator: (e, i) => e.deleteRequestValidator(as(i)),
};

/**
 * The input checks AWS makes before any action (required members, enums, the StatusCode pattern),
 * enum values listed in the order AWS prints them (localstack's test_apigateway_api snapshot).
 */
const validateV1 = createValidator(apiGatewayModel, {
  // A member of the wrong JSON type fails the request before anything is stored.
  jsonTypes: coralJsonTypeRules("com.amazonaws.backplane.controlplane"),
  shapeOverrides: {
    Op: { values: ["add", "remove", "move", "test", "replace", "copy"] },
    EndpointType: { values: ["PRIVATE", "EDGE", "REGIONAL"] },
    IntegrationType: { values: ["HTTP", "MOCK", "AWS_PROXY", "HTTP_PROXY", "AWS"] },
    GatewayResponseType: {
      values: [
        "REQUEST_TOO_LARGE", "RESOURCE_NOT_FOUND", "AUTHORIZER_CONFIGURATION_ERROR", "MISSING_AUTHENTICATION_TOKEN", "BAD_REQUEST_BODY", "INVALID_SIGNATURE",
        "INVALID_API_KEY", "BAD_REQUEST_PARAMETERS", "AUTHORIZER_FAILURE", "UNAUTHORIZED", "INTEGRATION_TIMEOUT", "ACCESS_DENIED", "DEFAULT_4XX", "DEFAULT_5XX",
        "WAF_FILTERED", "QUOTA_EXCEEDED", "THROTTLED", "API_CONFIGURATION_ERROR", "UNSUPPORTED_MEDIA_TYPE", "INTEGRATION_FAILURE", "EXPIRED_TOKEN",
      ],
    },
  },
});

const V2_ACTIONS: Record<string, (e: V2Apis, i: Input) => unknown> = {
  GetApis: (e, i) => e.getApis(as(i)),
  GetApi: (e, i) => e.getApi(as(i)),
  GetRoutes: (e, i) => e.getRoutes(as(i)),
  GetIntegrations: (e, i) => e.getIntegrations(as(i)),
  GetStages: (e, i) => e.getStages(as(i)),
  GetStage: (e, i) => e.getStage(as(i)),
};

type PagedV2 = { MaxResults?: string; NextToken?: string };
const pagedV2 = <T>(items: T[], i: Input) => pageV2(items, i as PagedV2);

/** The actions on HTTP APIs created through the v2 control plane (engine/httpApis). */
const CREATED_V2_ACTIONS: Record<string, (e: CreatedHttpApis, i: Input) => unknown> = {
  CreateApi: (e, i) => e.createApi(as(i)),
  GetApi: (e, i) => e.getApi(as(i)),
  UpdateApi: (e, i) => e.updateApi(as(i)),
  DeleteApi: (e, i) => e.deleteApi(as(i)),
  DeleteCorsConfiguration: (e, i) => e.deleteCorsConfiguration(as(i)),
  CreateRoute: (e, i) => e.createRoute(as(i)),
  GetRoute: (e, i) => e.getRoute(as(i)),
  GetRoutes: (e, i) => pagedV2(e.getRoutes(as(i)), i),
  UpdateRoute: (e, i) => e.updateRoute(as(i)),
  DeleteRoute: (e, i) => e.deleteRoute(as(i)),
  CreateRouteResponse: (e, i) => e.createRouteResponse(as(i)),
  GetRouteResponse: (e, i) => e.getRouteResponse(as(i)),
  GetRouteResponses: (e, i) => pagedV2(e.getRouteResponses(as(i)), i),
  UpdateRouteResponse: (e, i) => e.updateRouteResponse(as(i)),
  DeleteRouteResponse: (e, i) => e.deleteRouteResponse(as(i)),
  CreateIntegration: (e, i) => e.createIntegration(as(i)),
  GetIntegration: (e, i) => e.getIntegration(as(i)),
  GetIntegrations: (e, i) => pagedV2(e.getIntegrations(as(i)), i),
  UpdateIntegration: (e, i) => e.updateIntegration(as(i)),
  DeleteIntegration: (e, i) => e.deleteIntegration(as(i)),
  CreateIntegrationResponse: (e, i) => e.createIntegrationResponse(as(i)),
  GetIntegrationResponse: (e, i) => e.getIntegrationResponse(as(i)),
  GetIntegrationResponses: (e, i) => pagedV2(e.getIntegrationResponses(as(i)), i),
  UpdateIntegrationResponse: (e, i) => e.updateIntegrationResponse(as(i)),
  DeleteIntegrationResponse: (e, i) => e.deleteIntegrationResponse(as(i)),
  CreateModel: (e, i) => e.createModel(as(i)),
  GetModel: (e, i) => e.getModel(as(i)),
  GetModels: (e, i) => pagedV2(e.getModels(as(i)), i),
  UpdateModel: (e, i) => e.updateModel(as(i)),
  DeleteModel: (e, i) => e.deleteModel(as(i)),
  CreateAuthorizer: (e, i) => e.createAuthorizer(as(i)),
  GetAuthorizer: (e, i) => e.getAuthorizer(as(i)),
  GetAuthorizers: (e, i) => pagedV2(e.getAuthorizers(as(i)), i),
  UpdateAuthorizer: (e, i) => e.updateAuthorizer(as(i)),
  DeleteAuthorizer: (e, i) => e.deleteAuthorizer(as(i)),
  CreateStage: (e, i) => e.createStage(as(i)),
  GetStage: (e, i) => e.getStage(as(i)),
  GetStages: (e, i) => pagedV2(e.getStages(as(i)), i),
  UpdateStage: (e, i) => e.updateStage(as(i)),
  DeleteStage: (e, i) => e.deleteStage(as(i)),
  CreateDeployment: (e, i) => e.createDeployment(as(i)),
  GetDeployment: (e, i) => e.getDeployment(as(i)),
  GetDeployments: (e, i) => pagedV2(e.getDeployments(as(i)), i),
  UpdateDeployment: (e, i) => e.updateDeployment(as(i)),
  DeleteDeployment: (e, i) => e.deleteDeployment(as(i)),
  TagResource: (e, i) => e.tagResource(as(i)),
  UntagResource: (e, i) => e.untagResource(as(i)),
  GetTags: (e, i) => e.getTags(as(i)),
  DeleteRouteSettings: (e, i) => e.deleteRouteSettings(as(i)),
  DeleteAccessLogSettings: (e, i) => e.deleteAccessLogSettings(as(i)),
  ResetAuthorizersCache: (e, i) => e.resetAuthorizersCache(as(i)),
  DeleteRouteRequestParameter: (e, i) => e.deleteRouteRequestParameter(as(i)),
  ImportApi: (e, i) => e.importApi(as(i)),
  ReimportApi: (e, i) => e.reimportApi(as(i)),
};

/** Custom domain names and their mappings, one set for both control planes (engine/domainNames). */
const DOMAIN_ACTIONS: Record<string, (e: DomainNames, i: Input) => unknown> = {
  CreateDomainName: (e, i) => e.createDomainName(as(i)),
  GetDomainName: (e, i) => e.getDomainName(as(i)),
  GetDomainNames: (e, i) => paged(e.getDomainNames(), i),
  UpdateDomainName: (e, i) => e.updateDomainName(as(i)),
  DeleteDomainName: (e, i) => e.deleteDomainName(as(i)),
  CreateBasePathMapping: (e, i) => e.createBasePathMapping(as(i)),
  GetBasePathMapping: (e, i) => e.getBasePathMapping(as(i)),
  GetBasePathMappings: (e, i) => paged(e.getBasePathMappings(as(i)), i),
  UpdateBasePathMapping: (e, i) => e.updateBasePathMapping(as(i)),
  DeleteBasePathMapping: (e, i) => e.deleteBasePathMapping(as(i)),
};

const DOMAIN_V2_ACTIONS: Record<string, (e: DomainNames, i: Input) => unknown> = {
  CreateDomainName: (e, i) => e.createDomainNameV2(as(i)),
  GetDomainName: (e, i) => e.getDomainNameV2(as(i)),
  GetDomainNames: (e, i) => pagedV2(e.getDomainNamesV2(), i),
  UpdateDomainName: (e, i) => e.updateDomainNameV2(as(i)),
  DeleteDomainName: (e, i) => e.deleteDomainName({ domainName: String(i.DomainName) }, true),
  CreateApiMapping: (e, i) => e.createApiMapping(as(i)),
  GetApiMapping: (e, i) => e.getApiMapping(as(i)),
  GetApiMappings: (e, i) => pagedV2(e.getApiMappings(as(i)), i),
  UpdateApiMapping: (e, i) => e.updateApiMapping(as(i)),
  DeleteApiMapping: (e, i) => e.deleteApiMapping(as(i)),
};

/** v2's input checks (required members, enums, JSON types); AWS's v2 answers a bad input as a BadRequestException. */
const validateV2 = createValidator(apiGatewayV2Model, { jsonTypes: coralJsonTypeRules("com.amazonaws.backplane.controlplane") });

interface Binding {
  operation: string;
  method: string;
  pattern: RegExp;
  labels: string[];
  /** Literal characters of the URI: the most specific binding wins. */
  weight: number;
  /** Query literals the URI requires ("/restapis?mode=import": ImportRestApi, not CreateRestApi). */
  query: Array<[string, string]>;
}

function bindingsOf(model: ServiceModel): Binding[] {
  const out: Binding[] = [];
  for (const [operation, op] of Object.entries(model.operations)) {
    if (!op.http) continue;
    const [path, literal = ""] = op.http.uri.split("?");
    const query = [...new URLSearchParams(literal).entries()];
    const labels: string[] = [];
    const source = path.replace(/\{([^}]+)\}|[.*+?^$()|[\]\\]/g, (m: string, label: string | undefined) => {
      if (label === undefined) return `\\${m}`;
      const greedy = label.endsWith("+");
      labels.push(greedy ? label.slice(0, -1) : label);
      return greedy ? "(.+)" : "([^/]+)";
    });
    out.push({ operation, method: op.http.method, pattern: new RegExp(`^${source}$`), labels, weight: path.replace(/\{[^}]+\}/g, "").length, query });
  }
  return out.sort((a, b) => b.query.length - a.query.length || b.weight - a.weight);
}

const V1_BINDINGS = bindingsOf(apiGatewayModel);
const V2_BINDINGS = bindingsOf(apiGatewayV2Model);

export function createControlPlaneWire(v1: RestApis, v2: V2Apis, created: CreatedRestApis, createdHttp: CreatedHttpApis, domains: DomainNames, logger: Logger) {
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
      const operation = match.binding.operation;
      const input = readInput(model, match.binding, match.values, req.rawQuery, req.body);
      let output: unknown;
      if (isV2) {
        if (operation === "ExportApi") {
          if (v2.has(String(input.ApiId))) throw notEmulated(operation);
          return exportApiResponse(id, createdHttp, input);
        }
        if (Object.hasOwn(DOMAIN_V2_ACTIONS, operation)) {
          checkV2Input(operation, input);
          output = await DOMAIN_V2_ACTIONS[operation](domains, input);
        } else output = await v2Action(v2, createdHttp, operation, input);
      } else {
        if (operation === "GetExport") return exportResponse(id, created, input);
        if (Object.hasOwn(DOMAIN_ACTIONS, operation)) {
          checkInput(operation, input);
          output = await DOMAIN_ACTIONS[operation](domains, input);
        } else output = await v1Action(v1, created, operation, input);
      }
      const op = model.operations[operation];
      const status = op?.http?.code ?? 200;
      if (!op?.output) return restJsonResponse(id, undefined, status);
      return restJsonResponse(id, toJson(model, op.output, output, isV2 ? "date-time" : "epoch-seconds"), status);
    } catch (error) {
      return restJsonErrorResponse(id, error instanceof AwsError ? error : internal(error));
    }
  };
}

/** A v2 action: the template's HTTP and WebSocket APIs answer reads; the HTTP APIs created here answer everything else. */
async function v2Action(template: V2Apis, created: CreatedHttpApis, operation: string, input: Input): Promise<unknown> {
  if (operation === "GetApis") return pagedV2([...template.views(), ...created.apis()], input);
  // Tags name the API by ARN (arn:aws:apigateway:<region>::/apis/<id>[/stages/<stage>]).
  const apiId = typeof input.ApiId === "string" ? input.ApiId : typeof input.ResourceArn === "string" ? /::\/apis\/([^/]+)/.exec(input.ResourceArn)?.[1] : undefined;
  if (apiId !== undefined && template.has(apiId)) {
    // The template's APIs answer GetTags as GetApi's Tags.
    if (operation === "GetTags") return template.getTags({ ApiId: apiId, ResourceArn: String(input.ResourceArn ?? "") });
    const read = Object.hasOwn(V2_ACTIONS, operation) ? V2_ACTIONS[operation] : undefined;
    if (!read) throw notEmulated(operation);
    return read(template, input);
  }
  const action = Object.hasOwn(CREATED_V2_ACTIONS, operation) ? CREATED_V2_ACTIONS[operation] : undefined;
  if (!action) {
    // An action of an API the account does not have answers as AWS does for any unknown API.
    if (apiId !== undefined) created.getApi({ ApiId: apiId });
    throw notEmulatedForCreated(operation);
  }
  checkV2Input(operation, input);
  return action(created, input);
}

function checkV2Input(operation: string, input: Input): void {
  const shape = apiGatewayV2Model.shapes[apiGatewayV2Model.operations[operation]?.input ?? ""];
  const wire = Object.fromEntries(Object.entries(shape?.members ?? {}).flatMap(([name, m]) => (input[name] === undefined ? [] : [[m.jsonName ?? name, input[name]]])));
  try {
    validateV2(operation, wire);
  } catch (error) {
    // No recorded v2 answer to a missing or malformed member was found; v2's model has no ValidationException, only BadRequestException.
    if (error instanceof AwsError && error.code === "ValidationException") throw new BadRequestException(error.message);
    throw error;
  }
}

/** A v1 action: the template's APIs answer reads; the APIs created here answer everything else. */
async function v1Action(template: RestApis, created: CreatedRestApis, operation: string, input: Input): Promise<unknown> {
  if (operation === "GetRestApis") return paged([...template.restApis(), ...created.restApis()], input);
  const templateTags = operation === "GetTags" && typeof input.resourceArn === "string" ? template.tagsOf(input.resourceArn) : undefined;
  if (templateTags !== undefined) return { tags: templateTags };
  const restApiId = typeof input.restApiId === "string" ? input.restApiId : undefined;
  if (restApiId !== undefined && template.has(restApiId)) {
    const read = Object.hasOwn(V1_ACTIONS, operation) ? V1_ACTIONS[operation] : undefined;
    if (!read) throw notEmulated(operation);
    return read(template, input);
  }
  const action = Object.hasOwn(CREATED_ACTIONS, operation) ? CREATED_ACTIONS[operation] : undefined;
  if (!action) throw notEmulatedForCreated(operation);
  checkInput(operation, input);
  return action(created, input);
}

/**
 * The model's checks on the input in its wire form (members by JSON name). AWS names a body
 * member's path after the operation's input ("putIntegrationInput.type"), a URI label's by
 * itself ("statusCode"), as the recorded ValidationExceptions read.
 */
function checkInput(operation: string, input: Input): void {
  const shape = apiGatewayModel.shapes[apiGatewayModel.operations[operation]?.input ?? ""];
  const members = Object.entries(shape?.members ?? {});
  // A payload blob (ImportRestApi's and PutRestApi's body) is the bytes themselves, where a JSON member would be base64 text.
  const wireValue = (m: (typeof members)[number][1], value: unknown): unknown =>
    m.payload === true && typeof value === "string" && apiGatewayModel.shapes[m.target]?.type === "blob" ? Buffer.from(value).toString("base64") : value;
  const wire = Object.fromEntries(members.flatMap(([name, m]) => (input[name] === undefined ? [] : [[m.jsonName ?? name, wireValue(m, input[name])]])));
  try {
    validateV1(operation, wire);
  } catch (error) {
    if (!(error instanceof AwsError) || error.code !== "ValidationException") throw error;
    const inBody = new Set(members.filter(([, m]) => !m.label && m.query === undefined && m.header === undefined).map(([name]) => name));
    const prefix = `${operation[0].toLowerCase()}${operation.slice(1)}Input`;
    // The body's failures come first, then the URI's (AWS's recorded order).
    const [, count = "", list = ""] = /^(\d+ validation errors? detected: )(.*)$/s.exec(error.message) ?? [];
    const failures = list.split(/; (?=Value )/).map((f) => {
      const head = / at '([^'.]+)/.exec(f)?.[1];
      return head !== undefined && inBody.has(head) ? { body: true, text: f.replace(` at '${head}`, ` at '${prefix}.${head}`) } : { body: false, text: f };
    });
    const ordered = [...failures.filter((f) => f.body), ...failures.filter((f) => !f.body)].map((f) => f.text);
    throw new AwsError(error.code, count === "" ? error.message : `${count}${ordered.join("; ")}`, error.statusCode);
  }
}

/**
 * ExportApi: the OpenAPI 3.0 document itself as the body (JSON; asked for YAML, JSON too, which
 * YAML readers take as it is). The template's APIs are not exported.
 */
function exportApiResponse(id: string, created: CreatedHttpApis, input: Input): EdgeResponse {
  checkV2Input("ExportApi", input);
  const document = created.exportApi(as(input));
  return { status: 200, headers: { "content-type": "application/octet-stream", "x-amzn-requestid": id }, body: JSON.stringify(document, null, 2) };
}

/** GetExport: the stage's deployment as an OpenAPI (oas30) or Swagger document, the body itself. */
function exportResponse(id: string, created: CreatedRestApis, input: Input): EdgeResponse {
  checkInput("GetExport", input);
  const document = created.getExport(as(input));
  const type = String(input.exportType);
  return {
    status: 200,
    headers: {
      "content-type": "application/json",
      "content-disposition": `attachment; filename="${type}_${String(input.restApiId)}_${String(input.stageName)}.json"`,
      "x-amzn-requestid": id,
    },
    body: JSON.stringify(document, null, 2),
  };
}

function matchBinding(bindings: Binding[], req: EdgeRequest): { binding: Binding; values: string[] } | undefined {
  const query = new URLSearchParams(req.rawQuery);
  for (const binding of bindings) {
    if (binding.method !== req.method || binding.query.some(([k, v]) => query.get(k) !== v)) continue;
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

/** URI labels, query parameters and (v1) the JSON body's members, by their JSON names → the input structure's members. */
function readInput(model: ServiceModel, binding: Binding, values: string[], rawQuery: string, body?: Buffer): Input {
  const inputShape = model.operations[binding.operation]?.input;
  const members = inputShape ? (model.shapes[inputShape]?.members ?? {}) : {};
  const query = new URLSearchParams(rawQuery);
  const json = body !== undefined && body.length > 0 && !members.body?.payload ? parseJsonBody(body) : {};
  const input: Input = {};
  for (const [name, member] of Object.entries(members)) {
    if (member.payload) {
      // ImportRestApi / PutRestApi: the definition is the whole body.
      if (body !== undefined && body.length > 0) input[name] = body.toString("utf8");
    } else if (!member.label && member.query === undefined && member.header === undefined && !member.queryParams) {
      // PutIntegration's body "httpMethod" is member integrationHttpMethod; its label httpMethod is another member.
      const value = json[member.jsonName ?? name];
      // v2's nested members are read by their JSON names too (JwtConfiguration.audience → Audience); v1's are named alike on the wire.
      if (value !== undefined && value !== null) input[name] = model === apiGatewayV2Model ? fromJson(model, member.target, value) : value;
    } else if (member.label) {
      const index = binding.labels.indexOf(name);
      if (index >= 0) input[name] = values[index];
    } else if (member.query !== undefined) {
      const all = query.getAll(member.query);
      if (all.length === 0) continue;
      const type = model.shapes[member.target]?.type;
      input[name] = type === "list" ? all : type === "integer" ? Number.parseInt(all[0], 10) : type === "boolean" ? all[0] === "true" : all[0];
    } else if (member.queryParams) {
      // GetExport's parameters (extensions=…): the query's other parameters, as a map.
      const named = new Set(Object.values(members).flatMap((m) => (m.query !== undefined ? [m.query] : [])));
      const rest = [...query.entries()].filter(([key]) => !named.has(key));
      if (rest.length > 0) input[name] = Object.fromEntries(rest);
    }
  }
  return input;
}

/** An input value read from its JSON form: structures' members by their model names, unknown members dropped. */
function fromJson(model: ServiceModel, shapeName: string, value: unknown): unknown {
  const shape: ShapeModel | undefined = model.shapes[shapeName];
  if (value === undefined || value === null || !shape || typeof value !== "object") return value;
  switch (shape.type) {
    case "structure": {
      const record = value as Record<string, unknown>;
      return Object.fromEntries(Object.entries(shape.members ?? {}).flatMap(([name, member]) => {
        const v = Object.hasOwn(record, member.jsonName ?? name) ? record[member.jsonName ?? name] : undefined;
        return v === undefined || v === null ? [] : [[name, fromJson(model, member.target, v)]];
      }));
    }
    case "list":
      return Array.isArray(value) ? value.map((v) => fromJson(model, shape.member ?? "", v)) : value;
    case "map":
      return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, fromJson(model, shape.value ?? "", v)]));
    default:
      return value;
  }
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
