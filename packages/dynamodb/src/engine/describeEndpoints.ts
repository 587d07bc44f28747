import { ENDPOINT_CACHE_PERIOD_MINUTES } from "../limits.js";
import type { DynamoDbEngine } from "./engine.js";

/** The regional endpoint, as DynamoDB names it ("dynamodb.us-east-1.amazonaws.com"). */
export function describeEndpoints(engine: DynamoDbEngine) {
  return { Endpoints: [{ Address: `dynamodb.${engine.options.region}.amazonaws.com`, CachePeriodInMinutes: ENDPOINT_CACHE_PERIOD_MINUTES }] };
}
