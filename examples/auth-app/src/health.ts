import type { APIGatewayProxyHandlerV2 } from "aws-lambda";
import { json } from "./lib/http.js";

/** GET /health → 200 {"status":"ok"}: the one route without the authorizer (`Authorizer: NONE`). */
export const handler: APIGatewayProxyHandlerV2 = async () => json(200, { status: "ok" });
