/**
 * The read side of the control plane users script against after `sam deploy`, built from the
 * loaded template: STS, IAM, CloudFormation (the template as a stack) and API Gateway's control
 * planes (the APIs the sandbox serves). Each loads on its first request.
 */
import { readFile } from "node:fs/promises";
import type { AwsService, AwsServiceRoute, Clock, Logger, Store } from "@sam-sandbox/core";
import { NESTED_ID_SEPARATOR, parseApiDefinition, type AppModel, type NestedStackSpec } from "@sam-sandbox/template";
import type { ControlPlaneApi, CreatedHttpApis, CreatedRestApis } from "@sam-sandbox/apigateway-control";
import type { StackConfig } from "@sam-sandbox/cloudformation";
import type { IamEngine } from "@sam-sandbox/iam";
import { queryAction } from "./edge.js";
import { createTemplateIam, hasIamResources } from "./iamResources.js";
import { lazyService, type LazyService } from "./lazyService.js";

export interface ControlPlaneOptions {
  app: AppModel;
  store: Store;
  clock: Clock;
  logger: Logger;
  region: string;
  accountId: string;
  /** Where the app port serves the APIs (http://127.0.0.1:3000), once it listens. */
  appUrl: () => string | undefined;
  /** The edge port's URL (http://127.0.0.1:4566): where HTTP APIs created through API Gateway v2 are served. */
  edgeUrl?: () => string | undefined;
}

/** The resource types SAM's transform turns its own types into (what CloudFormation lists after a deploy). */
const SAM_TYPES: Record<string, string> = {
  "AWS::Serverless::Function": "AWS::Lambda::Function",
  "AWS::Serverless::Api": "AWS::ApiGateway::RestApi",
  "AWS::Serverless::HttpApi": "AWS::ApiGatewayV2::Api",
  "AWS::Serverless::SimpleTable": "AWS::DynamoDB::Table",
  "AWS::Serverless::LayerVersion": "AWS::Lambda::LayerVersion",
  "AWS::Serverless::StateMachine": "AWS::StepFunctions::StateMachine",
  "AWS::Serverless::Application": "AWS::CloudFormation::Stack",
  "AWS::Serverless::GraphQLApi": "AWS::AppSync::GraphQLApi",
};

/** Routes, known before the packages load. */
/**
 * STS actions whose caller proves itself with a token instead of credentials: the SDKs and
 * awscli send them unsigned, so the signing name cannot route them.
 */
const UNSIGNED_STS_ACTIONS = new Set(["AssumeRoleWithWebIdentity", "AssumeRoleWithSAML"]);
const STS_ROUTE: AwsServiceRoute = { signingNames: ["sts"], claims: (req) => req.path === "/" && UNSIGNED_STS_ACTIONS.has(queryAction(req) ?? "") };
const CLOUDFORMATION_ROUTE = { signingNames: ["cloudformation"] };
/** IAM is global: every SDK signs its requests for us-east-1 and the name "iam". */
const IAM_ROUTE = { signingNames: ["iam"] };
const APIGATEWAY_ROUTE = { signingNames: ["apigateway"] };

export interface ControlPlane {
  /** STS, IAM, CloudFormation and API Gateway, each loaded on first use. */
  services: Array<LazyService<{ service: AwsService; close(): Promise<void> }>>;
  /** API Gateway's control plane: its created REST APIs are served by their deployed stages. */
  apiGateway: LazyService<{ service: AwsService; created: CreatedRestApis; createdHttp: CreatedHttpApis; close(): Promise<void> }>;
}

