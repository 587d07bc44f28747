/** Resolved resources → the AppModel's functions, tables, state machines, topics, subscriptions, mappings and APIs. */
import type {
  ApiSpec,
  AppModel,
  EventSourceMappingSpec,
  FunctionSpec,
  ResolvedResource,
  RouteSpec,
  SkippedFunction,
  StateMachineSpec,
  SubscriptionSpec,
  TableSpec,
  TopicSpec,
} from "./model.js";
import { resolveApiAuth } from "./apis/auth.js";
import { FunctionIndex } from "./apis/functionIndex.js";
import { StateMachineIndex } from "./apis/stateMachineIndex.js";
import { resolveSamModels } from "./apis/validation.js";
import { buildTable } from "./cfn/table.js";
import { cfnHttpApis } from "./cfn/httpApi.js";
import { cfnWebSocketApis } from "./cfn/webSocketApi.js";
import { cfnRestApis } from "./cfn/restApi.js";
import { cfnEventSourceMapping, dynamoDbEventMappings } from "./eventSources/mappings.js";
import { buildFunction, FUNCTION_TYPES } from "./functions/index.js";
import { cfnEventInvokeConfigs } from "./functions/eventInvokeConfig.js";
import { cfnFunctionUrls } from "./functions/functionUrls.js";
import { addRoutes, completeRestCors, samApiSpec } from "./sam/api.js";
import { eventRoutes } from "./sam/events.js";
import { functionSchedules } from "./sam/schedules.js";
import { cfnSchedules } from "./cfn/schedules.js";
import { buildSimpleTable } from "./sam/table.js";
import { cfnSubscription, inlineSubscriptions, snsEventSubscriptions } from "./sns/subscriptions.js";
import type { SubscriptionTargets } from "./sns/subscriptions.js";
import { buildTopic } from "./sns/topics.js";
import { buildBuckets } from "./s3/buckets.js";
import { addBucketDeployments } from "./cdk/bucketDeployments.js";
import { markCdkProviders } from "./cdk/customResources.js";
import type { Stack } from "./stack.js";
import { stateMachineEvents } from "./stateMachines/events.js";
import { buildStateMachine, STATE_MACHINE_TYPES } from "./stateMachines/index.js";
import { isRecord } from "./util.js";

type Built = Pick<AppModel, "functions" | "skippedFunctions" | "apis" | "tables" | "stateMachines" | "topics" | "subscriptions" | "eventSourceMappings" | "buckets" | "webSocketApis">;

