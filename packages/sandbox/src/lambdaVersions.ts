/**
 * The template's AWS::Lambda::Version and AWS::Lambda::Alias resources (CDK writes them for
 * `fn.currentVersion` and `new lambda.Alias`, SAM for a function's AutoPublishAlias), made through
 * the Lambda API at start-up as CloudFormation makes them: PublishVersion, then CreateAlias
 * (UpdateAlias for one kept from an earlier run), then the alias's ProvisionedConcurrencyConfig.
 * Permissions, integrations and events naming `function:<name>:<alias>` then find it. The
 * template's functions are made anew at each start, so unchanged code publishes version 1 again,
 * never 2, 3… (PublishVersion of an unchanged $LATEST returns the latest version, as on Lambda).
 */
import type { Logger } from "@sam-sandbox/core";
import type { AppModel } from "@sam-sandbox/template";
import type { ServiceDispatcher } from "./dispatcher.js";

export async function createTemplateVersionsAndAliases(dispatcher: ServiceDispatcher, app: AppModel, logger: Logger): Promise<void> {
  const resources = Object.values(app.resources);
  const names = new Set(app.functions.flatMap((fn) => [fn.functionName, fn.arn]));
  // Version "1" in the template (identity.ts) is what PublishVersion gives a function's first version.
  const published = new Map<string, string>();
  for (const version of resources.filter((r) => r.type === "AWS::Lambda::Version")) {
    const functionName = version.properties.FunctionName;
    if (typeof functionName !== "string" || !names.has(functionName)) continue;
    try {
      const out = await dispatcher.call("lambda", "PublishVersion", { FunctionName: functionName });
      if (typeof out.Version === "string") published.set(`${functionName}:${version.attributes.Version ?? "1"}`, out.Version);
    } catch (error) {
      logger.warn(`${version.logicalId}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  for (const alias of resources.filter((r) => r.type === "AWS::Lambda::Alias")) {
    const { FunctionName: functionName, Name: name, FunctionVersion: version, ProvisionedConcurrencyConfig: provisioned } = alias.properties;
    if (typeof functionName !== "string" || !names.has(functionName) || typeof name !== "string" || typeof version !== "string") continue;
    const input = { FunctionName: functionName, Name: name, FunctionVersion: published.get(`${functionName}:${version}`) ?? version };
    try {
      try {
        await dispatcher.call("lambda", "CreateAlias", input);
      } catch (error) {
        if (!(error instanceof Error && "code" in error && error.code === "ResourceConflictException")) throw error;
        await dispatcher.call("lambda", "UpdateAlias", input);
      }
      const executions = typeof provisioned === "object" && provisioned !== null ? (provisioned as Record<string, unknown>).ProvisionedConcurrentExecutions : undefined;
      if (executions !== undefined) {
        await dispatcher.call("lambda", "PutProvisionedConcurrencyConfig", { FunctionName: functionName, Qualifier: name, ProvisionedConcurrentExecutions: Number(executions) });
      }
    } catch (error) {
      logger.warn(`${alias.logicalId}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