export function createControlPlane(options: ControlPlaneOptions): ControlPlane {
  const { app, store, clock, logger, region, accountId } = options;
  // IAM once loaded: STS's AssumeRole reads the MaxSessionDuration of the roles created through it.
  let iamEngine: IamEngine | undefined;
  const sts = lazyService("sts", STS_ROUTE, async () => {
    const { createSts } = await import("@sam-sandbox/sts");
    return { ...(await createSts({ clock, store, logger, region, accountId, roles: stsRoles(app, () => iamEngine) })), close: async () => undefined };
  });
  const iam = lazyService("iam", IAM_ROUTE, async () => {
    const { createIam } = await import("@sam-sandbox/iam");
    const loaded = await createIam({ clock, store, logger, accountId });
    iamEngine = loaded.engine;
    // The template's roles, policies, users … (and SAM's generated roles) are there from the first request on.
    if (hasIamResources(app)) await createTemplateIam(loaded, app, logger);
    return { ...loaded, close: async () => undefined };
  });
  // The stack was "deployed" when the sandbox started, whichever request loads it first.
  const startedAt = clock.now();
  // Without a template (`sandbox up --no-template`) the account has no stack, nor APIs.
  const noTemplate = app.templateFile === "";
  const templateBody = noTemplate ? Promise.resolve("") : readFile(app.templateFile, "utf8");
  // A failed read is reported by the first CloudFormation request, not as an unhandled rejection.
  templateBody.catch(() => undefined);

  const cloudFormation = lazyService("cloudformation", CLOUDFORMATION_ROUTE, async () => {
    const { createCloudFormation } = await import("@sam-sandbox/cloudformation");
    const stacks = noTemplate ? [] : [stackConfig(app, await templateBody, options.appUrl())];
    // Nested stacks are stacks of their own on AWS: DescribeStacks and ListStackResources answer for them by name.
    for (const nested of app.nestedStacks ?? []) stacks.push(nestedStackConfig(app, nested, await readFile(nested.templateFile, "utf8").catch(() => ""), options.appUrl()));
    const cfn = await createCloudFormation({ clock, store, logger, stacks, deployedAt: startedAt });
    return { ...cfn, close: async () => undefined };
  });

  const apiGateway = lazyService("apigateway", APIGATEWAY_ROUTE, async () => {
    const { createApiGatewayControlPlane } = await import("@sam-sandbox/apigateway-control");
    // The APIs were created with the stack, and changed when it last was.
    const { engine } = await cloudFormation.load();
    const stack = noTemplate ? { CreationTime: new Date(startedAt), LastUpdatedTime: undefined } : engine.describeStacks({ StackName: app.stackName }).Stacks[0];
    const service = await createApiGatewayControlPlane({
      apis: controlPlaneApis(app, region, accountId, options.appUrl()),
      region,
      accountId,
      createdDate: stack.CreationTime,
      lastUpdatedDate: stack.LastUpdatedTime ?? stack.CreationTime,
      logger,
      // REST APIs created with CreateRestApi are kept in the store and served once deployed.
      store,
      now: () => clock.now(),
      // ImportRestApi / PutRestApi take YAML definitions too.
      parseDefinition: (text) => parseApiDefinition(text),
      // A created API's ApiEndpoint is where the edge serves it (LocalStack's documented path form): its stage and path append to it
      // (a WebSocket API's as ws://, as AWS's is wss://).
      createdApiEndpoint: (apiId, protocolType) => {
        const edge = options.edgeUrl?.();
        return edge === undefined ? undefined : `${protocolType === "WEBSOCKET" ? edge.replace(/^http/, "ws") : edge}/_aws/execute-api/${apiId}`;
      },
    });
    return { service, created: service.created, createdHttp: service.createdHttp, close: async () => undefined };
  });

  return { services: [sts, iam, cloudFormation, apiGateway], apiGateway };
}

/**
 * A logical id's id within the stack at `path` ("" for the top-level stack, "Child" for a nested
 * stack): "Child/Fn" is Fn of Child; undefined for another stack's resource.
 */
function ownId(logicalId: string, path: string): string | undefined {
  const prefix = path === "" ? "" : `${path}${NESTED_ID_SEPARATOR}`;
  if (!logicalId.startsWith(prefix)) return undefined;
  const own = logicalId.slice(prefix.length);
  return own.includes(NESTED_ID_SEPARATOR) ? undefined : own;
}

/** The stack's resources as ListStackResources lists them: a nested stack's own under their own ids (its nested stacks' are theirs). */
function stackResources(app: AppModel, path: string): StackConfig["resources"] {
  const out: StackConfig["resources"] = [];
  for (const r of Object.values(app.resources)) {
    const id = ownId(r.logicalId, path);
    if (id !== undefined && r.type !== "AWS::Serverless::Connector") out.push({ logicalId: id, type: SAM_TYPES[r.type] ?? r.type, physicalId: r.ref });
  }
  out.push(...samCompanions(app, path));
  return out;
}

