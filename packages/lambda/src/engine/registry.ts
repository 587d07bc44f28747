/**
 * The functions the sandbox runs — the template's and those created through the API —
 * with their published versions, aliases, tags and asynchronous invocation settings,
 * found by name, full ARN or partial ARN plus an optional qualifier (version or alias).
 */
import { createHash, randomUUID } from "node:crypto";
import { ValidationException } from "@sam-sandbox/core";
import type { LambdaFunctionConfig } from "../index.js";
import { InvalidParameterValueException, ResourceNotFoundException, messages } from "../errors.js";
import { FUNCTION_NAME_PATTERN, LATEST_VERSION, MAX_FUNCTION_NAME_INPUT_LENGTH, NAMESPACED_FUNCTION_NAME_PATTERN_TEXT } from "../limits.js";
import { lambdaTimestamp } from "./apiContext.js";

/** One version of a function: $LATEST (changes) or a published number (frozen). */
export interface VersionRecord {
  readonly version: string;
  readonly config: LambdaFunctionConfig;
  /** "2026-01-01T00:00:00.000+0000", as Lambda formats LastModified. */
  readonly lastModified: string;
  readonly codeSha256: string;
  readonly codeSize: number;
  readonly revisionId: string;
  /** A published version: $LATEST's Description when it was published (PublishVersion may give the version another). */
  readonly latestDescription?: string;
}

export interface AliasRecord {
  readonly name: string;
  readonly functionVersion: string;
  readonly description: string;
  readonly revisionId: string;
  /** AdditionalVersionWeights: another version and the share of calls it gets. */
  readonly routing?: Readonly<Record<string, number>>;
}

export interface DestinationSettings {
  onSuccess?: string;
  onFailure?: string;
}

/** PutFunctionEventInvokeConfig. */
export interface EventInvokeConfig {
  readonly maximumRetryAttempts?: number;
  readonly maximumEventAgeInSeconds?: number;
  readonly destinations: DestinationSettings;
  readonly lastModified: number;
}

/** One statement of a resource-based policy, in the order and shape Lambda writes it. */
export type PolicyStatement = Readonly<Record<string, unknown>> & { readonly Sid: string };

export class FunctionRecord {
  latest: VersionRecord;
  readonly versions = new Map<string, VersionRecord>();
  readonly aliases = new Map<string, AliasRecord>();
  tags: Record<string, string> = {};
  /** Keyed by qualifier ($LATEST, a version or an alias). */
  readonly eventInvokeConfigs = new Map<string, EventInvokeConfig>();
  /** Resource-based policy statements (AddPermission), keyed by qualifier ($LATEST, a version or an alias). */
  readonly policies = new Map<string, PolicyStatement[]>();
  /** PutProvisionedConcurrencyConfig, keyed by qualifier (a version or an alias). */
  readonly provisionedConcurrency = new Map<string, { requested: number; lastModified: string }>();
  /** PutFunctionRecursionConfig: "Terminate" (Lambda's default) or "Allow". */
  recursiveLoop = "Terminate";
  /** PutRuntimeManagementConfig, keyed by qualifier ($LATEST or a version). */
  readonly runtimeManagement = new Map<string, { updateRuntimeOn: string; runtimeVersionArn?: string }>();
  /** PutFunctionCodeSigningConfig. */
  codeSigningConfigArn?: string;
  nextVersion = 1;

  constructor(latest: VersionRecord) {
    this.latest = latest;
  }

  get name(): string {
    return this.latest.config.functionName;
  }

  /** A version or alias was deleted: its policy and per-qualifier settings go with it. */
  forget(qualifier: string): void {
    this.policies.delete(qualifier);
    this.provisionedConcurrency.delete(qualifier);
    this.runtimeManagement.delete(qualifier);
  }

  /** The $LATEST configuration. */
  get config(): LambdaFunctionConfig {
    return this.latest.config;
  }
}

/** What a name and qualifier designate: a function, one of its versions, maybe through an alias. */
export interface Resolved {
  record: FunctionRecord;
  version: VersionRecord;
  /** The qualifier as given (an alias name, a version, $LATEST), if any. */
  qualifier?: string;
  alias?: AliasRecord;
}

