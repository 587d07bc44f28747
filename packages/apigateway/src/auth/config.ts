/**
 * Authorization of an API, as packages/template resolves it from SAM `Auth` and
 * AWS::ApiGateway(V2)::Authorizer resources (its ApiSpec fields are assignable to these).
 */

/** A Lambda authorizer (REST TOKEN / REQUEST, HTTP API REQUEST). */
export interface LambdaAuthorizerConfig {
  /** The authorizer's name (SAM Authorizers key, or the resource's Name). */
  name: string;
  type: "TOKEN" | "REQUEST";
  /** The function invoked, as the Lambda port takes it. */
  functionName: string;
  /**
   * Identity sources as AWS writes them: REST "method.request.header.Authorization",
   * "method.request.querystring.x", "stageVariables.x", "context.x"; HTTP APIs
   * "$request.header.Authorization", "$request.querystring.x", "$context.x", "$stageVariables.x".
   */
  identitySources: string[];
  /** TOKEN authorizers: IdentityValidationExpression, a regular expression the whole token must match. */
  validationExpression?: string;
  /** AuthorizerResultTtlInSeconds: 0 disables caching. */
  ttlSeconds: number;
  /** HTTP APIs: AuthorizerPayloadFormatVersion. */
  payloadFormatVersion?: "1.0" | "2.0";
  /** HTTP APIs, payload 2.0: EnableSimpleResponses ({isAuthorized, context}). */
  simpleResponses?: boolean;
}

/** An HTTP API JWT authorizer (JwtConfiguration). */
export interface JwtAuthorizerConfig {
  name: string;
  type: "JWT";
  issuer: string;
  audience: string[];
  /** "$request.header.Authorization" by default. */
  identitySources: string[];
}

/**
 * A REST API's Cognito user pool authorizer: the token (an ID token, or an access token when the
 * method has AuthorizationScopes) must be signed by one of the pools of `providerArns`.
 */
export interface CognitoAuthorizerConfig {
  name: string;
  type: "COGNITO_USER_POOLS";
  /** ProviderARNs: arn:aws:cognito-idp:<region>:<account>:userpool/<poolId>. */
  providerArns?: string[];
  /** "method.request.header.Authorization" by default. */
  identitySources?: string[];
}

export type AuthorizerConfig = LambdaAuthorizerConfig | JwtAuthorizerConfig | CognitoAuthorizerConfig;

/** A REST API's API key, usable on this API through a usage plan. */
export interface ApiKeyConfig {
  /** The key's id (requestContext.identity.apiKeyId). */
  id: string;
  /** The key's value (the x-api-key header). */
  value: string;
  enabled: boolean;
  /** Logical id, shown when `sandbox up` prints generated keys. */
  logicalId?: string;
  /** The usage plan's Throttle: requests per second, and the bucket of requests a burst may take. */
  throttle?: { rateLimit: number; burstLimit: number };
  /** The plan's ApiStages[].Throttle for this API, by "/<resource path>/<METHOD>": checked before `throttle`. */
  methodThrottles?: Record<string, { rateLimit: number; burstLimit: number }>;
  /** The usage plan's Quota: requests per period (DAY, WEEK or MONTH, UTC; WEEK starts on Sunday plus `offset` days). */
  quota?: { limit: number; period: "DAY" | "WEEK" | "MONTH"; offset?: number };
}

/** How one route is authorized. */
export interface RouteAuthorization {
  /** Name of one of the API's authorizers; absent: no authorizer. */
  authorizer?: string;
  /** JWT authorizers: AuthorizationScopes, any one of which the token must carry. */
  scopes?: string[];
  /** REST APIs: ApiKeyRequired. */
  apiKeyRequired?: boolean;
  /** AuthorizationType AWS_IAM: only SigV4-signed requests pass (signatures are not verified). */
  iam?: boolean;
}
