/**
 * Template Parameters of type AWS::SSM::Parameter::Value<…>: their Default (or override) names an SSM
 * parameter and !Ref gives its value, which CloudFormation reads from Parameter Store at deploy time.
 * The sandbox reads them at start-up from its own Parameter Store (parameters put in an earlier run,
 * kept in .sandbox/) and from the template's AWS::SSM::Parameter resources, then loads the template
 * again with those values (LoadTemplateOptions.ssmParameterValues).
 */
import { SandboxError } from "@sam-sandbox/core";
import type { Ssm } from "@sam-sandbox/ssm";
import type { AppModel } from "@sam-sandbox/template";

/**
 * Every CDK template reads /cdk-bootstrap/<qualifier>/version, which `cdk bootstrap` puts in the account.
 * The sandbox needs no bootstrap stack: a missing one reads as this version (CDK's CheckBootstrapVersion rule wants 6 or more).
 */
const CDK_BOOTSTRAP_VERSION = "21";
const CDK_BOOTSTRAP_VERSION_PARAMETER = /^\/cdk-bootstrap\/[^/]+\/version$/;

/**
 * Whether start-up reads Parameter Store for AWS::SSM::Parameter::Value<…> parameters: not for none, and
 * not for CDK's bootstrap version alone when nothing but the (unevaluated) Rules reads it.
 */
export function needsSsmTypedParameters(app: AppModel): boolean {
  return app.parameters.some((p) => p.ssmType !== undefined && (p.referenced === true || !CDK_BOOTSTRAP_VERSION_PARAMETER.test(p.value)));
}

/** Whether the template must be loaded again with the values: resources or outputs read one of them. */
export function readsSsmTypedParameters(app: AppModel): boolean {
  return app.parameters.some((p) => p.ssmType !== undefined && p.referenced === true);
}

/** Values read for parameters nothing reads: only DescribeStacks shows them (ResolvedValue). */
export function recordResolvedValues(app: AppModel, values: Record<string, string>): void {
  for (const p of app.parameters) if (Object.hasOwn(values, p.name)) p.resolvedValue = values[p.name];
}

/**
 * Template parameter name → the named SSM parameter's value. A name found nowhere fails start-up
 * with CloudFormation's message, as it fails the deploy; so does a SecureString, which
 * CloudFormation does not read into parameters.
 */
export function readSsmTypedParameters(app: AppModel, ssm: Ssm): Record<string, string> {
  // The template's own parameters, as they will be put at start-up.
  const own = new Map<string, { value: string; type: string }>();
  for (const r of Object.values(app.resources)) {
    if (r.type === "AWS::SSM::Parameter") own.set(r.ref, { value: String(r.properties.Value ?? ""), type: String(r.properties.Type ?? "String") });
  }
  const values: Record<string, string> = {};
  const missing: AppModel["parameters"] = [];
  const secure: AppModel["parameters"] = [];
  for (const p of app.parameters) {
    if (p.ssmType === undefined) continue;
    const found = own.get(p.value) ?? ssm.engine.lookup(p.value) ??
      (CDK_BOOTSTRAP_VERSION_PARAMETER.test(p.value) ? { value: CDK_BOOTSTRAP_VERSION, type: "String" } : undefined);
    if (!found) missing.push(p);
    else if (found.type === "SecureString") secure.push(p);
    else values[p.name] = found.value;
  }
  const names = (list: AppModel["parameters"]) => list.map((p) => p.value).join(", ");
  const where = (list: AppModel["parameters"]) => ({ file: app.templateFile, ...(list[0]?.line ? { line: list[0].line } : {}) });
  if (missing.length > 0) {
    // CloudFormation's ValidationError for an SSM-typed parameter naming no parameter.
    throw new SandboxError(`Unable to fetch parameters [${names(missing)}] from parameter store for this account.`, {
      ...where(missing),
      hint: `Define ${missing.length === 1 ? "it" : "them"} in the template as AWS::SSM::Parameter, or put ${missing.length === 1 ? "it" : "them"} with ` +
        `"aws ssm put-parameter --name ${missing[0]?.value ?? ""} --type String --value …" against a sandbox running on this app's .sandbox/ data; ` +
        `--parameter-overrides ${missing[0]?.name ?? ""}=<name> names another SSM parameter.`,
    });
  }
  if (secure.length > 0) {
    throw new SandboxError(`Parameters [${names(secure)}] referenced by template have types not supported by CloudFormation.`, {
      ...where(secure),
      hint: "CloudFormation does not read SecureString parameters into template parameters: use a dynamic reference {{resolve:ssm-secure:name}} instead.",
    });
  }
  return values;
}
