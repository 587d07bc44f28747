import type { APIGatewayProxyEventV2WithJWTAuthorizer } from "aws-lambda";

/** Who is calling, from the claims the JWT authorizer verified (HTTP APIs pass every claim as a string). */
export interface Caller {
  /** The user's id in the pool: stable, unlike the email. */
  sub: string;
  email?: string;
  /** "id" for an ID token, "access" for an access token: both are accepted. */
  tokenUse?: string;
}

export function caller(event: APIGatewayProxyEventV2WithJWTAuthorizer): Caller {
  const claims = event.requestContext.authorizer.jwt.claims;
  const text = (name: string) => {
    const value = claims[name];
    return typeof value === "string" ? value : undefined;
  };
  // The route has the authorizer, so API Gateway never calls without a verified "sub".
  return { sub: text("sub") ?? "", email: text("email"), tokenUse: text("token_use") };
}
