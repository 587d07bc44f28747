/**
 * Resources the SAM transform creates that templates commonly refer to: the implicit
 * ServerlessRestApi / ServerlessHttpApi (Globals.Api / Globals.HttpApi apply to them),
 * "<Function>Role" for functions and state machines without a Role, and the subscription
 * filter and permission of a function's CloudWatchLogs event, the schedule (and its role) of
 * a ScheduleV2 event (scheduleV2Resources.ts), the version and alias of an AutoPublishAlias
 * (autoPublishAlias.ts: the URL, subscription filter and schedule then target the alias), and the
 * API keys of a GraphQLApi.
 */
import { applyGlobals } from "../globals.js";
import type { Globals } from "../globals.js";
import type { TemplateResource } from "../resources.js";
import type { Stack } from "../stack.js";
import { IMPLICIT_HTTP_API, IMPLICIT_REST_API, scanEventApis } from "./events.js";
import { IMPLICIT_REST_STAGE } from "./api.js";
import { addScheduleV2Resources } from "./scheduleV2Resources.js";
import { addAutoPublishAlias } from "./autoPublishAlias.js";
import { isRecord } from "../util.js";

function implicitResource(logicalId: string, type: string, properties: Record<string, unknown>): TemplateResource {
  return { logicalId, type, properties, metadata: {}, dependsOn: [], included: true, implicit: true };
}

/** Adds the implicit resources to `stack`; returns the dependencies SAM adds (API → its functions). */
export function addImplicitResources(stack: Stack, globals: Globals): Map<string, string[]> {
  const file = stack.info.file;
  const { rest, http, edges } = scanEventApis(stack);
  if (rest && !stack.resources.has(IMPLICIT_REST_API)) {
    const properties = applyGlobals(globals, "AWS::Serverless::Api", { StageName: IMPLICIT_REST_STAGE }, undefined, { file, logicalId: IMPLICIT_REST_API });
    stack.resources.set(IMPLICIT_REST_API, implicitResource(IMPLICIT_REST_API, "AWS::Serverless::Api", properties));
  }
  if (http && !stack.resources.has(IMPLICIT_HTTP_API)) {
    const properties = applyGlobals(globals, "AWS::Serverless::HttpApi", {}, undefined, { file, logicalId: IMPLICIT_HTTP_API });
    stack.resources.set(IMPLICIT_HTTP_API, implicitResource(IMPLICIT_HTTP_API, "AWS::Serverless::HttpApi", properties));
  }
  for (const resource of [...stack.resources.values()]) {
    // SAM connects a function's URL and events to its alias when it has one (samtranslator _generate_event_resources).
    const aliasId = addAutoPublishAlias(stack, resource);
    const target = aliasId === undefined ? undefined : { Ref: aliasId };
    addFunctionUrl(stack, resource, target);
    addLogsSubscriptions(stack, resource, target);
    addScheduleV2Resources(stack, resource, target);
    addGraphQlApiKeys(stack, resource);
    const needsRole = resource.type === "AWS::Serverless::Function" || resource.type === "AWS::Serverless::StateMachine";
    const roleId = `${resource.logicalId}Role`;
    if (!needsRole || resource.properties.Role !== undefined || stack.resources.has(roleId)) continue;
    stack.resources.set(roleId, { ...implicitResource(roleId, "AWS::IAM::Role", {}), included: resource.included, condition: resource.condition });
  }
  return edges;
}

/**
 * The AWS::AppSync::ApiKey "<Api><KeyId>" SAM makes for each of a GraphQLApi's ApiKeys (samtranslator
 * GraphQLApi, sam init's hello-gql outputs Fn::GetAtt HelloWorldGraphQLApiMyApiKey.ApiKey): declared so
 * references to it resolve; AppSync is not emulated (support.ts), so it is skipped like its API.
 */
function addGraphQlApiKeys(stack: Stack, resource: TemplateResource): void {
  const keys = resource.properties.ApiKeys;
  if (resource.type !== "AWS::Serverless::GraphQLApi" || !isRecord(keys)) return;
  for (const keyId of Object.keys(keys)) {
    const logicalId = `${resource.logicalId}${keyId}`;
    if (stack.resources.has(logicalId)) continue;
    const properties = { ApiId: { "Fn::GetAtt": [resource.logicalId, "ApiId"] } };
    stack.resources.set(logicalId, { ...implicitResource(logicalId, "AWS::AppSync::ApiKey", properties), included: resource.included, condition: resource.condition });
  }
}

