/**
 * PublishLayerVersion, GetLayerVersion, GetLayerVersionByArn, ListLayers, ListLayerVersions,
 * DeleteLayerVersion and the layer version permissions. A published layer's zip is extracted
 * to its own directory, which functions listing its ARN import from as they would from /opt.
 */
import { writeFile } from "node:fs/promises";
import { InvalidParameterValueException, PreconditionFailedException, ResourceConflictException, ResourceNotFoundException, messages } from "../errors.js";
import { layerContentLocation } from "./codePackage.js";
import { lambdaTimestamp, obj, page, str, strings, type ApiContext, type Input } from "./apiContext.js";
import { policyDocument, principalOf } from "./permissions.js";
import type { PolicyStatement } from "./registry.js";
import { storeZip } from "./zipCode.js";
import { packageOf } from "./s3Code.js";

export interface LayerVersionRecord {
  readonly layerName: string;
  readonly version: number;
  readonly layerArn: string;
  readonly layerVersionArn: string;
  readonly description: string;
  readonly createdDate: string;
  readonly compatibleRuntimes?: readonly string[];
  readonly compatibleArchitectures?: readonly string[];
  readonly licenseInfo?: string;
  readonly codeSha256: string;
  readonly codeSize: number;
  /** The extracted content (what Lambda puts in /opt). */
  readonly dir: string;
  readonly zipFile: string;
  policy?: { statements: PolicyStatement[]; revisionId: string };
}

/** The account's layers, by name, each with its versions (numbered from 1, never reused). */
export class Layers {
  private readonly byName = new Map<string, { versions: Map<number, LayerVersionRecord>; nextVersion: number }>();

  /** The extracted directory of a layer version published here, by its ARN. */
  dirOf(layerVersionArn: string): string | undefined {
    const m = /:layer:([^:]+):(\d+)$/.exec(layerVersionArn);
    return m ? this.byName.get(m[1] ?? "")?.versions.get(Number(m[2]))?.dir : undefined;
  }

  version(name: string, version: number): LayerVersionRecord | undefined {
    return this.byName.get(name)?.versions.get(version);
  }

  /** Newest first. */
  versions(name: string): LayerVersionRecord[] {
    return [...(this.byName.get(name)?.versions.values() ?? [])].sort((a, b) => b.version - a.version);
  }

  names(): string[] {
    return [...this.byName.keys()].sort();
  }

  nextVersion(name: string): number {
    let layer = this.byName.get(name);
    if (!layer) {
      layer = { versions: new Map(), nextVersion: 1 };
      this.byName.set(name, layer);
    }
    return layer.nextVersion++;
  }

  add(record: LayerVersionRecord): void {
    this.byName.get(record.layerName)?.versions.set(record.version, record);
  }

  delete(name: string, version: number): void {
    this.byName.get(name)?.versions.delete(version);
  }

  /** Each layer's versions and next version number (version numbers are never reused, even after a restart). */
  saved(): Array<{ name: string; nextVersion: number; versions: LayerVersionRecord[] }> {
    return [...this.byName].map(([name, layer]) => ({ name, nextVersion: layer.nextVersion, versions: [...layer.versions.values()] }));
  }

  /** A layer as saved() described it, from an earlier run. */
  restore(name: string, nextVersion: number, versions: readonly LayerVersionRecord[]): void {
    this.byName.set(name, { nextVersion, versions: new Map(versions.map((v) => [v.version, v])) });
  }
}

export interface LayerContext extends ApiContext {
  readonly layers: Layers;
  /** Where the edge serves published layer zips (Content.Location). */
  readonly edgeUrl: string;
}

export async function publishLayerVersion(ctx: LayerContext, input: Input): Promise<Record<string, unknown>> {
  const name = layerNameOf(String(input.LayerName));
  const content = obj(input, "Content") ?? {};
  const zip = await packageOf(content, ctx.s3);
  const bytes = typeof zip === "string" ? Buffer.from(zip, "base64") : zip;
  const stored = await storeZip(ctx.buildDir, name, bytes, ".layers");
  const zipFile = `${stored.codeDir}.zip`;
  await writeFile(zipFile, bytes);
  const version = ctx.layers.nextVersion(name);
  const layerArn = `arn:aws:lambda:${ctx.region}:${ctx.accountId}:layer:${name}`;
  const record: LayerVersionRecord = {
    layerName: name,
    version,
    layerArn,
    layerVersionArn: `${layerArn}:${version}`,
    description: str(input, "Description") ?? "",
    createdDate: lambdaTimestamp(ctx.clock.now()),
    // Lambda answers empty lists for settings not given (localstack test_layer_exceptions, recorded on AWS).
    compatibleRuntimes: strings(input, "CompatibleRuntimes") ?? [],
    compatibleArchitectures: strings(input, "CompatibleArchitectures") ?? [],
    licenseInfo: str(input, "LicenseInfo"),
    codeSha256: stored.codeSha256,
    codeSize: stored.codeSize,
    dir: stored.codeDir,
    zipFile,
  };
  ctx.layers.add(record);
  return layerVersionOutput(ctx, record);
}

export function getLayerVersion(ctx: LayerContext, input: Input): Record<string, unknown> {
  return layerVersionOutput(ctx, existing(ctx, String(input.LayerName), versionNumber(input)));
}

export function getLayerVersionByArn(ctx: LayerContext, input: Input): Record<string, unknown> {
  const m = /:layer:([a-zA-Z0-9-_]+):(\d+)$/.exec(String(input.Arn));
  const record = m && ctx.layers.version(m[1] ?? "", Number(m[2]));
  if (!record) throw new ResourceNotFoundException(messages.resourceDoesNotExist());
  return layerVersionOutput(ctx, record);
}

