/**
 * TestTransformer: a transformer's processors run on sample messages, one after the other,
 * each event on its own. An event a processor fails on is answered as it was sent (CloudWatch
 * Logs keeps such an event untransformed and marks it @transformationError).
 */
import { readTransformerConfig, type Processor } from "./config.js";
import { TransformationFailed, type LogEvent } from "./event.js";
import { PROCESSORS } from "./processors.js";

export { readTransformerConfig, withModelDefaults } from "./config.js";

export interface TransformedLogRecord {
  eventNumber: number;
  eventMessage: string;
  transformedEventMessage: string;
}

/** The transformed text of one message, or undefined when a processor failed on it. */
export function transform(processors: Processor[], message: string, timedOut = new Set<string>()): string | undefined {
  const event: LogEvent = { message, fields: {}, timedOut };
  try {
    for (const { name, config } of processors) PROCESSORS[name](event, config);
  } catch (error) {
    if (error instanceof TransformationFailed) return undefined;
    throw error;
  }
  return JSON.stringify(event.fields);
}

export function testTransformer(input: { transformerConfig: unknown; logEventMessages: string[] }): { transformedLogs: TransformedLogRecord[] } {
  const processors = readTransformerConfig(input.transformerConfig);
  const timedOut = new Set<string>();
  return {
    transformedLogs: input.logEventMessages.map((message, i) => ({
      eventNumber: i + 1,
      eventMessage: message,
      transformedEventMessage: transform(processors, message, timedOut) ?? message,
    })),
  };
}
