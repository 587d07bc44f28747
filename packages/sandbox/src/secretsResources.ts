/**
 * The template's configuration and secrets, made real at start-up: AWS::SSM::Parameter in
 * Parameter Store, AWS::SecretsManager::Secret (SecretString or GenerateSecretString) in
 * Secrets Manager, then every dynamic reference ({{resolve:ssm:…}}, {{resolve:ssm-secure:…}},
 * {{resolve:secretsmanager:…}}) replaced by its value, as CloudFormation does at deploy time.
 * A reference to nothing fails start-up, as it fails a deploy.
 */
import { SandboxError } from "@sam-sandbox/core";
import type { SecretsManager } from "@sam-sandbox/secretsmanager";
import type { Ssm } from "@sam-sandbox/ssm";
import { findDynamicReferences, resolveDynamicReferences, stackOfLogicalId, type AppModel, type DynamicReference, type ResolvedResource } from "@sam-sandbox/template";
import { templateResourceError } from "./templateResourceError.js";

const PARAMETER = "AWS::SSM::Parameter";
const SECRET = "AWS::SecretsManager::Secret";

const of = (app: AppModel, type: string) => Object.values(app.resources).filter((r) => r.type === type);

/** Whether start-up needs Parameter Store / Secrets Manager (their resources or references to them). */
export function secretsNeeds(app: AppModel): { ssm: boolean; secretsManager: boolean } {
  const refs = Object.values(app.resources).flatMap((r) => findDynamicReferences(r.properties));
  return {
    ssm: of(app, PARAMETER).length > 0 || refs.some((r) => r.service !== "secretsmanager"),
    secretsManager: of(app, SECRET).length > 0 || refs.some((r) => r.service === "secretsmanager"),
  };
}

/** Template parameters exist at start-up; an unchanged one keeps its version, a changed one gets a new version. */
export async function createTemplateParameters(ssm: Ssm, app: AppModel): Promise<void> {
  for (const resource of of(app, PARAMETER)) {
    const p = resource.properties;
    const name = resource.ref;
    const value = String(p.Value ?? "");
    const type = String(p.Type ?? "String");
    try {
      const current = ssm.engine.lookup(name);
      if (current?.value === value && current.type === type) continue;
      await ssm.engine.putParameter({
        Name: name, Value: value, Type: type as "String" | "StringList", Overwrite: current !== undefined,
        ...(typeof p.Description === "string" ? { Description: p.Description } : {}),
        ...(typeof p.AllowedPattern === "string" ? { AllowedPattern: p.AllowedPattern } : {}),
        ...(typeof p.Tier === "string" ? { Tier: p.Tier as "Standard" | "Advanced" | "Intelligent-Tiering" } : {}),
        ...(typeof p.DataType === "string" ? { DataType: p.DataType } : {}),
      });
      // AWS::SSM::Parameter's Tags are a map; PutParameter takes no tags with Overwrite.
      const tags = isRecord(p.Tags) ? Object.entries(p.Tags).map(([Key, Value]) => ({ Key, Value: String(Value) })) : [];
      if (tags.length > 0) await ssm.engine.addTagsToResource({ ResourceType: "Parameter", ResourceId: name, Tags: tags });
    } catch (error) {
      throw templateResourceError(app, resource, error);
    }
  }
}

/** GenerateSecretString → the secret's first value (CloudFormation generates it once, on create). */
function generated(sm: SecretsManager, app: AppModel, resource: ResolvedResource, spec: Record<string, unknown>): string {
  const { SecretStringTemplate: template, GenerateStringKey: key, ...options } = spec;
  if ((template === undefined) !== (key === undefined)) {
    throw new SandboxError(`${SECRET} ${resource.logicalId}: GenerateSecretString needs both SecretStringTemplate and GenerateStringKey, or neither`, {
      file: stackOfLogicalId(app, resource.logicalId).templateFile, line: resource.line,
    });
  }
  const password = sm.engine.getRandomPassword(options as Parameters<SecretsManager["engine"]["getRandomPassword"]>[0]).RandomPassword;
  if (template === undefined) return password;
  let base: unknown;
  try {
    base = JSON.parse(String(template));
  } catch {
    base = undefined;
  }
  if (!isRecord(base)) {
    throw new SandboxError(`${SECRET} ${resource.logicalId}: SecretStringTemplate must be a JSON object, not ${String(template)}`, { file: stackOfLogicalId(app, resource.logicalId).templateFile, line: resource.line });
  }
  return JSON.stringify({ ...base, [String(key)]: password });
}