function nestedStackConfig(app: AppModel, nested: NestedStackSpec, templateBody: string, appUrl: string | undefined): StackConfig {
  const local = localApiUrls(app, appUrl);
  return {
    stackName: nested.stackName,
    stackId: nested.stackId,
    ...(nested.description !== undefined ? { description: nested.description } : {}),
    parameters: nested.parameters.map((p) => ({ key: p.name, value: p.value, noEcho: p.noEcho })),
    outputs: Object.entries(nested.outputs).map(([key, o]) => ({
      key,
      value: local(o.value),
      ...(o.description !== undefined ? { description: o.description } : {}),
      ...(o.exportName !== undefined ? { exportName: o.exportName } : {}),
    })),
    resources: stackResources(app, nested.path),
    templateBody,
    capabilities: capabilitiesOf(app),
    parentId: nested.parentId,
    rootId: nested.rootId,
  };
}

function stackConfig(app: AppModel, templateBody: string, appUrl: string | undefined): StackConfig {
  const local = localApiUrls(app, appUrl);
  const resources = stackResources(app, "");
  return {
    stackName: app.stackName,
    stackId: app.stackId,
    ...(app.description !== undefined ? { description: app.description } : {}),
    parameters: app.parameters.map((p) => ({ key: p.name, value: p.value, noEcho: p.noEcho, ...(p.resolvedValue !== undefined ? { resolvedValue: p.resolvedValue } : {}) })),
    outputs: Object.entries(app.outputs).map(([key, o]) => ({
      key,
      value: local(o.value),
      ...(o.description !== undefined ? { description: o.description } : {}),
      ...(o.exportName !== undefined ? { exportName: o.exportName } : {}),
    })),
    resources,
    templateBody,
    capabilities: capabilitiesOf(app),
  };
}

/**
 * An output's execute-api URL of an API the sandbox serves, made the sandbox's own: a script
 * that reads ApiUrl from DescribeStacks and calls it reaches the sandbox, as it reaches the
 * API on AWS (REST APIs answer with their stage in the path too: http://127.0.0.1:3000/Prod/…).
 */
export function localApiUrls(app: AppModel, appUrl: string | undefined): (value: string) => string {
  if (appUrl === undefined) return (value) => value;
  const ids = new Set([...app.apis.map((a) => a.apiId), ...app.webSocketApis.map((a) => a.apiId)]);
  const pattern = /\b(https|wss):\/\/([a-z0-9]{10})\.execute-api\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?/g;
  return (value) =>
    value.replace(pattern, (url: string, scheme: string, id: string) => (ids.has(id) ? (scheme === "wss" ? appUrl.replace(/^http/, "ws") : appUrl) : url));
}

/**
 * Resources SAM's transform adds that workshop scripts look up: the functions' and state
 * machines' "<Id>Role", and the stage of each SAM API ("<Api><Stage>Stage"; an HTTP API's
 * $default stage is "<Api>ApiGatewayDefaultStage"), whose physical id is the stage name.
 */
function samCompanions(app: AppModel, path: string): StackConfig["resources"] {
  const out: StackConfig["resources"] = [];
  for (const r of app.generatedRoles) {
    const id = ownId(r.logicalId, path);
    if (id !== undefined) out.push({ logicalId: id, type: "AWS::IAM::Role", physicalId: r.roleName });
  }
  for (const api of app.apis) {
    const type = app.resources[api.logicalId]?.type;
    const apiId = ownId(api.logicalId, path);
    if (apiId === undefined) continue;
    // samtranslator: "<Api><Stage>Stage" for an alphanumeric stage name, else a hashed id (not reproduced).
    const alphanumeric = /^[A-Za-z0-9]+$/.test(api.stageName);
    if (type === "AWS::Serverless::Api" && alphanumeric) {
      out.push({ logicalId: `${apiId}${api.stageName}Stage`, type: "AWS::ApiGateway::Stage", physicalId: api.stageName });
    } else if (type === "AWS::Serverless::HttpApi" && (alphanumeric || api.stageName === "$default")) {
      const logicalId = alphanumeric ? `${apiId}${api.stageName}Stage` : `${apiId}ApiGatewayDefaultStage`;
      out.push({ logicalId, type: "AWS::ApiGatewayV2::Stage", physicalId: api.stageName });
    }
  }
  return out;
}

/** What `sam deploy` must have acknowledged: IAM for roles (SAM makes one per function), AUTO_EXPAND for nested applications. */
function capabilitiesOf(app: AppModel): string[] {
  const types = Object.values(app.resources).map((r) => r.type);
  const out: string[] = [];
  if (types.some((t) => t.startsWith("AWS::IAM::") || t === "AWS::Serverless::Function" || t === "AWS::Serverless::StateMachine")) out.push("CAPABILITY_IAM");
  if (types.includes("AWS::Serverless::Application")) out.push("CAPABILITY_AUTO_EXPAND");
  return out;
}

