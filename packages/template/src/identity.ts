/**
 * What `Ref` and `Fn::GetAtt` return for each resource type: the physical id and the
 * attributes CloudFormation documents for it, built like the real service builds them
 * (ARNs, URLs, id formats), stable across restarts (names.ts).
 */
import { xrayGroupId } from "@sam-sandbox/core";
import type { Alphabet, GeneratedNameOptions } from "./names.js";
import { nestedStackName, stackArn } from "./names.js";
import type { LoadedChild } from "./nested.js";
import * as L from "./limits.js";

export interface Identity {
  /** What `Ref` returns. */
  ref: string;
  /** What `Fn::GetAtt` may read. */
  attributes: Record<string, string>;
  /** True when `attributes` is the type's whole documented set: anything else is an error. */
  strict: boolean;
}

export interface IdentityEnv {
  logicalId: string;
  type: string;
  stackName: string;
  region: string;
  accountId: string;
  partition: string;
  urlSuffix: string;
  /** The sandbox's app port URL, when known at load time. */
  appUrl?: string;
  /** The sandbox's AWS edge URL, when known at load time. */
  edgeUrl?: string;
  /** A property resolved to a string, when set. */
  prop(name: string): string | undefined;
  /** A property resolved, when set. */
  value(name: string): unknown;
  /** "<stack>-<LogicalId>-<SUFFIX>". */
  generated(options: GeneratedNameOptions): string;
  /** A stable id for this resource (salt tells apart several ids of one resource). */
  id(length: number, alphabet: Alphabet, salt?: string): string;
  uuid(salt?: string): string;
  /** For a nested stack: its child template loaded (undefined when it cannot be run). */
  nested?: () => LoadedChild | undefined;
}

type Maker = (env: IdentityEnv) => Identity;

const arn = (env: IdentityEnv, service: string, resource: string, region = env.region, account = env.accountId) =>
  `arn:${env.partition}:${service}:${region}:${account}:${resource}`;

const lambdaFunction: Maker = (env) => {
  const name = env.prop("FunctionName") ?? env.generated({ maxLength: L.MAX_FUNCTION_NAME_LENGTH, alphabet: "mixed" });
  return { ref: name, attributes: { Arn: arn(env, "lambda", `function:${name}`) }, strict: false };
};

const table: Maker = (env) => {
  const name = env.prop("TableName") ?? env.generated({ maxLength: L.MAX_TABLE_NAME_LENGTH });
  const tableArn = arn(env, "dynamodb", `table/${name}`);
  const attributes: Record<string, string> = { Arn: tableArn };
  if (env.value("StreamSpecification") !== undefined) attributes.StreamArn = `${tableArn}/stream/${streamLabel(env)}`;
  if (env.type === "AWS::DynamoDB::GlobalTable") attributes.TableId = env.uuid("table");
  return { ref: name, attributes, strict: env.type !== "AWS::DynamoDB::GlobalTable" };
};

/** DynamoDB stream labels are creation timestamps ("2024-03-05T10:11:12.345"); ours is fixed per table. */
export function streamLabel(env: Pick<IdentityEnv, "id">): string {
  const offsetMs = parseInt(env.id(8, "hex", "stream"), 16) % (5 * 365 * 24 * 3600 * 1000);
  return new Date(Date.UTC(2020, 0, 1) + offsetMs).toISOString().replace("Z", "");
}

const restApi: Maker = (env) => ({
  ref: env.id(10, "lower"),
  attributes: { RootResourceId: env.id(10, "lower", "root"), RestApiId: env.id(10, "lower") },
  strict: false,
});

const httpApi: Maker = (env) => {
  const id = env.id(10, "lower");
  const scheme = env.prop("ProtocolType") === "WEBSOCKET" ? "wss" : "https";
  // A WebSocket API's endpoint is the sandbox's own (ws://127.0.0.1:3000; clients add /<stage>) when known.
  if (scheme === "wss" && env.appUrl) return { ref: id, attributes: { ApiId: id, ApiEndpoint: env.appUrl.replace(/^http/, "ws") }, strict: false };
  return { ref: id, attributes: { ApiId: id, ApiEndpoint: `${scheme}://${id}.execute-api.${env.region}.${env.urlSuffix}` }, strict: false };
};