export function buildModel(stack: Stack, resources: ResolvedResource[]): Built {
  const functions: FunctionSpec[] = [];
  const skippedFunctions: SkippedFunction[] = [];
  const tables: TableSpec[] = [];
  const stateMachines: StateMachineSpec[] = [];
  const topics: TopicSpec[] = [];
  const samFunctions: [ResolvedResource, FunctionSpec][] = [];
  /** Routes from Api / HttpApi events, per resource (added to the APIs in template order). */
  const eventApiRoutes = new Map<string, { apiLogicalId: string; route: RouteSpec }[]>();
  for (const resource of resources) {
    if (FUNCTION_TYPES.includes(resource.type)) {
      const metadata = stack.resolve(stack.resources.get(resource.logicalId)?.metadata ?? {});
      const spec = buildFunction(stack, resource, isRecord(metadata) ? metadata : {});
      if ("reason" in spec) {
        skippedFunctions.push(spec);
        continue;
      }
      functions.push(spec);
      if (resource.type === "AWS::Serverless::Function") samFunctions.push([resource, spec]);
    } else if (resource.type === "AWS::Serverless::SimpleTable") {
      tables.push(buildSimpleTable(stack, resource));
    } else if (resource.type === "AWS::DynamoDB::Table" || resource.type === "AWS::DynamoDB::GlobalTable") {
      tables.push(buildTable(stack, resource));
    } else if (STATE_MACHINE_TYPES.includes(resource.type)) {
      const spec = buildStateMachine(stack, resource);
      stateMachines.push(spec);
      if (resource.type === "AWS::Serverless::StateMachine") eventApiRoutes.set(resource.logicalId, stateMachineEvents(stack, resource, spec));
    } else if (resource.type === "AWS::SNS::Topic") {
      topics.push(buildTopic(resource));
    }
  }
  const index = new FunctionIndex(functions);
  cfnEventInvokeConfigs(stack, resources, index);
  cfnFunctionUrls(stack, resources, index);
  const machines = new StateMachineIndex(stateMachines);
  const subscriptions = buildSubscriptions(stack, resources, topics, index, samFunctions);
  const eventSourceMappings = buildMappings(stack, resources, tables, index, samFunctions);

  const samApis = new Map<string, ApiSpec>();
  for (const resource of resources) {
    if (resource.type !== "AWS::Serverless::Api" && resource.type !== "AWS::Serverless::HttpApi") continue;
    const implicit = stack.resources.get(resource.logicalId)?.implicit ?? false;
    samApis.set(resource.logicalId, samApiSpec(stack, resource, implicit, index, machines));
  }
  for (const [resource, spec] of samFunctions) {
    eventApiRoutes.set(resource.logicalId, eventRoutes(stack, resource, spec));
    spec.schedules.push(...functionSchedules(stack, resource));
  }
  cfnSchedules(stack, resources);
  for (const resource of resources) {
    for (const { apiLogicalId, route } of eventApiRoutes.get(resource.logicalId) ?? []) {
      const api = samApis.get(apiLogicalId);
      if (api) addRoutes(api, [route], stack.warnings);
    }
  }
  for (const api of samApis.values()) completeRestCors(api);
  const apis = [...samApis.values(), ...cfnHttpApis(stack, resources, index, machines), ...cfnRestApis(stack, resources, index, machines)];
  resolveApiAuth(stack, apis, resources, index);
  resolveSamModels(stack, apis, resources);
  const buckets = buildBuckets(stack, resources, index, samFunctions);
  addBucketDeployments(stack, resources, buckets);
  markCdkProviders(resources, index);
  const webSocketApis = cfnWebSocketApis(stack, resources, index);
  return { functions, skippedFunctions, tables, apis, stateMachines, topics, subscriptions, eventSourceMappings, buckets, webSocketApis };
}

function buildSubscriptions(
  stack: Stack,
  resources: ResolvedResource[],
  topics: TopicSpec[],
  functions: FunctionIndex,
  samFunctions: [ResolvedResource, FunctionSpec][],
): SubscriptionSpec[] {
  const targets: SubscriptionTargets = { topics: new Map(topics.map((t) => [t.arn, t])), functions };
  const out: SubscriptionSpec[] = [];
  for (const resource of resources) {
    if (resource.type === "AWS::SNS::Topic") {
      const topic = targets.topics.get(resource.ref);
      if (topic) out.push(...inlineSubscriptions(stack, resource, topic, targets));
    } else if (resource.type === "AWS::SNS::Subscription") {
      const spec = cfnSubscription(stack, resource, targets);
      if (spec) out.push(spec);
    }
  }
  for (const [resource, spec] of samFunctions) out.push(...snsEventSubscriptions(stack, resource, spec, targets));
  return out;
}

function buildMappings(
  stack: Stack,
  resources: ResolvedResource[],
  tables: TableSpec[],
  functions: FunctionIndex,
  samFunctions: [ResolvedResource, FunctionSpec][],
): EventSourceMappingSpec[] {
  const out: EventSourceMappingSpec[] = [];
  for (const resource of resources) {
    if (resource.type !== "AWS::Lambda::EventSourceMapping") continue;
    const spec = cfnEventSourceMapping(stack, resource, functions, tables);
    if (spec) out.push(spec);
  }
  for (const [resource, spec] of samFunctions) out.push(...dynamoDbEventMappings(stack, resource, spec, tables));
  return out;
}