/** Template secrets exist at start-up with the ARN their !Ref gave; one kept from an earlier run keeps its value unless SecretString changed. */
export async function createTemplateSecrets(sm: SecretsManager, app: AppModel): Promise<void> {
  for (const resource of of(app, SECRET)) {
    const p = resource.properties;
    const arn = resource.ref;
    // "arn:…:secret:<name>-XXXXXX" → <name>.
    const name = arn.slice(arn.indexOf(":secret:") + ":secret:".length, -7);
    try {
      const existing = sm.engine.lookup(arn) !== undefined || sm.engine.lookup(name) !== undefined;
      if (existing) {
        if (typeof p.SecretString === "string" && sm.engine.lookup(name)?.secretString !== p.SecretString) {
          await sm.engine.putSecretValue({ SecretId: name, SecretString: p.SecretString });
        }
        continue;
      }
      const value = typeof p.SecretString === "string" ? p.SecretString : generated(sm, app, resource, isRecord(p.GenerateSecretString) ? p.GenerateSecretString : {});
      const tags = Array.isArray(p.Tags) ? p.Tags.filter(isRecord).map((t) => ({ Key: String(t.Key), Value: String(t.Value) })) : [];
      await sm.engine.createSecret({
        Name: name, SecretString: value, Tags: tags,
        ...(typeof p.Description === "string" ? { Description: p.Description } : {}),
        ...(typeof p.KmsKeyId === "string" ? { KmsKeyId: p.KmsKeyId } : {}),
      }, arn);
    } catch (error) {
      throw error instanceof SandboxError ? error : templateResourceError(app, resource, error);
    }
  }
}

/** Replaces every dynamic reference of the AppModel by its value; a reference to nothing is a SandboxError naming it. */
export function resolveTemplateReferences(app: AppModel, ssm: Ssm | undefined, sm: SecretsManager | undefined): void {
  // The resource holding a reference, for the error's line.
  const holder = new Map<string, ResolvedResource>();
  for (const r of Object.values(app.resources)) for (const ref of findDynamicReferences(r.properties)) if (!holder.has(ref.text)) holder.set(ref.text, r);
  const cache = new Map<string, string>();
  resolveDynamicReferences(app, (ref) => {
    const known = cache.get(ref.text);
    if (known !== undefined) return known;
    const fail = (why: string) => {
      const r = holder.get(ref.text);
      return new SandboxError(`${r ? `${r.logicalId}: ` : ""}dynamic reference ${ref.text} cannot be resolved: ${why}`, {
        file: r ? stackOfLogicalId(app, r.logicalId).templateFile : app.templateFile,
        ...(r?.line ? { line: r.line } : {}),
        hint: ref.service === "secretsmanager"
          ? "Create the secret first (aws secretsmanager create-secret --endpoint-url <edge>), or define it in the template as AWS::SecretsManager::Secret."
          : "Create the parameter first (aws ssm put-parameter --endpoint-url <edge>), or define it in the template as AWS::SSM::Parameter.",
      });
    };
    const value = resolveOne(ref, ssm, sm, fail);
    cache.set(ref.text, value);
    return value;
  });
}

function resolveOne(ref: DynamicReference, ssm: Ssm | undefined, sm: SecretsManager | undefined, fail: (why: string) => SandboxError): string {
  if (ref.service === "secretsmanager") {
    const found = sm?.engine.lookup(ref.secretId, ref.versionStage, ref.versionId);
    if (!found) throw fail(`no secret ${ref.secretId}${ref.versionStage ? ` with staging label ${ref.versionStage}` : ""}${ref.versionId ? ` and version ${ref.versionId}` : ""}`);
    if (found.secretString === undefined) throw fail(`the secret ${ref.secretId} holds a binary value, not a SecretString`);
    if (ref.jsonKey === undefined) return found.secretString;
    let json: unknown;
    try {
      json = JSON.parse(found.secretString);
    } catch {
      throw fail(`the secret ${ref.secretId} is not JSON, so it has no key ${ref.jsonKey}`);
    }
    const value = isRecord(json) ? json[ref.jsonKey] : undefined;
    if (value === undefined) throw fail(`the secret ${ref.secretId} has no key ${ref.jsonKey}`);
    return typeof value === "string" ? value : JSON.stringify(value);
  }
  const found = ssm?.engine.lookup(ref.version ? `${ref.name}:${ref.version}` : ref.name);
  if (!found) throw fail(`no parameter ${ref.name}${ref.version ? ` version ${ref.version}` : ""}`);
  if (ref.service === "ssm" && found.type === "SecureString") throw fail(`${ref.name} is a SecureString: use {{resolve:ssm-secure:${ref.name}}}`);
  if (ref.service === "ssm-secure" && found.type !== "SecureString") throw fail(`${ref.name} is a ${found.type}, not a SecureString: use {{resolve:ssm:${ref.name}}}`);
  return found.value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
