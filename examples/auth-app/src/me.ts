import type { APIGatewayProxyHandlerV2WithJWTAuthorizer } from "aws-lambda";
import { json } from "./lib/http.js";
import { caller } from "./lib/user.js";

/** GET /me → 200 {"sub": …, "email": …, "tokenUse": "id"}: who the token says the caller is. */
export const handler: APIGatewayProxyHandlerV2WithJWTAuthorizer = async (event) => json(200, caller(event));
