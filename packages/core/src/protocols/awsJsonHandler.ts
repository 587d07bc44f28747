/**
 * The request loop every awsJson service shares: X-Amz-Target → action, body → input,
 * AWS's model validation, the engine call, and AWS-shaped errors. A service declares
 * its actions and how it differs (error texts, which check comes first); a failure that
 * is not an AwsError is logged and answered as the service's internal error, never thrown.
 */
import { AwsError, InternalFailure, UnknownOperationException } from "../errors.js";
import type { EdgeRequest, EdgeResponse } from "../http.js";
import type { Logger } from "../logger.js";
import { requestId } from "../ids.js";
import { jsonErrorResponse, jsonResponse, parseJsonBody, rawJsonResponse, targetAction, type AwsJsonOptions } from "./awsJson.js";

/** Runs one action on the engine; `req` for the few actions that read a header. */
export type AwsJsonAction<Engine> = (engine: Engine, input: Record<string, unknown>, req: EdgeRequest) => unknown;

export interface AwsJsonServiceSpec<Engine> {
  protocol: AwsJsonOptions;
  /** The service's name in log lines ("CloudWatch Logs"). */
  label: string;
  actions: Record<string, AwsJsonAction<Engine>>;
  /** AWS's model check of an action's input; undefined when the model has no such action. */
  validatorFor: (action: string) => ((input: Record<string, unknown>) => void) | undefined;
  /** Only targets with this prefix name an action (services sharing a signing name). */
  targetPrefix?: string;
  /** The error for an action the service does not run (default: a bare UnknownOperationException). */
  unknownAction?: (action: string) => AwsError;
  /** Parses the body before looking at the action, as DynamoDB does. */
  parseFirst?: boolean;
  parseBody?: (body: Buffer) => Record<string, unknown>;
  /** What a crash is answered with (default: InternalFailure). */
  internalError?: () => AwsError;
  /** An action's answer as JSON text, where JSON.stringify would not write it as AWS does (undefined: stringified). */
  outputJson?: (action: string, output: unknown) => string | undefined;
}

export function createAwsJsonHandler<Engine>(
  engine: Engine,
  spec: AwsJsonServiceSpec<Engine>,
  logger: Logger,
): (req: EdgeRequest) => Promise<EdgeResponse> {
  const parse = spec.parseBody ?? parseJsonBody;
  const unknown = spec.unknownAction ?? (() => new UnknownOperationException());
  const prefix = spec.targetPrefix === undefined ? undefined : `${spec.targetPrefix}.`;
  return async (req) => {
    const id = requestId();
    try {
      const early = spec.parseFirst ? parse(req.body) : undefined;
      const target = req.headers["x-amz-target"];
      const action = prefix === undefined || target?.startsWith(prefix) ? (targetAction(req) ?? "") : "";
      const run = Object.hasOwn(spec.actions, action) ? spec.actions[action] : undefined;
      const validate = run === undefined ? undefined : spec.validatorFor(action);
      if (run === undefined || validate === undefined) throw unknown(action);
      const input = early ?? parse(req.body);
      validate(input);
      const output = await run(engine, input, req);
      const text = spec.outputJson?.(action, output);
      return text === undefined ? jsonResponse(spec.protocol, id, output) : rawJsonResponse(spec.protocol, id, text);
    } catch (error) {
      if (error instanceof AwsError) return jsonErrorResponse(spec.protocol, id, error);
      logger.error(`${spec.label}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return jsonErrorResponse(spec.protocol, id, spec.internalError ? spec.internalError() : new InternalFailure());
    }
  };
}