const NAME = new RegExp(`^${FUNCTION_NAME_PATTERN}$`);

/** What NAME finds in a function name or ARN: the function's name, the qualifier it carries. */
interface NameParts {
  name: string;
  qualifier: string | undefined;
}

/** Names and ARNs matched so far, up to MAX_PARSED_NAMES (then forgotten at once). */
const parsedNames = new Map<string, NameParts>();
const MAX_PARSED_NAMES = 1000;

/**
 * NAME's parts of a name or ARN; undefined when it does not match. Step Functions names the
 * function by its ARN on every Task: the match is made once per ARN, not on every invocation
 * (resolve() by ARN: 117 → 22 ns).
 */
function nameParts(functionName: string): NameParts | undefined {
  const known = parsedNames.get(functionName);
  if (known !== undefined) return known;
  const m = functionName.length > MAX_FUNCTION_NAME_INPUT_LENGTH ? null : NAME.exec(functionName);
  if (!m) return undefined;
  const parts: NameParts = { name: m[7] ?? functionName, qualifier: m[9] };
  if (parsedNames.size >= MAX_PARSED_NAMES) parsedNames.clear();
  parsedNames.set(functionName, parts);
  return parts;
}

export class FunctionRegistry {
  private readonly byName = new Map<string, FunctionRecord>();

  constructor(
    functions: readonly LambdaFunctionConfig[],
    private readonly region: string,
    private readonly accountId: string,
    private readonly now: () => number,
  ) {
    for (const config of functions) {
      const digest = createHash("sha256").update(JSON.stringify(config)).digest();
      const record = this.add(config, { codeSha256: digest.toString("base64"), codeSize: 0 });
      record.tags = { ...config.tags };
      const invokeConfig = config.eventInvokeConfig;
      if (invokeConfig) {
        record.eventInvokeConfigs.set(invokeConfig.qualifier, {
          maximumRetryAttempts: invokeConfig.maximumRetryAttempts,
          maximumEventAgeInSeconds: invokeConfig.maximumEventAgeInSeconds,
          destinations: { onSuccess: invokeConfig.onSuccess, onFailure: invokeConfig.onFailure },
          lastModified: now(),
        });
      }
    }
  }

  /** Registers a new function ($LATEST only). */
  add(config: LambdaFunctionConfig, code: { codeSha256: string; codeSize: number }): FunctionRecord {
    const record = new FunctionRecord(this.versionRecord(LATEST_VERSION, config, code));
    this.byName.set(config.functionName, record);
    return record;
  }

  delete(functionName: string): void {
    this.byName.delete(functionName);
  }

  /** A new $LATEST: configuration or code changed (a new LastModified and RevisionId). */
  updateLatest(record: FunctionRecord, config: LambdaFunctionConfig, code?: { codeSha256: string; codeSize: number }): VersionRecord {
    record.latest = this.versionRecord(LATEST_VERSION, config, code ?? record.latest);
    return record.latest;
  }

  /** PublishVersion: a frozen copy of $LATEST, unless $LATEST has not changed since the last one. */
  publish(record: FunctionRecord, description?: string): VersionRecord {
    const last = record.versions.get(String(record.nextVersion - 1));
    // A changed Description is a change too: AWS publishes a new version for it (localstack test_version_lifecycle).
    const unchanged = last && last.codeSha256 === record.latest.codeSha256 && sameConfig(last.config, record.latest.config) && (last.latestDescription ?? last.config.description) === record.latest.config.description;
    if (last && unchanged && description === undefined) return last;
    const version = String(record.nextVersion++);
    const config = { ...record.latest.config, arn: `${record.latest.config.arn}:${version}`, description: description ?? record.latest.config.description };
    const published = { ...this.versionRecord(version, config, record.latest), latestDescription: record.latest.config.description };
    record.versions.set(version, published);
    // Publishing gives $LATEST a new RevisionId too (localstack test_lambda_permission_fn_versioning, recorded on AWS).
    record.latest = { ...record.latest, revisionId: this.newRevisionId() };
    return published;
  }

