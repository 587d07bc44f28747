/**
 * Which resource types the sandbox runs, which it accepts silently because they only grant
 * permissions or set up infrastructure with no behaviour to emulate locally, and — by
 * elimination — which get one "not emulated yet" warning each.
 */
import { CDK_HOUSEKEEPING_TYPES, customResourceWarning, isCustomResourceType } from "./cdk/customResources.js";
import { NESTED_STACK_TYPES } from "./nested.js";

/** Types turned into functions, tables, APIs, state machines, topics, subscriptions and event source mappings (or read while building them). */
export const EMULATED_TYPES = new Set([
  "AWS::Serverless::Function",
  "AWS::Lambda::Function",
  "AWS::Serverless::SimpleTable",
  "AWS::DynamoDB::Table",
  "AWS::DynamoDB::GlobalTable",
  "AWS::Serverless::Api",
  "AWS::Serverless::HttpApi",
  "AWS::ApiGatewayV2::Api",
  "AWS::ApiGatewayV2::Route",
  "AWS::ApiGatewayV2::Integration",
  "AWS::ApiGatewayV2::Stage",
  "AWS::ApiGatewayV2::Deployment",
  "AWS::ApiGatewayV2::RouteResponse",
  "AWS::ApiGateway::RestApi",
  "AWS::ApiGateway::Resource",
  "AWS::ApiGateway::Method",
  "AWS::ApiGateway::Stage",
  "AWS::ApiGateway::Deployment",
  // Authorizers and API keys (apis/auth.ts).
  "AWS::ApiGateway::Authorizer",
  "AWS::ApiGatewayV2::Authorizer",
  "AWS::ApiGateway::ApiKey",
  "AWS::ApiGateway::UsagePlan",
  "AWS::ApiGateway::UsagePlanKey",
  // Request validation of the methods that name them (apis/validation.ts).
  "AWS::ApiGateway::RequestValidator",
  "AWS::ApiGateway::Model",
  // The API's customized gateway responses (apis/gatewayResponses.ts).
  "AWS::ApiGateway::GatewayResponse",
  "AWS::Serverless::StateMachine",
  "AWS::StepFunctions::StateMachine",
  "AWS::SNS::Topic",
  "AWS::SNS::Subscription",
  // Created in SQS by packages/sandbox (sqsResources.ts) from AppModel.resources; SAM SQS events poll them.
  "AWS::SQS::Queue",
  // Created in Kinesis by packages/sandbox (kinesisResources.ts) from AppModel.resources; SAM Kinesis events read them.
  "AWS::Kinesis::Stream",
  // Registered on its stream by packages/sandbox (kinesisResources.ts); a Kinesis event with its ARN reads the stream.
  "AWS::Kinesis::StreamConsumer",
  "AWS::S3::Bucket",
  // Created in CloudWatch Logs by packages/sandbox (logsResources.ts) from AppModel.resources.
  "AWS::Logs::QueryDefinition",
  "AWS::Logs::ResourcePolicy",
  // Created in the X-Ray service by packages/sandbox from AppModel.resources.
  "AWS::XRay::Group",
  "AWS::XRay::SamplingRule",
  "AWS::XRay::ResourcePolicy",
  // CDK's bucket.addEventNotification: applied to the bucket as its Lambda notifications.
  "Custom::S3BucketNotifications",
  // CDK's BucketDeployment: its source assets are put into the bucket at start-up (cdk/bucketDeployments.ts).
  "Custom::CDKBucketDeployment",
  // Mappings from DynamoDB streams run; other sources are reported by eventSources/mappings.ts.
  "AWS::Lambda::EventSourceMapping",
  // Applied to the function it names (functions/eventInvokeConfig.ts).
  "AWS::Lambda::EventInvokeConfig",
  // Served on the edge port by the function-URL front (SAM FunctionUrlConfig makes one too).
  "AWS::Lambda::Url",
  // Created in EventBridge by packages/sandbox (eventBridgeResources.ts) from AppModel.resources.
  "AWS::Events::Rule",
  "AWS::Events::EventBus",
  "AWS::Events::Archive",
  // Created in Cognito user pools by packages/sandbox (cognitoResources.ts) from AppModel.resources.
  "AWS::Cognito::UserPool",
  "AWS::Cognito::UserPoolClient",
  "AWS::Cognito::UserPoolGroup",
  "AWS::Cognito::UserPoolUser",
  "AWS::Cognito::UserPoolUserToGroupAttachment",
  "AWS::Cognito::UserPoolDomain",
  "AWS::Cognito::UserPoolResourceServer",
  "AWS::Cognito::UserPoolUICustomizationAttachment",
  "AWS::Cognito::UserPoolRiskConfigurationAttachment",
  "AWS::Cognito::ManagedLoginBranding",
  "AWS::Cognito::LogDeliveryConfiguration",
  // Created in Cognito identity pools by packages/sandbox (cognitoIdentityResources.ts).
  "AWS::Cognito::IdentityPool",
  "AWS::Cognito::IdentityPoolRoleAttachment",
  "AWS::Cognito::IdentityPoolPrincipalTag",
  // Created in Parameter Store / Secrets Manager by packages/sandbox (secretsResources.ts) from AppModel.resources.
  "AWS::SSM::Parameter",
  "AWS::SecretsManager::Secret",
  // Schedules (also those SAM generates for ScheduleV2 events) and schedule groups are created through
  // the Scheduler API by packages/sandbox (schedulerResources.ts).
  "AWS::Scheduler::Schedule",
  // Created through the CloudWatch API by packages/sandbox (cloudWatchResources.ts); the other CloudWatch types stay silent.
  "AWS::CloudWatch::Alarm",
  "AWS::CloudWatch::CompositeAlarm",
  "AWS::CloudWatch::Dashboard",
  "AWS::Scheduler::ScheduleGroup",
  // Created through the SES engine by packages/sandbox (sesResources.ts): identities verified at once.
  "AWS::SES::EmailIdentity",
  "AWS::SES::Template",
  "AWS::SES::ConfigurationSet",
  "AWS::SES::ConfigurationSetEventDestination",
  // Created in KMS by packages/sandbox (kmsResources.ts) under the key id the template gives them.
  "AWS::KMS::Key",
  "AWS::KMS::Alias",
  // Layer code is made importable by the functions that list the layer.
  "AWS::Serverless::LayerVersion",
  "AWS::Lambda::LayerVersion",
]);

