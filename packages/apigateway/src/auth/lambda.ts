/**
 * Lambda authorizers: identity sources checked first (a missing one is 401 without a call),
 * the function called with its event, its answer (an IAM policy, or HTTP APIs' simple
 * {isAuthorized, context}) cached by identity for AuthorizerResultTtlInSeconds of the Clock,
 * and the policy evaluated against each request's own method ARN.
 */
import { RegexTimedOut, runRegex, type Clock, type LambdaInvoker, type Logger } from "@sam-sandbox/core";
import type { GatewayResponse } from "../errors.js";
import type { EventInput } from "../http/incoming.js";
import type { LambdaAuthorizerConfig } from "./config.js";
import { AuthorizerConfigurationError, AuthorizerFailureHttp, ExplicitDeny, ForbiddenHttp, ImplicitDeny, UnauthorizedHttp, UnauthorizedRest } from "./errors.js";
import { executeApiArn, identityValue } from "./identity.js";
import { authorizerEvent } from "./lambdaEvent.js";
import { isRecord, parsePayload } from "../http/outgoing.js";
import { evaluatePolicy, parsePolicy, type Policy } from "./policy.js";
import { MAX_REGEX_MS } from "../limits.js";

/** A Lambda authorizer's answer, as cached. */
type Answer =
  | { kind: "simple"; isAuthorized: boolean; context: Record<string, unknown> | undefined }
  | { kind: "policy"; principalId: string | undefined; policy: Policy; context: Record<string, unknown> | undefined; usageIdentifierKey?: string };

export type Verdict = { ok: true; authorizer: Record<string, unknown>; usageIdentifierKey?: string } | { ok: false; error: GatewayResponse };

export interface LambdaAuthorizerDeps {
  invoker: LambdaInvoker;
  clock: Clock;
  logger: Logger;
}

export class LambdaAuthorizer {
  private readonly cache = new Map<string, { expires: number; answer: Answer }>();
  private readonly validation: string | undefined;

  constructor(private readonly config: LambdaAuthorizerConfig, private readonly deps: LambdaAuthorizerDeps) {
    // Compiled here so that a bad expression fails at start-up; matched on the regex worker (guardedRegex.ts).
    this.validation = config.validationExpression ? new RegExp(`^(?:${config.validationExpression})$`).source : undefined;
  }

  async authorize(input: EventInput): Promise<Verdict> {
    const rest = input.api.kind === "rest";
    const unauthorized = () => ({ ok: false as const, error: rest ? new UnauthorizedRest() : new UnauthorizedHttp() });
    const identity: string[] = [];
    for (const source of this.config.identitySources) {
      const value = identityValue(input, source);
      if (value === undefined) return unauthorized();
      identity.push(value);
    }
    if (this.validation !== undefined && !validates(this.validation, identity[0] ?? "")) return unauthorized();

    const key = identity.join("\u0000");
    const cached = this.config.ttlSeconds > 0 && identity.length > 0 ? this.cache.get(key) : undefined;
    let answer: Answer | "unauthorized" | "failed";
    let latency = 0;
    if (cached && cached.expires > this.deps.clock.now()) {
      answer = cached.answer;
    } else {
      const started = this.deps.clock.now();
      answer = await this.call(input, identity);
      latency = this.deps.clock.now() - started;
      if (typeof answer !== "string" && this.config.ttlSeconds > 0 && identity.length > 0) {
        this.cache.set(key, { expires: this.deps.clock.now() + this.config.ttlSeconds * 1000, answer });
      }
    }
    if (answer === "unauthorized") return unauthorized();
    if (answer === "failed") return { ok: false, error: rest ? new AuthorizerConfigurationError() : new AuthorizerFailureHttp() };
    return this.decide(input, answer, latency);
  }

