import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from "aws-lambda";

/** A client mistake: the handler answers `status` with `{"message": …}`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function json(status: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: status,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  };
}

/** The request body parsed as a JSON object, or a 400. */
export function jsonBody(event: APIGatewayProxyEventV2WithJWTAuthorizer): Record<string, unknown> {
  if (event.body === undefined || event.body === "") throw new HttpError(400, "Request body is required");
  // HTTP APIs base64-encode bodies they consider binary.
  const text = event.isBase64Encoded ? Buffer.from(event.body, "base64").toString("utf8") : event.body;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new HttpError(400, "Request body must be valid JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new HttpError(400, "Request body must be a JSON object");
  }
  return parsed as Record<string, unknown>;
}

/** Runs a handler body, turning HttpError into its response; anything else is a 500 logged by Lambda. */
export async function respond(
  work: () => Promise<APIGatewayProxyStructuredResultV2>,
): Promise<APIGatewayProxyStructuredResultV2> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof HttpError) return json(error.status, { message: error.message });
    throw error;
  }
}
