/**
 * @sam-sandbox/template — reads an AWS SAM template or a CDK-synthesized CloudFormation
 * template into the AppModel the sandbox runs.
 */
export { emptyApp, loadTemplate } from "./load.js";
export type { LoadTemplateOptions } from "./load.js";
export { findTemplate } from "./find.js";
export { isZipFile, serverlessPackage, unpackedDir } from "./functions/code.js";
/** A strict JSON reader whose mistakes name their line and column (JSON.parse does not always). */
export { parseJson } from "./parse/json.js";
export { LAMBDA_RUNTIMES, EMULATED_RUNTIME_PREFIXES } from "./runtimes.js";
export { EMULATED_TYPES } from "./support.js";
// Where a CDK asset (an S3Key `cdk synth` publishes) is in cdk.out: layers' Content, BucketDeployment sources.
export { assetForObjectKey, type CdkAsset } from "./cdk/assets.js";
// {{resolve:ssm:…}} / {{resolve:secretsmanager:…}}, resolved by the sandbox at start-up.
export { findDynamicReferences, parseDynamicReference, resolveDynamicReferences, type DynamicReference } from "./dynamicReferences.js";
// The physical name CloudFormation gives a resource without one (EventBridge rules SAM events generate).
export { generatedName } from "./names.js";
// Nested stacks' resources run under "<NestedStack>/<LogicalId>": the stack a logical id belongs to.
export { NESTED_ID_SEPARATOR, stackOfLogicalId } from "./nested.js";
export type * from "./model.js";
// What a SAM function's events invoke: the function, or its AutoPublishAlias.
export { eventTarget, type EventTarget } from "./functions/target.js";
// A REST API created through API Gateway's control plane, served from its deployed stage's OpenAPI export.
export { deployedRestApi, parseApiDefinition, type DeployedRestApiOptions } from "./apis/deployedRestApi.js";
// An HTTP API created through API Gateway v2's control plane, served from its stage's deployment.
export { deployedHttpApi, deployedWebSocketApi, type DeployedHttpStage } from "./apis/deployedHttpApi.js";