export function listLayers(ctx: LayerContext, input: Input): Record<string, unknown> {
  const items = ctx.layers.names().flatMap((name) => {
    const latest = ctx.layers.versions(name).find((v) => matches(v, input));
    return latest ? [{ LayerName: name, LayerArn: latest.layerArn, LatestMatchingVersion: listItem(latest) }] : [];
  });
  return page(items, input, "Layers");
}

export function listLayerVersions(ctx: LayerContext, input: Input): Record<string, unknown> {
  const versions = ctx.layers.versions(layerNameOf(String(input.LayerName))).filter((v) => matches(v, input));
  return page(versions.map(listItem), input, "LayerVersions");
}

/** Functions that use the version keep their copy, as on Lambda; deleting twice is no error. */
export function deleteLayerVersion(ctx: LayerContext, input: Input): void {
  ctx.layers.delete(layerNameOf(String(input.LayerName)), versionNumber(input));
}

export function addLayerVersionPermission(ctx: LayerContext, input: Input): Record<string, unknown> {
  const record = forPolicy(ctx, input);
  const policy = record.policy ?? { statements: [], revisionId: ctx.registry.newRevisionId() };
  const sid = String(input.StatementId);
  if (policy.statements.some((s) => s.Sid === sid)) throw new ResourceConflictException(messages.statementExists(sid));
  checkLayerRevision(str(input, "RevisionId"), policy.revisionId);
  const orgId = str(input, "OrganizationId");
  const statement: PolicyStatement = {
    Sid: sid,
    Effect: "Allow",
    Principal: principalOf(String(input.Principal)),
    Action: String(input.Action),
    Resource: record.layerVersionArn,
    ...(orgId !== undefined ? { Condition: { StringEquals: { "aws:PrincipalOrgID": orgId } } } : {}),
  };
  record.policy = { statements: [...policy.statements, statement], revisionId: ctx.registry.newRevisionId() };
  return { Statement: JSON.stringify(statement), RevisionId: record.policy.revisionId };
}

export function removeLayerVersionPermission(ctx: LayerContext, input: Input): void {
  const record = forPolicy(ctx, input);
  const sid = String(input.StatementId);
  const policy = record.policy;
  if (policy) checkLayerRevision(str(input, "RevisionId"), policy.revisionId);
  if (!policy || !policy.statements.some((s) => s.Sid === sid)) throw new ResourceNotFoundException(messages.statementNotFound(sid));
  record.policy = { statements: policy.statements.filter((s) => s.Sid !== sid), revisionId: ctx.registry.newRevisionId() };
}

export function getLayerVersionPolicy(ctx: LayerContext, input: Input): Record<string, unknown> {
  const record = forPolicy(ctx, input);
  if (!record.policy) throw new ResourceNotFoundException(messages.noPolicy());
  return { Policy: policyDocument(record.policy.statements), RevisionId: record.policy.revisionId };
}

function forPolicy(ctx: LayerContext, input: Input): LayerVersionRecord {
  const name = layerNameOf(String(input.LayerName));
  const version = versionNumber(input);
  const record = ctx.layers.version(name, version);
  if (!record) throw new ResourceNotFoundException(messages.layerVersionNotFound(`arn:aws:lambda:${ctx.region}:${ctx.accountId}:layer:${name}:${version}`));
  return record;
}

function existing(ctx: LayerContext, layerName: string, version: number): LayerVersionRecord {
  const record = ctx.layers.version(layerNameOf(layerName), version);
  if (!record) throw new ResourceNotFoundException(messages.resourceDoesNotExist());
  return record;
}

function checkLayerRevision(given: string | undefined, current: string): void {
  if (given !== undefined && given !== current) throw new PreconditionFailedException(messages.layerRevisionMismatch());
}

function versionNumber(input: Input): number {
  const version = Number(input.VersionNumber);
  if (!Number.isInteger(version) || version < 1) throw new InvalidParameterValueException(messages.layerVersionBelowOne());
  return version;
}

/** LayerName is a name or a layer ARN. */
function layerNameOf(layerName: string): string {
  return /:layer:([^:]+)$/.exec(layerName)?.[1] ?? layerName;
}

function matches(v: LayerVersionRecord, input: Input): boolean {
  const runtime = str(input, "CompatibleRuntime");
  const architecture = str(input, "CompatibleArchitecture");
  if (runtime !== undefined && !(v.compatibleRuntimes ?? []).includes(runtime)) return false;
  if (architecture !== undefined && !(v.compatibleArchitectures ?? []).includes(architecture)) return false;
  return true;
}

function listItem(v: LayerVersionRecord): Record<string, unknown> {
  return {
    LayerVersionArn: v.layerVersionArn,
    Version: v.version,
    Description: v.description,
    CreatedDate: v.createdDate,
    ...(v.compatibleRuntimes ? { CompatibleRuntimes: v.compatibleRuntimes } : {}),
    ...(v.licenseInfo !== undefined ? { LicenseInfo: v.licenseInfo } : {}),
    ...(v.compatibleArchitectures ? { CompatibleArchitectures: v.compatibleArchitectures } : {}),
  };
}

function layerVersionOutput(ctx: LayerContext, v: LayerVersionRecord): Record<string, unknown> {
  const { LayerVersionArn, Version, Description, CreatedDate, ...rest } = listItem(v);
  return {
    // Lambda answers a presigned S3 URL of the zip: the edge serves it (codePackage.ts).
    Content: { Location: layerContentLocation(ctx.edgeUrl, v.layerArn, v.version), CodeSha256: v.codeSha256, CodeSize: v.codeSize },
    LayerArn: v.layerArn,
    LayerVersionArn,
    Description,
    CreatedDate,
    Version,
    ...rest,
  };
}