const shortId = (length: number, attribute?: string): Maker => (env) => {
  const id = env.id(length, "lower");
  return { ref: id, attributes: attribute ? { [attribute]: id } : {}, strict: false };
};

const named = (property: string): Maker => (env) => ({
  ref: env.prop(property) ?? env.generated({ maxLength: L.MAX_GENERIC_NAME_LENGTH }),
  attributes: {},
  strict: false,
});

const role: Maker = (env) => {
  const name = env.prop("RoleName") ?? env.generated({ maxLength: L.MAX_ROLE_NAME_LENGTH });
  const path = env.prop("Path") ?? "/";
  return { ref: name, attributes: { Arn: `arn:${env.partition}:iam::${env.accountId}:role${path}${name}`, RoleId: `AROA${env.id(17, "upper")}` }, strict: true };
};

/** Ref of a user, group or instance profile is its name; Arn carries its path (CloudFormation's "Return values"). */
const iamNamed = (nameProp: string, kind: string): Maker => (env) => {
  const name = env.prop(nameProp) ?? env.generated({ maxLength: L.MAX_ROLE_NAME_LENGTH });
  return { ref: name, attributes: { Arn: `arn:${env.partition}:iam::${env.accountId}:${kind}${env.prop("Path") ?? "/"}${name}` }, strict: true };
};

const managedPolicy: Maker = (env) => {
  const name = env.prop("ManagedPolicyName") ?? env.generated({ maxLength: L.MAX_GENERIC_NAME_LENGTH });
  const policyArn = `arn:${env.partition}:iam::${env.accountId}:policy${env.prop("Path") ?? "/"}${name}`;
  return { ref: policyArn, attributes: { PolicyArn: policyArn }, strict: false };
};

const topic: Maker = (env) => {
  let name = env.prop("TopicName") ?? env.generated({ maxLength: L.MAX_TOPIC_NAME_LENGTH - 5 });
  if (isTrue(env.value("FifoTopic")) && !name.endsWith(".fifo")) name += ".fifo";
  const topicArn = arn(env, "sns", name);
  return { ref: topicArn, attributes: { TopicArn: topicArn, TopicName: name }, strict: true };
};

const queue: Maker = (env) => {
  let name = env.prop("QueueName") ?? env.generated({ maxLength: L.MAX_QUEUE_NAME_LENGTH - 5 });
  if (isTrue(env.value("FifoQueue")) && !name.endsWith(".fifo")) name += ".fifo";
  // On the sandbox a queue's URL is on its edge: the AWS SDK sends a queue's requests to its URL's host.
  const url = env.edgeUrl ? `${env.edgeUrl}/${env.accountId}/${name}` : `https://sqs.${env.region}.${env.urlSuffix}/${env.accountId}/${name}`;
  return { ref: url, attributes: { Arn: arn(env, "sqs", name), QueueName: name, QueueUrl: url }, strict: true };
};

const bucket: Maker = (env) => {
  const name = env.prop("BucketName") ?? env.generated({ maxLength: L.MAX_BUCKET_NAME_LENGTH, lowerCase: true });
  return {
    ref: name,
    attributes: {
      Arn: `arn:${env.partition}:s3:::${name}`,
      DomainName: `${name}.s3.${env.urlSuffix}`,
      RegionalDomainName: `${name}.s3.${env.region}.${env.urlSuffix}`,
      DualStackDomainName: `${name}.s3.dualstack.${env.region}.${env.urlSuffix}`,
      WebsiteURL: `http://${name}.s3-website-${env.region}.${env.urlSuffix}`,
    },
    strict: false,
  };
};