  /** A policy change gives the version or alias it applies to a new RevisionId, as on Lambda. */
  renewRevision(resolved: Resolved): void {
    const { record, alias, version } = resolved;
    if (alias) record.aliases.set(alias.name, { ...alias, revisionId: this.newRevisionId() });
    else if (version.version === LATEST_VERSION) record.latest = { ...record.latest, revisionId: this.newRevisionId() };
    else record.versions.set(version.version, { ...version, revisionId: this.newRevisionId() });
  }

  newRevisionId(): string {
    return randomUUID();
  }

  list(): FunctionRecord[] {
    return [...this.byName.values()];
  }

  /** A function by its name, if it exists. */
  find(functionName: string): FunctionRecord | undefined {
    return this.byName.get(functionName);
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  /** Name, ARN or partial ARN → the function's name and the qualifier it carries; validated. */
  parse(functionName: string, qualifier?: string): { name: string; qualifier?: string } {
    // A registered function's plain name (every API Gateway call) is valid as it is.
    if (this.byName.has(functionName)) return { name: functionName, qualifier };
    const parts = nameParts(functionName);
    if (parts === undefined) {
      throw new ValidationException(
        messages.validation(functionName, "functionName", `Member must satisfy regular expression pattern: ${NAMESPACED_FUNCTION_NAME_PATTERN_TEXT}`),
      );
    }
    const derived = parts.qualifier;
    if (derived !== undefined && qualifier !== undefined && qualifier !== derived) {
      throw new InvalidParameterValueException(messages.qualifierMismatch());
    }
    return { name: parts.name, qualifier: derived ?? qualifier };
  }

  /** The function, or ResourceNotFoundException with AWS's text. */
  get(functionName: string): FunctionRecord {
    const { name } = this.parse(functionName);
    const record = this.byName.get(name);
    if (!record) throw new ResourceNotFoundException(messages.functionNotFound(this.arnOf(name)));
    return record;
  }

  /**
   * Finds a function version (by qualifier: version, alias or $LATEST); throws AWS's ResourceNotFoundException.
   * `invoking`: Invoke names a missing function's $LATEST (localstack test_lambda.snapshot.json
   * test_invoke_exceptions, recorded on AWS in November 2025); the other operations name the function alone.
   */
  resolve(functionName: string, qualifier?: string, invoking = false): Resolved {
    const parsed = this.parse(functionName, qualifier);
    const record = this.byName.get(parsed.name);
    const q = parsed.qualifier;
    const arn = record?.config.arn ?? this.arnOf(parsed.name);
    if (!record) {
      const named = q ?? (invoking ? LATEST_VERSION : undefined);
      throw new ResourceNotFoundException(messages.functionNotFound(named === undefined ? arn : `${arn}:${named}`));
    }
    if (q === undefined || q === LATEST_VERSION) return { record, version: record.latest, qualifier: q };
    const version = record.versions.get(q);
    if (version) return { record, version, qualifier: q };
    const alias = record.aliases.get(q);
    const target = alias && (alias.functionVersion === LATEST_VERSION ? record.latest : record.versions.get(alias.functionVersion));
    if (alias && target) return { record, version: target, qualifier: q, alias };
    throw new ResourceNotFoundException(messages.functionNotFound(`${arn}:${q}`));
  }

  arnOf(name: string): string {
    return `arn:aws:lambda:${this.region}:${this.accountId}:function:${name}`;
  }

  private versionRecord(version: string, config: LambdaFunctionConfig, code: { codeSha256: string; codeSize: number }): VersionRecord {
    return {
      version,
      config,
      lastModified: lambdaTimestamp(this.now()),
      codeSha256: code.codeSha256,
      codeSize: code.codeSize,
      revisionId: this.newRevisionId(),
    };
  }
}

function sameConfig(a: LambdaFunctionConfig, b: LambdaFunctionConfig): boolean {
  const strip = (c: LambdaFunctionConfig) => JSON.stringify({ ...c, arn: "", description: "" });
  return strip(a) === strip(b);
}
