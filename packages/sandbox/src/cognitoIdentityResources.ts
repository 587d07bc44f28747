/**
 * The template's AWS::Cognito::IdentityPool, IdentityPoolRoleAttachment and IdentityPoolPrincipalTag, created in Cognito
 * identity pools at start-up with the ids the template resolved (Ref → "us-east-1:<uuid>",
 * stable across restarts). Starting again updates pools and roles in place and keeps identities.
 */
import type { CognitoIdentity } from "@sam-sandbox/cognito";
import type { AppModel, ResolvedResource } from "@sam-sandbox/template";

const IDENTITY_TYPES = new Set(["AWS::Cognito::IdentityPool", "AWS::Cognito::IdentityPoolRoleAttachment", "AWS::Cognito::IdentityPoolPrincipalTag"]);

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const bool = (value: unknown): boolean | undefined => (value === undefined ? undefined : value === true || value === "true");

function byType(app: AppModel, type: string): ResolvedResource[] {
  return Object.values(app.resources).filter((r) => r.type === type);
}

export function hasIdentityPoolResources(app: AppModel): boolean {
  return Object.values(app.resources).some((r) => IDENTITY_TYPES.has(r.type));
}

/** CloudFormation's IdentityPool properties as CreateIdentityPool's input (tags as a map, YAML strings made booleans). */
function poolInput(resource: ResolvedResource): Record<string, unknown> {
  const p = resource.properties;
  const input: Record<string, unknown> = {
    IdentityPoolName: typeof p.IdentityPoolName === "string" ? p.IdentityPoolName : (resource.attributes.Name ?? resource.logicalId),
    AllowUnauthenticatedIdentities: bool(p.AllowUnauthenticatedIdentities) ?? false,
  };
  if (p.AllowClassicFlow !== undefined) input.AllowClassicFlow = bool(p.AllowClassicFlow);
  for (const key of ["SupportedLoginProviders", "DeveloperProviderName", "OpenIdConnectProviderARNs", "SamlProviderARNs"]) if (p[key] !== undefined) input[key] = p[key];
  if (Array.isArray(p.CognitoIdentityProviders)) {
    input.CognitoIdentityProviders = p.CognitoIdentityProviders.filter(isRecord).map((c) => ({ ...c, ...(c.ServerSideTokenCheck !== undefined ? { ServerSideTokenCheck: bool(c.ServerSideTokenCheck) } : {}) }));
  }
  if (Array.isArray(p.IdentityPoolTags)) {
    input.IdentityPoolTags = Object.fromEntries(p.IdentityPoolTags.filter(isRecord).map((t) => [String(t.Key), String(t.Value)]));
  }
  return input;
}

/** RoleMappings: each entry keyed by its IdentityProvider (or by its own key when it names none), as SetIdentityPoolRoles wants. */
function roleMappings(value: unknown): Record<string, unknown> | undefined {
  if (!isRecord(value)) return undefined;
  const mappings: Record<string, unknown> = {};
  for (const [key, mapping] of Object.entries(value)) {
    if (!isRecord(mapping)) continue;
    const { IdentityProvider, ...rest } = mapping;
    mappings[typeof IdentityProvider === "string" ? IdentityProvider : key] = rest;
  }
  return mappings;
}

export async function createTemplateIdentityPoolResources(identity: CognitoIdentity, app: AppModel): Promise<void> {
  const engine = identity.engine;
  for (const pool of byType(app, "AWS::Cognito::IdentityPool")) await engine.createIdentityPool(poolInput(pool), pool.ref);
  for (const attachment of byType(app, "AWS::Cognito::IdentityPoolRoleAttachment")) {
    const p = attachment.properties;
    const mappings = roleMappings(p.RoleMappings);
    await engine.setIdentityPoolRoles({ IdentityPoolId: p.IdentityPoolId, Roles: isRecord(p.Roles) ? p.Roles : {}, ...(mappings ? { RoleMappings: mappings } : {}) });
  }
  for (const tags of byType(app, "AWS::Cognito::IdentityPoolPrincipalTag")) {
    const p = tags.properties;
    await engine.setPrincipalTagAttributeMap({
      IdentityPoolId: p.IdentityPoolId,
      IdentityProviderName: p.IdentityProviderName,
      UseDefaults: bool(p.UseDefaults) ?? false,
      ...(isRecord(p.PrincipalTags) ? { PrincipalTags: p.PrincipalTags } : {}),
    });
  }
}