/** CloudFormation names a state machine "<LogicalId>-<12 characters>", without the stack name ("StateMachine2E01A3A5-3epBHl7DlSTJ"). */
const stateMachine: Maker = (env) => {
  const suffix = env.id(12, "mixed", "name");
  const name = env.prop("StateMachineName") ?? env.prop("Name") ?? `${env.logicalId.slice(0, L.MAX_STATE_MACHINE_NAME_LENGTH - suffix.length - 1)}-${suffix}`;
  const machineArn = arn(env, "states", `stateMachine:${name}`);
  // Ref is the ARN; Fn::GetAtt reads Arn, Name and StateMachineRevisionId, nothing else.
  return { ref: machineArn, attributes: { Arn: machineArn, Name: name, StateMachineRevisionId: machineArn }, strict: true };
};

const userPool: Maker = (env) => {
  const id = `${env.region}_${env.id(9, "mixed")}`;
  const provider = `cognito-idp.${env.region}.${env.urlSuffix}/${id}`;
  return {
    ref: id,
    attributes: { UserPoolId: id, Arn: arn(env, "cognito-idp", `userpool/${id}`), ProviderName: provider, ProviderURL: `https://${provider}` },
    strict: false,
  };
};

const userPoolClient: Maker = (env) => {
  const id = env.id(26, "lower");
  return { ref: id, attributes: { ClientId: id, Name: env.prop("ClientName") ?? id, ClientSecret: env.id(51, "lower", "secret") }, strict: false };
};

const identityPool: Maker = (env) => {
  const id = `${env.region}:${env.uuid()}`;
  return { ref: id, attributes: { Id: id, Name: env.prop("IdentityPoolName") ?? env.logicalId }, strict: false };
};

/** AWS::XRay::Group: !Ref and GroupARN give arn:…:group/<name>/<id>, the id as the X-Ray service makes it. */
const xrayGroup: Maker = (env) => {
  const name = env.prop("GroupName") ?? env.generated({ maxLength: 32 });
  const groupArn = arn(env, "xray", `group/${name}/${xrayGroupId(env.accountId, env.region, name)}`);
  return { ref: groupArn, attributes: { GroupARN: groupArn }, strict: true };
};

/** AWS::XRay::SamplingRule: !Ref and RuleARN give arn:…:sampling-rule/<RuleName>. */
const xraySamplingRule: Maker = (env) => {
  const rule = env.value("SamplingRule");
  const nested = typeof rule === "object" && rule !== null && "RuleName" in rule ? (rule as { RuleName: unknown }).RuleName : undefined;
  const name = typeof nested === "string" ? nested : (env.prop("RuleName") ?? env.generated({ maxLength: 32 }));
  const ruleArn = arn(env, "xray", `sampling-rule/${name}`);
  return { ref: ruleArn, attributes: { RuleARN: ruleArn }, strict: true };
};

const logGroup: Maker = (env) => {
  const name = env.prop("LogGroupName") ?? env.generated({ maxLength: L.MAX_GENERIC_NAME_LENGTH });
  return { ref: name, attributes: { Arn: arn(env, "logs", `log-group:${name}:*`) }, strict: false };
};

// EventBridge Scheduler: Ref is the name (Name, or the one CloudFormation generates: the name the
// sandbox creates it under through the Scheduler API); the ARNs as the Scheduler API writes them ("schedule/<group>/<name>").
const schedulerSchedule: Maker = (env) => {
  const name = env.prop("Name") ?? env.generated({ maxLength: L.MAX_SCHEDULE_NAME_LENGTH });
  return { ref: name, attributes: { Arn: arn(env, "scheduler", `schedule/${env.prop("GroupName") ?? "default"}/${name}`) }, strict: false };
};

const schedulerScheduleGroup: Maker = (env) => {
  const name = env.prop("Name") ?? env.generated({ maxLength: L.MAX_SCHEDULE_NAME_LENGTH });
  return { ref: name, attributes: { Arn: arn(env, "scheduler", `schedule-group/${name}`), State: "ACTIVE" }, strict: false };
};

