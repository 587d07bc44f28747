/**
 * The functions the sandbox runs, found by name, full ARN or partial ARN, with an
 * optional version qualifier ("$LATEST" is the only version: functions are not published).
 */
import { createHash } from "node:crypto";
import { ValidationException } from "@sam-sandbox/core";
import type { LambdaFunctionConfig } from "../index.js";
import { InvalidParameterValueException, ResourceNotFoundException, messages } from "../errors.js";
import { FUNCTION_NAME_PATTERN, LATEST_VERSION, MAX_FUNCTION_NAME_INPUT_LENGTH } from "../limits.js";

export interface FunctionRecord {
  readonly config: LambdaFunctionConfig;
  /** "2026-01-01T00:00:00.000+0000", as Lambda formats LastModified. */
  readonly lastModified: string;
  readonly codeSha256: string;
  readonly revisionId: string;
}

const NAME = new RegExp(`^${FUNCTION_NAME_PATTERN}$`);

export class FunctionRegistry {
  private readonly byName = new Map<string, FunctionRecord>();

  constructor(
    functions: readonly LambdaFunctionConfig[],
    private readonly region: string,
    private readonly accountId: string,
    now: number,
  ) {
    const lastModified = new Date(now).toISOString().replace("Z", "+0000");
    for (const config of functions) {
      const digest = createHash("sha256").update(JSON.stringify(config)).digest();
      this.byName.set(config.functionName, {
        config,
        lastModified,
        codeSha256: digest.toString("base64"),
        revisionId: formatUuid(digest.toString("hex")),
      });
    }
  }

  list(): FunctionRecord[] {
    return [...this.byName.values()];
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  /** Finds a function; throws ResourceNotFoundException with AWS's text when it does not exist. */
  resolve(functionName: string, qualifier?: string): FunctionRecord {
    if (functionName.length > MAX_FUNCTION_NAME_INPUT_LENGTH || !NAME.test(functionName)) {
      throw new ValidationException(
        messages.validation(functionName, "functionName", `Member must satisfy regular expression pattern: ${FUNCTION_NAME_PATTERN}`),
      );
    }
    const m = NAME.exec(functionName);
    const name = m?.[7] ?? functionName;
    const derived = m?.[9];
    if (derived !== undefined && qualifier !== undefined && qualifier !== derived) {
      throw new InvalidParameterValueException(messages.qualifierMismatch());
    }
    const version = derived ?? qualifier;
    const record = this.byName.get(name);
    if (!record || (version !== undefined && version !== LATEST_VERSION)) {
      const arn = record?.config.arn ?? this.arnOf(name);
      throw new ResourceNotFoundException(messages.functionNotFound(version === undefined ? arn : `${arn}:${version}`));
    }
    return record;
  }

  arnOf(name: string): string {
    return `arn:aws:lambda:${this.region}:${this.accountId}:function:${name}`;
  }
}

function formatUuid(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
