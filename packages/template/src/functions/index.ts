/** FunctionSpec from AWS::Serverless::Function (SAM) and AWS::Lambda::Function (CloudFormation, CDK). */
import { messages, templateError } from "../errors.js";
import { MAX_FUNCTION_NAME_LENGTH } from "../limits.js";
import type { FunctionSpec, ResolvedResource, SkippedFunction } from "../model.js";
import type { Stack } from "../stack.js";
import { isRecord } from "../util.js";
import { buildOf, commonFields, handlerAndRuntime, text, tracingMode, where } from "./common.js";
import type { FunctionContext } from "./common.js";
import { samEventInvokeConfig } from "./eventInvokeConfig.js";
import { loggingFields } from "./logging.js";
import { lambdaCode, samCode, warnMissingHandlerModule } from "./code.js";
import { cfnTagMap, SAM_FUNCTION_TAG, samResourceTags, samTagMap, stackTags } from "../stackTags.js";

export const FUNCTION_TYPES = ["AWS::Serverless::Function", "AWS::Lambda::Function"];

/** The function, or why the sandbox skips it (the warning it also adds). */
export function buildFunction(stack: Stack, resource: ResolvedResource, metadata: Record<string, unknown>): FunctionSpec | SkippedFunction {
  const fn: FunctionContext = {
    file: stack.info.file,
    logicalId: resource.logicalId,
    type: resource.type,
    line: resource.line,
    props: resource.properties,
    warnings: stack.warnings,
  };
  const sam = resource.type === "AWS::Serverless::Function";
  const code = fn.props.Code;
  if (fn.props.PackageType === "Image" || (!sam && isRecord(code) && code.ImageUri !== undefined) || (sam && fn.props.ImageUri !== undefined)) {
    const reason =
      `${resource.type} ${resource.logicalId} is a container image function (PackageType: Image), which needs Docker: the sandbox does not run it; skipped. ` +
      "To run it here, make it a .zip function: CodeUri (the directory its Dockerfile copies), Handler (the Dockerfile's CMD, e.g. app.lambdaHandler) and Runtime instead of PackageType and ImageUri";
    stack.warnings.add(reason);
    return { logicalId: resource.logicalId, reason };
  }
  const missing = sam
    ? messages.samResource(resource.logicalId, "Runtime and Handler needs to be present when PackageType is of type `Zip`")
    : `AWS::Lambda::Function ${resource.logicalId} needs Handler and Runtime when PackageType is Zip`;
  const { handler, runtime } = handlerAndRuntime(fn, missing);
  const functionName = resource.ref;
  if (!/^[a-zA-Z0-9_-]+$/.test(functionName) || functionName.length > MAX_FUNCTION_NAME_LENGTH) {
    // A name built with ${AWS::StackName} grows with the directory name the sandbox takes as the stack name.
    const fromStack = functionName.includes(stack.info.stackName)
      ? ` It contains the stack name "${stack.info.stackName}", which the sandbox takes from the template's directory: a shorter directory name gives a shorter function name.`
      : "";
    throw templateError(`FunctionName '${functionName}' of ${resource.logicalId} is not a valid Lambda function name`, where(fn, "FunctionName"),
      `Use up to ${MAX_FUNCTION_NAME_LENGTH} letters, digits, hyphens and underscores.${fromStack}`);
  }
  const tracingConfig = fn.props.TracingConfig;
  const { codeDir, codeZip } = sam ? samCode(fn, stack.info.dir, runtime) : lambdaCode(fn, stack.info.dir, runtime, metadata);
  const build = buildOf(fn, metadata);
  const common = commonFields(fn);
  warnFileSystems(fn);
  warnDurable(fn);
  // A build (esbuild EntryPoints) may name sources the handler's module is built from; an archive is not unpacked yet.
  if (build === undefined && codeZip === undefined) warnMissingHandlerModule(fn, handler, runtime, codeDir, common.layers);
  // A Ref to a parameter is resolved by now; sam/autoPublishAlias.ts refused any other intrinsic.
  const alias = sam && typeof fn.props.AutoPublishAlias === "string" && fn.props.AutoPublishAlias !== "" ? fn.props.AutoPublishAlias : undefined;
  return {
    logicalId: resource.logicalId,
    functionName,
    ...(alias !== undefined ? { autoPublishAlias: alias } : {}),
    arn: resource.attributes.Arn,
    handler,
    runtime,
    codeDir,
    ...(codeZip ? { codeZip } : {}),
    build,
    ...common,
    ...loggingFields(fn),
    tracing: tracingMode(sam ? fn.props.Tracing : isRecord(tracingConfig) ? tracingConfig.Mode : undefined),
    deadLetterTargetArn: deadLetterTarget(fn, sam),
    // SAM puts EventInvokeConfig on the alias when there is one (samtranslator _construct_event_invoke_config).
    eventInvokeConfig: sam ? samEventInvokeConfig(fn, alias ?? "$LATEST") : undefined,
    // SAM Schedule / ScheduleV2 events are read with the other events (sam/schedules.ts).
    schedules: [],
    tags: sam
      ? samResourceTags(stack.info, resource.logicalId, SAM_FUNCTION_TAG, samTagMap(fn.props.Tags), where(fn, "Tags"))
      : { ...cfnTagMap(fn.props.Tags), ...stackTags(stack.info, resource.logicalId) },
    line: resource.line,
  };
}

/** SAM `DeadLetterQueue: { Type: SNS | SQS, TargetArn }`; CloudFormation `DeadLetterConfig: { TargetArn }`. */
function deadLetterTarget(fn: FunctionContext, sam: boolean): string | undefined {
  const key = sam ? "DeadLetterQueue" : "DeadLetterConfig";
  const value = fn.props[key];
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw templateError(`${key} of ${fn.logicalId} must be a map with TargetArn`, where(fn, key));
  // samtranslator's _validate_dlq messages.
  if (sam && (!value.Type || !value.TargetArn)) {
    throw templateError(messages.samResource(fn.logicalId, "'DeadLetterQueue' requires Type and TargetArn properties to be specified."), where(fn, key));
  }
  if (sam && value.Type !== "SNS" && value.Type !== "SQS") {
    throw templateError(messages.samResource(fn.logicalId, "'DeadLetterQueue' requires Type of ['SQS', 'SNS']"), where(fn, key));
  }
  return text(fn, "TargetArn", value) || undefined;
}

/** Lambda durable functions (DurableConfig) checkpoint through an API the sandbox does not serve. */
function warnDurable(fn: FunctionContext): void {
  if (fn.props.DurableConfig === undefined || fn.props.DurableConfig === null) return;
  fn.warnings.add(
    `${fn.logicalId}: DurableConfig (a durable function) is not emulated; the function runs as an ordinary one, so a handler wrapped in withDurableExecution() fails with ` +
      '"Unexpected payload provided to start the durable execution". Test its steps with the durable execution SDK\'s testing library (LocalDurableTestRunner) instead',
  );
}

/** EFS mounts (FileSystemConfigs) have no local counterpart: code reading LocalMountPath finds nothing there. */
function warnFileSystems(fn: FunctionContext): void {
  const configs = fn.props.FileSystemConfigs;
  if (!Array.isArray(configs) || configs.length === 0) return;
  const paths = configs.map((c) => (isRecord(c) && typeof c.LocalMountPath === "string" ? c.LocalMountPath : "?")).join(", ");
  fn.warnings.add(`${fn.logicalId}: FileSystemConfigs (EFS mounted at ${paths}) is not emulated; the function runs without the mount, so reads and writes there fail`);
}