/** SAM's FunctionUrlConfig: an AWS::Lambda::Url "<Function>Url" targeting the function or its alias (Fn::GetAtt MyFunctionUrl.FunctionUrl). */
function addFunctionUrl(stack: Stack, resource: TemplateResource, alias: { Ref: string } | undefined): void {
  const config = resource.properties.FunctionUrlConfig;
  const urlId = `${resource.logicalId}Url`;
  if (resource.type !== "AWS::Serverless::Function" || typeof config !== "object" || config === null || Array.isArray(config) || stack.resources.has(urlId)) return;
  const { AuthType, Cors, InvokeMode } = config as Record<string, unknown>;
  const target = alias ?? { Ref: resource.logicalId };
  const properties: Record<string, unknown> = { TargetFunctionArn: target, AuthType };
  if (Cors !== undefined) properties.Cors = Cors;
  if (InvokeMode !== undefined) properties.InvokeMode = InvokeMode;
  stack.resources.set(urlId, { ...implicitResource(urlId, "AWS::Lambda::Url", properties), included: resource.included, condition: resource.condition });
  // AuthType NONE (a literal, not an intrinsic): the public "<Function>UrlPublicPermissions" that lets
  // anyone call lambda:InvokeFunctionUrl (samtranslator sam_resources.py _construct_url_permission),
  // and "<Function>URLInvokeAllowPublicAccess", lambda:InvokeFunction only through the URL
  // (_construct_invoke_permission, samtranslator 1.110): SAM adds both or neither.
  const permissionId = `${resource.logicalId}UrlPublicPermissions`;
  const invokeId = `${resource.logicalId}URLInvokeAllowPublicAccess`;
  if (AuthType !== "NONE" || stack.resources.has(permissionId) || stack.resources.has(invokeId)) return;
  const scope = { included: resource.included, condition: resource.condition };
  stack.resources.set(permissionId, {
    ...implicitResource(permissionId, "AWS::Lambda::Permission", {
      Action: "lambda:InvokeFunctionUrl",
      FunctionName: target,
      Principal: "*",
      FunctionUrlAuthType: "NONE",
    }),
    ...scope,
  });
  stack.resources.set(invokeId, {
    ...implicitResource(invokeId, "AWS::Lambda::Permission", {
      Action: "lambda:InvokeFunction",
      FunctionName: target,
      Principal: "*",
      InvokedViaFunctionUrl: true,
    }),
    ...scope,
  });
}

/**
 * A function's CloudWatchLogs events, as SAM translates them (samtranslator
 * model/eventsources/push.py, CloudWatchLogs): an AWS::Logs::SubscriptionFilter
 * "<Function><EventId>" sending the log group's matching events to the function, and the
 * AWS::Lambda::Permission "<Function><EventId>Permission" it depends on.
 */
function addLogsSubscriptions(stack: Stack, resource: TemplateResource, alias: { Ref: string } | undefined): void {
  if (resource.type !== "AWS::Serverless::Function") return;
  const events = resource.properties.Events;
  if (!isRecord(events)) return;
  for (const [eventId, event] of Object.entries(events)) {
    if (!isRecord(event) || event.Type !== "CloudWatchLogs") continue;
    const { LogGroupName, FilterPattern } = isRecord(event.Properties) ? event.Properties : {};
    const filterId = `${resource.logicalId}${eventId}`;
    const permissionId = `${filterId}Permission`;
    if (stack.resources.has(filterId) || stack.resources.has(permissionId)) continue;
    const scope = { included: resource.included, condition: resource.condition };
    stack.resources.set(permissionId, {
      ...implicitResource(permissionId, "AWS::Lambda::Permission", {
        Action: "lambda:InvokeFunction",
        FunctionName: alias ?? { Ref: resource.logicalId },
        Principal: "logs.amazonaws.com",
        SourceArn: { "Fn::Sub": ["arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${__LogGroupName__}:*", { __LogGroupName__: LogGroupName }] },
      }),
      ...scope,
    });
    stack.resources.set(filterId, {
      ...implicitResource(filterId, "AWS::Logs::SubscriptionFilter", {
        LogGroupName,
        FilterPattern: FilterPattern ?? "",
        DestinationArn: alias ?? { "Fn::GetAtt": [resource.logicalId, "Arn"] },
      }),
      dependsOn: [permissionId],
      ...scope,
    });
  }
}