  private decide(input: EventInput, answer: Answer, latency: number): Verdict {
    const rest = input.api.kind === "rest";
    if (answer.kind === "simple") {
      if (!answer.isAuthorized) return { ok: false, error: new ForbiddenHttp() };
      return { ok: true, authorizer: { lambda: answer.context ?? {} } };
    }
    const decision = evaluatePolicy(answer.policy, executeApiArn(input));
    if (decision !== "Allow") {
      if (!rest) return { ok: false, error: new ForbiddenHttp() };
      return { ok: false, error: decision === "ExplicitDeny" ? new ExplicitDeny() : new ImplicitDeny() };
    }
    const usage = answer.usageIdentifierKey === undefined ? {} : { usageIdentifierKey: answer.usageIdentifierKey };
    if (rest) {
      // REST APIs pass context values to the function as strings, with principalId and the authorizer's latency.
      const context = Object.fromEntries(Object.entries(answer.context ?? {}).map(([k, v]) => [k, String(v)]));
      return { ok: true, authorizer: { ...context, principalId: answer.principalId ?? null, integrationLatency: latency }, ...usage };
    }
    if (this.config.payloadFormatVersion === "1.0") {
      return { ok: true, authorizer: { ...(answer.context ?? {}), principalId: answer.principalId ?? null, integrationLatency: latency } };
    }
    return { ok: true, authorizer: { lambda: answer.context ?? {} } };
  }

  /** Invokes the function; "unauthorized" when it failed with the message "Unauthorized", "failed" for any other failure. */
  private async call(input: EventInput, identity: string[]): Promise<Answer | "unauthorized" | "failed"> {
    const { functionName } = this.config;
    const payload = Buffer.from(JSON.stringify(authorizerEvent(this.config, input, identity)));
    let result;
    try {
      result = await this.deps.invoker.invoke({ functionName, payload, invocationType: "RequestResponse", source: "apigateway" });
    } catch (error) {
      this.deps.logger.warn(`API Gateway could not invoke authorizer ${this.config.name} (${functionName}): ${error instanceof Error ? error.message : String(error)}`);
      return "failed";
    }
    const body = parsePayload(result.payload)?.value;
    if (result.functionError) {
      // The blueprints' documented way to answer 401: fail with the message "Unauthorized".
      if (isRecord(body) && body.errorMessage === "Unauthorized") return "unauthorized";
      this.deps.logger.warn(`Authorizer ${this.config.name} (${functionName}) failed: ${isRecord(body) ? String(body.errorMessage) : "unknown error"}`);
      return "failed";
    }
    const answer = this.parse(body, input.api.kind === "rest");
    if (!answer) {
      this.deps.logger.warn(`Authorizer ${this.config.name} (${functionName}) answered no valid ${this.simple() ? "simple response ({isAuthorized, context})" : "IAM policy"}`);
      return "failed";
    }
    return answer;
  }

  private simple(): boolean {
    return this.config.simpleResponses === true && this.config.payloadFormatVersion !== "1.0";
  }

  private parse(body: unknown, rest: boolean): Answer | undefined {
    if (!isRecord(body)) return undefined;
    const context = body.context;
    if (context !== undefined && context !== null && !isRecord(context)) return undefined;
    const ctx = isRecord(context) ? context : undefined;
    // REST APIs accept only strings, numbers and booleans as context values.
    if (rest && ctx && Object.values(ctx).some((v) => typeof v === "object" && v !== null)) return undefined;
    if (this.simple()) {
      if (typeof body.isAuthorized !== "boolean") return undefined;
      return { kind: "simple", isAuthorized: body.isAuthorized, context: ctx };
    }
    const policy = parsePolicy(body.policyDocument);
    if (!policy) return undefined;
    const principalId = typeof body.principalId === "string" ? body.principalId : undefined;
    const usage = typeof body.usageIdentifierKey === "string" ? { usageIdentifierKey: body.usageIdentifierKey } : {};
    return { kind: "policy", principalId, policy, context: ctx, ...usage };
  }
}

/** A token the validationExpression cannot decide on within its deadline does not validate (guardedRegex.ts). */
function validates(source: string, token: string): boolean {
  try {
    return runRegex({ op: "test", source, flags: "", text: token }, MAX_REGEX_MS);
  } catch (error) {
    if (error instanceof RegexTimedOut) return false;
    throw error;
  }
}