// CloudWatch alarms: Ref is the name (AlarmName, or the one CloudFormation generates: the name the
// sandbox creates it under through the CloudWatch API), Arn as PutMetricAlarm makes it.
const cloudWatchAlarm: Maker = (env) => {
  const name = env.prop("AlarmName") ?? env.generated({ maxLength: 255 });
  return { ref: name, attributes: { Arn: arn(env, "cloudwatch", `alarm:${name}`) }, strict: false };
};

// SES: an email identity's Ref is the address or domain; a domain's Easy DKIM records as GetAtt reads them.
const sesEmailIdentity: Maker = (env) => {
  const name = env.prop("EmailIdentity") ?? "";
  const attributes: Record<string, string> = {};
  for (const i of [1, 2, 3]) {
    const token = env.id(32, "base32", `dkim${i}`);
    attributes[`DkimDNSTokenName${i}`] = `${token}._domainkey.${name}`;
    attributes[`DkimDNSTokenValue${i}`] = `${token}.dkim.amazonses.com`;
  }
  return { ref: name, attributes, strict: false };
};

// An SES template's Ref is its TemplateName (a property of Template), or the name CloudFormation generates.
const sesTemplate: Maker = (env) => {
  const template = env.value("Template");
  const name = template !== null && typeof template === "object" ? (template as Record<string, unknown>).TemplateName : undefined;
  return { ref: typeof name === "string" ? name : env.generated({ maxLength: L.MAX_GENERIC_NAME_LENGTH }), attributes: {}, strict: false };
};

const eventRule: Maker = (env) => {
  const name = env.prop("Name") ?? env.generated({ maxLength: 64 });
  const bus = env.prop("EventBusName");
  const path = bus && bus !== "default" && !bus.startsWith("arn:") ? `rule/${bus}/${name}` : `rule/${name}`;
  return { ref: name, attributes: { Arn: arn(env, "events", path) }, strict: false };
};

const eventBus: Maker = (env) => {
  const name = env.prop("Name") ?? env.logicalId;
  return { ref: name, attributes: { Arn: arn(env, "events", `event-bus/${name}`), Name: name }, strict: false };
};

/** Ref: the archive's name (given, else generated: 48 characters at most); GetAtt Arn "…:archive/<name>". */
const eventArchive: Maker = (env) => {
  const name = env.prop("ArchiveName") ?? env.generated({ maxLength: 48 });
  return { ref: name, attributes: { Arn: arn(env, "events", `archive/${name}`), ArchiveName: name }, strict: false };
};

const secret: Maker = (env) => {
  const name = env.prop("Name") ?? env.generated({ maxLength: 256 });
  const secretArn = arn(env, "secretsmanager", `secret:${name}-${env.id(6, "mixed")}`);
  return { ref: secretArn, attributes: { Id: secretArn }, strict: false };
};

const ssmParameter: Maker = (env) => {
  const name = env.prop("Name") ?? `CFN-${env.logicalId}-${env.id(12, "mixed")}`;
  const value = env.prop("Value") ?? "";
  return { ref: name, attributes: { Type: env.prop("Type") ?? "String", Value: value }, strict: false };
};

const kmsKey: Maker = (env) => {
  const id = env.uuid();
  return { ref: id, attributes: { KeyId: id, Arn: arn(env, "kms", `key/${id}`) }, strict: false };
};

const kinesis: Maker = (env) => {
  const name = env.prop("Name") ?? env.generated({ maxLength: L.MAX_GENERIC_NAME_LENGTH });
  return { ref: name, attributes: { Arn: arn(env, "kinesis", `stream/${name}`) }, strict: false };
};

/**
 * Ref of an AWS::Kinesis::StreamConsumer is its ARN, which ends with its creation second
 * (RegisterStreamConsumer): ours is fixed per consumer, as DynamoDB stream labels are, so the ARN
 * the template reads is the one the sandbox registers it with (packages/sandbox, kinesisResources.ts).
 */
