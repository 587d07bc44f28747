/**
 * `$context` of a REST API mapping template, from what the gateway knows about the request.
 */
import { clfTime } from "../http/incoming.js";
import { resourceId } from "../http/v1-request.js";

export interface RequestFacts {
  requestId: string;
  extendedRequestId: string;
  accountId: string;
  apiId: string;
  stage: string;
  resourcePath: string;
  path: string;
  httpMethod: string;
  domainName: string;
  sourceIp: string;
  userAgent: string;
  protocol: string;
  /** Epoch milliseconds. */
  requestTimeEpoch: number;
  /** What the request's authorizer passed: principalId and the context keys of a Lambda authorizer, the claims of a Cognito one. */
  authorizer?: Record<string, unknown>;
  /** The API key of a method that requires one. */
  apiKey?: { id: string; value: string };
}

export function mappingContext(facts: RequestFacts): Record<string, unknown> {
  return {
    requestId: facts.requestId,
    extendedRequestId: facts.extendedRequestId,
    accountId: facts.accountId,
    apiId: facts.apiId,
    stage: facts.stage,
    resourcePath: facts.resourcePath,
    path: facts.path,
    httpMethod: facts.httpMethod,
    domainName: facts.domainName,
    domainPrefix: facts.domainName.split(".")[0],
    protocol: facts.protocol,
    requestTime: clfTime(facts.requestTimeEpoch),
    requestTimeEpoch: facts.requestTimeEpoch,
    // $context.authorizer.principalId / .<key> / .claims.<name> (absent keys render empty).
    authorizer: facts.authorizer ?? {},
    resourceId: resourceId(facts.apiId, facts.resourcePath),
    // What is not known is null, as the reference documents $context.identity.apiKey "for methods that don't
    // require an API key": it renders as nothing and is false in #if (an empty string would be true).
    identity: { sourceIp: facts.sourceIp, userAgent: facts.userAgent, apiKey: facts.apiKey?.value, apiKeyId: facts.apiKey?.id },
  };
}
