/**
 * AWS-shaped errors. Every client-visible failure is an AwsError carrying AWS's
 * error code, message text and HTTP status; each protocol serializes it as AWS does.
 */
export class AwsError extends Error {
  readonly code: string;
  readonly statusCode: number;
  /** Extra members AWS puts in the error body (e.g. CancellationReasons, Item). */
  readonly extra: Record<string, unknown>;
  /** "Sender" (client) or "Receiver" (server) fault, as awsQuery/restXml report it. */
  readonly fault: "Sender" | "Receiver";

  constructor(code: string, message: string, statusCode = 400, extra: Record<string, unknown> = {}) {
    super(message);
    this.name = code;
    this.code = code;
    this.statusCode = statusCode;
    this.extra = extra;
    this.fault = statusCode >= 500 ? "Receiver" : "Sender";
  }
}

/** The generic input-validation failure most AWS services share. */
export class ValidationException extends AwsError {
  constructor(message: string) {
    super("ValidationException", message, 400);
  }
}

export class UnknownOperationException extends AwsError {
  constructor(message = "") {
    super("UnknownOperationException", message, 400);
  }
}

export class SerializationException extends AwsError {
  constructor(message: string) {
    super("SerializationException", message, 400);
  }
}

export class InternalFailure extends AwsError {
  constructor(message = "An internal error occurred.") {
    super("InternalFailure", message, 500);
  }
}

/**
 * A mistake in the user's configuration (template, CLI options, handler files).
 * Shown to the user as one clear message, never with a stack trace.
 */
export class SandboxError extends Error {
  /** File the mistake is in, when known. */
  readonly file?: string;
  /** 1-based line in that file, when known. */
  readonly line?: number;
  /** What the user should do next. */
  readonly hint?: string;

  constructor(message: string, where: { file?: string; line?: number; hint?: string } = {}) {
    super(message);
    this.name = "SandboxError";
    this.file = where.file;
    this.line = where.line;
    this.hint = where.hint;
  }

  /** "template.yaml:12: message\n  hint" */
  format(): string {
    const at = this.file ? `${this.file}${this.line ? `:${this.line}` : ""}: ` : "";
    return `${at}${this.message}${this.hint ? `\n  ${this.hint}` : ""}`;
  }
}

export function isAwsError(error: unknown): error is AwsError {
  return error instanceof AwsError;
}
