/**
 * `$context.requestOverride` and `$context.responseOverride` ("Override your API's request and
 * response parameters and status codes for REST APIs"): what a template #sets there replaces the
 * mapped parameter. Overrides are final: setting one twice fails the template (API Gateway's 5XX).
 */

/** A record whose members may each be set once. */
export function finalRecord<T>(): Record<string, T> {
  return new Proxy({} as Record<string, T>, {
    set(target, name, value: T) {
      if (typeof name !== "string") return false;
      if (Object.hasOwn(target, name)) throw new Error(`override ${name} set twice`);
      target[name] = value;
      return true;
    },
  });
}

/** $context.requestOverride: the header, querystring and path parameters sent to the integration. */
export interface RequestOverride {
  header: Record<string, unknown>;
  querystring: Record<string, unknown>;
  path: Record<string, unknown>;
}

export function requestOverride(): RequestOverride {
  return { header: finalRecord(), querystring: finalRecord(), path: finalRecord() };
}

/** $context.responseOverride: the method response's status and headers. */
export interface ResponseOverride {
  status?: unknown;
  header: Record<string, unknown>;
}

export function responseOverride(): ResponseOverride {
  const override = finalRecord<unknown>();
  override.header = finalRecord();
  return override as unknown as ResponseOverride;
}

/** The set members as text: [name, value] pairs. */
export function overridden(record: Record<string, unknown>): Array<[string, string]> {
  return Object.entries(record).map(([name, value]) => [name, String(value)]);
}