/** The template's IAM roles by ARN, with their MaxSessionDuration (STS AssumeRole honours it). */
/** The template's roles, and those IAM holds (created through its API) once it has loaded. */
function stsRoles(app: AppModel, iam: () => IamEngine | undefined): ReadonlyMap<string, { maxSessionDuration?: number }> {
  const template = templateRoles(app);
  return new (class extends Map<string, { maxSessionDuration?: number }> {
    override get(arn: string) {
      const known = super.get(arn);
      if (known !== undefined) return known;
      const held = Object.values(iam()?.state.roles ?? {}).find((role) => role.Arn === arn);
      return held === undefined ? undefined : { maxSessionDuration: held.MaxSessionDuration };
    }
  })(template);
}

function templateRoles(app: AppModel): Map<string, { maxSessionDuration?: number }> {
  const roles = new Map<string, { maxSessionDuration?: number }>();
  for (const r of Object.values(app.resources)) {
    if (r.type !== "AWS::IAM::Role" || r.attributes.Arn === undefined) continue;
    const max = Number(r.properties.MaxSessionDuration);
    roles.set(r.attributes.Arn, Number.isFinite(max) && max > 0 ? { maxSessionDuration: max } : {});
  }
  return roles;
}

function controlPlaneApis(app: AppModel, region: string, accountId: string, appUrl: string | undefined): ControlPlaneApi[] {
  const functionArn = (name: string) => app.functions.find((f) => f.functionName === name)?.arn ?? `arn:aws:lambda:${region}:${accountId}:function:${name}`;
  const apis: ControlPlaneApi[] = app.apis.map((api) => ({
    kind: api.kind,
    apiId: api.apiId,
    name: api.name,
    stageName: api.stageName,
    ...(api.kind === "rest" ? { rootResourceId: app.resources[api.logicalId]?.attributes.RootResourceId, tracingEnabled: api.tracingEnabled ?? false, apiKeySource: api.apiKeySource ?? "HEADER" } : {}),
    ...(api.kind === "http" && api.cors ? { cors: api.cors } : {}),
    ...(api.tags ? { tags: api.tags } : {}),
    ...(api.version !== undefined ? { version: api.version } : {}),
    // HTTP APIs answer at the app port's root, as GetApis' ApiEndpoint says they do on AWS.
    ...(api.kind === "http" && appUrl !== undefined ? { endpoint: appUrl } : {}),
    authorizers: (api.authorizers ?? []).map((a) => ({ name: a.name, type: a.type })),
    routes: api.routes.map((route) => ({
      method: route.method,
      path: route.path,
      target: route.stepFunctions
        ? { type: "stepfunctions", action: route.stepFunctions.action }
        : route.serviceIntegration
          ? { type: "service", subtype: route.serviceIntegration.subtype, requestParameters: route.serviceIntegration.requestParameters }
          : { type: "lambda", functionArn: functionArn(route.functionName) },
      payloadFormatVersion: route.payloadFormatVersion,
      ...(route.timeoutMs !== undefined ? { timeoutMs: route.timeoutMs } : {}),
      ...(route.authorization?.authorizer ? { authorizer: route.authorization.authorizer } : {}),
      ...(route.authorization?.scopes?.length ? { scopes: route.authorization.scopes } : {}),
      ...(route.authorization?.apiKeyRequired ? { apiKeyRequired: true } : {}),
    })),
  }));
  for (const ws of app.webSocketApis) {
    apis.push({
      kind: "websocket",
      apiId: ws.apiId,
      name: ws.name,
      stageName: ws.stageName,
      routeSelectionExpression: ws.routeSelectionExpression,
      ...(appUrl !== undefined ? { endpoint: appUrl.replace(/^http/, "ws") } : {}),
      ...(ws.stageVariables ? { stageVariables: ws.stageVariables } : {}),
      routes: ws.routes.map((route) => ({ method: "", path: route.routeKey, target: { type: "lambda", functionArn: functionArn(route.functionName) }, ...(route.timeoutMs !== undefined ? { timeoutMs: route.timeoutMs } : {}) })),
    });
  }
  return apis;
}