/** Permissions, logging set-up, metadata, networking, DNS, certificates, deployment tooling. */
const SILENT_TYPES = new Set([
  "AWS::Lambda::Permission",
  "AWS::Lambda::Version",
  "AWS::Lambda::Alias",
  "AWS::Logs::LogGroup",
  "AWS::Logs::LogStream",
  "AWS::Logs::MetricFilter",
  "AWS::Logs::SubscriptionFilter",
  "AWS::CDK::Metadata",
  "AWS::ApiGateway::Account",
  "AWS::ApiGateway::DomainName",
  "AWS::ApiGateway::BasePathMapping",
  "AWS::ApiGatewayV2::DomainName",
  "AWS::ApiGatewayV2::ApiMapping",
  "AWS::CloudFormation::WaitCondition",
  "AWS::CloudFormation::WaitConditionHandle",
  "AWS::SNS::TopicPolicy",
  "AWS::SQS::QueuePolicy",
  "AWS::S3::BucketPolicy",
  // SAM connectors only become IAM policies and resource policies (sam init's web-conn), which grant nothing locally.
  "AWS::Serverless::Connector",
]);

const SILENT_PREFIXES = [
  "AWS::IAM::",
  "AWS::EC2::",
  "AWS::CloudWatch::",
  "AWS::ApplicationInsights::",
  "AWS::ResourceGroups::",
  "AWS::CertificateManager::",
  "AWS::Route53::",
  "AWS::XRay::",
  "AWS::CodeDeploy::",
  "AWS::ApplicationAutoScaling::",
];

export function isSilentType(type: string): boolean {
  return SILENT_TYPES.has(type) || CDK_HOUSEKEEPING_TYPES.includes(type) || SILENT_PREFIXES.some((prefix) => type.startsWith(prefix));
}

/** AppSync GraphQL APIs: SAM's (sam init's hello-gql) and CloudFormation's. */
const APPSYNC_API_TYPES = new Set(["AWS::Serverless::GraphQLApi", "AWS::AppSync::GraphQLApi"]);

/** The warning for a resource whose type changes the app's behaviour but is not emulated. */
export function unsupportedWarning(type: string, logicalId: string, properties: Record<string, unknown> = {}): string | undefined {
  if (EMULATED_TYPES.has(type) || isSilentType(type)) return undefined;
  if (isCustomResourceType(type)) return customResourceWarning(type, logicalId, properties);
  if (APPSYNC_API_TYPES.has(type)) {
    return `${type} ${logicalId} is an AppSync GraphQL API, which the sandbox does not emulate yet; skipped: its resolvers do not run, and Fn::GetAtt of it (GraphQLUrl) or of its API keys gives placeholder text. ` +
      "Its data sources still run: invoke a Lambda data source with `sandbox invoke <Function> -e <event>`, and reach its tables through the AWS endpoint";
  }
  // Run from their own templates (nested.ts), which warns when one cannot be found offline.
  if (NESTED_STACK_TYPES.has(type)) return undefined;
  return `${type} ${logicalId} is not emulated yet; skipped`;
}