const streamConsumer: Maker = (env) => {
  const name = env.prop("ConsumerName") ?? env.generated({ maxLength: L.MAX_GENERIC_NAME_LENGTH });
  const streamArn = env.prop("StreamARN") ?? arn(env, "kinesis", "stream/unknown");
  const created = consumerCreationSeconds(env);
  const consumerArn = `${streamArn}/consumer/${name}:${created}`;
  return {
    ref: consumerArn,
    // CloudFormation's documented attributes; the creation time as the Java handler writes an Instant.
    attributes: { ConsumerARN: consumerArn, ConsumerName: name, ConsumerStatus: "ACTIVE", ConsumerCreationTimestamp: new Date(created * 1000).toISOString().replace(".000Z", "Z"), StreamARN: streamArn },
    strict: true,
  };
};

/** A consumer's creation second, fixed per resource (2020 onwards). */
export function consumerCreationSeconds(env: Pick<IdentityEnv, "id">): number {
  return Date.UTC(2020, 0, 1) / 1000 + (parseInt(env.id(8, "hex", "consumer"), 16) % (5 * 365 * 24 * 3600));
}

const layer: Maker = (env) => {
  const name = env.prop("LayerName") ?? env.generated({ maxLength: 64 });
  const layerArn = arn(env, "lambda", `layer:${name}:1`);
  return { ref: layerArn, attributes: { LayerVersionArn: layerArn }, strict: false };
};

const lambdaVersion: Maker = (env) => {
  const fn = functionArnOf(env);
  return { ref: `${fn}:1`, attributes: { Version: "1", FunctionArn: fn }, strict: false };
};

const lambdaAlias: Maker = (env) => {
  const name = env.prop("Name") ?? env.logicalId;
  const aliasArn = `${functionArnOf(env)}:${name}`;
  // Ref and Fn::GetAtt AliasArn are both the alias's ARN (CDK's AliasReference reads AliasArn).
  return { ref: aliasArn, attributes: { AliasArn: aliasArn }, strict: false };
};

const functionUrl: Maker = (env) => {
  const target = env.prop("TargetFunctionArn") ?? env.logicalId;
  const functionArn = target.startsWith("arn:") ? target : arn(env, "lambda", `function:${target}`);
  const qualifier = env.prop("Qualifier");
  const qualified = qualifier && !functionArn.endsWith(`:${qualifier}`) ? `${functionArn}:${qualifier}` : functionArn;
  return {
    ref: env.id(12, "mixed"),
    attributes: { FunctionUrl: `https://${env.id(32, "lower")}.lambda-url.${env.region}.on.aws/`, FunctionArn: qualified },
    strict: false,
  };
};

/**
 * A nested stack: Ref is its stack id, Fn::GetAtt reads Outputs.<Name> of its child template and
 * StackId, ParentId, RootId, StackStatus (AWS::CloudFormation::Stack's return values). A child that
 * cannot be run (a Serverless Application Repository application) keeps its id, with placeholder outputs.
 */
const nestedStack: Maker = (env) => {
  const child = env.nested?.();
  if (!child) {
    const name = nestedStackName(env.stackName, env.logicalId);
    return { ref: stackArn(env.partition, env.region, env.accountId, name), attributes: {}, strict: false };
  }
  const outputs = Object.fromEntries(Object.entries(child.outputs).map(([name, value]) => [`Outputs.${name}`, value]));
  return {
    ref: child.stackId,
    attributes: { ...outputs, StackId: child.stackId, ParentId: child.parentId, RootId: child.rootId, StackStatus: "CREATE_COMPLETE" },
    strict: true,
  };
};

function functionArnOf(env: IdentityEnv): string {
  const fn = env.prop("FunctionName") ?? env.logicalId;
  return fn.startsWith("arn:") ? fn.replace(/(:function:[^:]+):.*$/, "$1") : arn(env, "lambda", `function:${fn}`);
}

function isTrue(value: unknown): boolean {
  return value === true || value === "true";
}

