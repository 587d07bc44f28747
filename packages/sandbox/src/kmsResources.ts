/**
 * The template's KMS keys and aliases, made real at start-up: each AWS::KMS::Key under the key id
 * the template gave it (its !Ref, so a function's environment names a key that exists), each
 * AWS::KMS::Alias pointing at its key. A later start-up keeps a key's material, so data encrypted
 * under it still decrypts.
 */
import type { Kms, TemplateKeyInput } from "@sam-sandbox/kms";
import type { AppModel } from "@sam-sandbox/template";
import { templateResourceError } from "./templateResourceError.js";

const KEY = "AWS::KMS::Key";
const ALIAS = "AWS::KMS::Alias";

const of = (app: AppModel, type: string) => Object.values(app.resources).filter((r) => r.type === type);

export const hasKmsResources = (app: AppModel): boolean => of(app, KEY).length > 0 || of(app, ALIAS).length > 0;

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** AWS::KMS::Key's properties as a key (KeyPolicy is a JSON object in templates; Tags a Key/Value list). */
function keyInput(p: Record<string, unknown>): TemplateKeyInput {
  const tags = Array.isArray(p.Tags) ? p.Tags.filter((t): t is Record<string, unknown> => typeof t === "object" && t !== null) : [];
  const policy = p.KeyPolicy === undefined ? undefined : typeof p.KeyPolicy === "string" ? p.KeyPolicy : JSON.stringify(p.KeyPolicy);
  const input: TemplateKeyInput = { Tags: tags.map((t) => ({ TagKey: String(t.Key), TagValue: String(t.Value ?? "") })) };
  const description = str(p.Description);
  if (description !== undefined) input.Description = description;
  if (policy !== undefined) input.Policy = policy;
  const spec = str(p.KeySpec);
  if (spec !== undefined) input.KeySpec = spec;
  const usage = str(p.KeyUsage);
  if (usage !== undefined) input.KeyUsage = usage;
  if (p.EnableKeyRotation === true || p.EnableKeyRotation === "true") input.EnableKeyRotation = true;
  if (p.RotationPeriodInDays !== undefined) input.RotationPeriodInDays = Number(p.RotationPeriodInDays);
  if (p.Enabled === false || p.Enabled === "false") input.Enabled = false;
  return input;
}

export async function createTemplateKmsResources(kms: Kms, app: AppModel): Promise<void> {
  for (const resource of of(app, KEY)) {
    try {
      await kms.engine.putTemplateKey(resource.ref, keyInput(resource.properties));
    } catch (error) {
      throw templateResourceError(app, resource, error);
    }
  }
  for (const resource of of(app, ALIAS)) {
    try {
      await kms.engine.putTemplateAlias(String(resource.properties.AliasName ?? resource.ref), String(resource.properties.TargetKeyId ?? ""));
    } catch (error) {
      throw templateResourceError(app, resource, error);
    }
  }
}