const MAKERS: Record<string, Maker> = {
  "AWS::Serverless::Function": lambdaFunction,
  "AWS::Lambda::Function": lambdaFunction,
  "AWS::Lambda::Version": lambdaVersion,
  "AWS::Lambda::Alias": lambdaAlias,
  "AWS::Lambda::Url": functionUrl,
  "AWS::Lambda::LayerVersion": layer,
  "AWS::Serverless::LayerVersion": layer,
  "AWS::Lambda::EventSourceMapping": (env) => ({ ref: env.uuid(), attributes: { Id: env.uuid() }, strict: false }),
  "AWS::DynamoDB::Table": table,
  "AWS::DynamoDB::GlobalTable": table,
  "AWS::Serverless::SimpleTable": (env) => ({ ...table(env), attributes: { Arn: table(env).attributes.Arn } }),
  "AWS::Serverless::Api": restApi,
  "AWS::ApiGateway::RestApi": restApi,
  "AWS::Serverless::HttpApi": httpApi,
  "AWS::ApiGatewayV2::Api": httpApi,
  "AWS::ApiGatewayV2::Integration": shortId(7, "IntegrationId"),
  "AWS::ApiGatewayV2::Route": shortId(7, "RouteId"),
  "AWS::ApiGatewayV2::RouteResponse": shortId(6, "RouteResponseId"),
  "AWS::ApiGatewayV2::Authorizer": shortId(6, "AuthorizerId"),
  "AWS::ApiGatewayV2::Deployment": shortId(6, "DeploymentId"),
  "AWS::ApiGatewayV2::Stage": named("StageName"),
  "AWS::ApiGateway::Resource": shortId(6, "ResourceId"),
  "AWS::ApiGateway::Deployment": shortId(6, "DeploymentId"),
  "AWS::ApiGateway::Authorizer": shortId(6, "AuthorizerId"),
  "AWS::ApiGateway::Stage": named("StageName"),
  "AWS::ApiGateway::ApiKey": shortId(10, "APIKeyId"),
  "AWS::ApiGateway::UsagePlan": shortId(6, "Id"),
  "AWS::IAM::Role": role,
  "AWS::IAM::ManagedPolicy": managedPolicy,
  "AWS::IAM::User": iamNamed("UserName", "user"),
  "AWS::IAM::Group": iamNamed("GroupName", "group"),
  "AWS::IAM::InstanceProfile": iamNamed("InstanceProfileName", "instance-profile"),
  "AWS::SNS::Topic": topic,
  "AWS::SQS::Queue": queue,
  "AWS::S3::Bucket": bucket,
  "AWS::StepFunctions::StateMachine": stateMachine,
  "AWS::Serverless::StateMachine": stateMachine,
  "AWS::Cognito::UserPool": userPool,
  "AWS::Cognito::UserPoolClient": userPoolClient,
  "AWS::Cognito::IdentityPool": identityPool,
  // Ref and Id of a role attachment are its identity pool's id (CloudFormation's "Return values").
  "AWS::Cognito::IdentityPoolRoleAttachment": (env) => {
    const id = env.prop("IdentityPoolId") ?? `${env.region}:${env.uuid()}`;
    return { ref: id, attributes: { Id: id }, strict: true };
  },
  // Ref of a principal tag map is its primary identifier, the pool's id and the provider's name
  // (CloudFormation's resource schema: IdentityPoolId and IdentityProviderName).
  "AWS::Cognito::IdentityPoolPrincipalTag": (env) => ({ ref: `${env.prop("IdentityPoolId") ?? ""}|${env.prop("IdentityProviderName") ?? ""}`, attributes: {}, strict: true }),
  "AWS::Cognito::UserPoolDomain": (env) => ({ ref: env.prop("Domain") ?? env.logicalId, attributes: { CloudFrontDistribution: `${env.id(14, "lower")}.cloudfront.net` }, strict: false }),
  "AWS::Cognito::UserPoolGroup": named("GroupName"),
  // Ref of a user is its user name (CloudFormation's "Return values").
  "AWS::Cognito::UserPoolUser": named("Username"),
  "AWS::Cognito::UserPoolResourceServer": named("Identifier"),
  // A managed login style's id is a UUID (ManagedLoginBrandingIdType), stable across starts; Ref is
  // its primary identifier, the pool's id and the style's (CloudFormation's resource schema).
  "AWS::Cognito::ManagedLoginBranding": (env) => {
    const id = env.uuid();
    return { ref: `${env.prop("UserPoolId") ?? ""}|${id}`, attributes: { ManagedLoginBrandingId: id }, strict: true };
  },
  "AWS::Logs::LogGroup": logGroup,
  // Ref of a filter or policy is its name (CloudFormation's "Return values").
  "AWS::Logs::MetricFilter": named("FilterName"),
  "AWS::Logs::SubscriptionFilter": named("FilterName"),
  "AWS::Logs::ResourcePolicy": named("PolicyName"),
  "AWS::XRay::Group": xrayGroup,
  "AWS::XRay::SamplingRule": xraySamplingRule,
  "AWS::XRay::ResourcePolicy": named("PolicyName"),
  "AWS::Events::Rule": eventRule,
  "AWS::CloudWatch::Alarm": cloudWatchAlarm,
  "AWS::CloudWatch::CompositeAlarm": cloudWatchAlarm,
  // Ref of a dashboard is its name (DashboardName, else one CloudFormation generates).
  "AWS::CloudWatch::Dashboard": named("DashboardName"),
  "AWS::Scheduler::Schedule": schedulerSchedule,
  "AWS::Scheduler::ScheduleGroup": schedulerScheduleGroup,
  "AWS::Events::EventBus": eventBus,
  "AWS::Events::Archive": eventArchive,
  "AWS::SecretsManager::Secret": secret,
  "AWS::SSM::Parameter": ssmParameter,
  "AWS::KMS::Key": kmsKey,
  "AWS::KMS::Alias": named("AliasName"),
  "AWS::Kinesis::Stream": kinesis,
  "AWS::Kinesis::StreamConsumer": streamConsumer,
  "AWS::SES::EmailIdentity": sesEmailIdentity,
  "AWS::SES::Template": sesTemplate,
  "AWS::SES::ConfigurationSet": named("Name"),
  // Ref of an event destination is its name (EventDestination.Name), generated when absent.
  "AWS::SES::ConfigurationSetEventDestination": (env) => {
    const destination = env.value("EventDestination");
    const name = typeof destination === "object" && destination !== null && typeof (destination as { Name?: unknown }).Name === "string" ? (destination as { Name: string }).Name : undefined;
    return { ref: name ?? env.generated({ maxLength: 64 }), attributes: {}, strict: false };
  },
  "AWS::CloudFormation::Stack": nestedStack,
  "AWS::Serverless::Application": nestedStack,
  // CDK's BucketDeployment (the sandbox fills the bucket): `deployment.deployedBucket` reads DestinationBucketArn.
  "Custom::CDKBucketDeployment": (env) => ({
    ref: `aws.cdk.s3deployment.${env.uuid()}`,
    attributes: { DestinationBucketArn: `arn:${env.partition}:s3:::${env.prop("DestinationBucketName") ?? ""}` },
    strict: false,
  }),
};

/** Any other type: a generated name, and an ARN in the common "<service>:<region>:<account>:<type>/<name>" form. */
const generic: Maker = (env) => {
  const name = env.generated({ maxLength: L.MAX_GENERIC_NAME_LENGTH });
  const [, service = "unknown", kind = "resource"] = env.type.split("::");
  return { ref: name, attributes: { Arn: arn(env, service.toLowerCase(), `${kind.toLowerCase()}/${name}`) }, strict: false };
};

export function makeIdentity(env: IdentityEnv): Identity {
  return (MAKERS[env.type] ?? generic)(env);
}
