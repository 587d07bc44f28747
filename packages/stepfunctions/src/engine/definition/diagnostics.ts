/** Definition problems, in the shape ValidateStateMachineDefinition returns them. */
export interface Diagnostic {
  readonly severity: "ERROR" | "WARNING";
  readonly code: string;
  readonly message: string;
  readonly location?: string;
}

export function error(code: string, message: string, location?: string): Diagnostic {
  return location === undefined ? { severity: "ERROR", code, message } : { severity: "ERROR", code, message, location };
}

/**
 * CreateStateMachine's InvalidDefinition message: the problems joined by ", " inside one
 * pair of quotes, 'A at /x, B at /y' (AWS's text quoted in localstack/localstack#12487;
 * Step Functions Local quotes each problem, AWS does not).
 */
export function invalidDefinitionMessage(diagnostics: readonly Diagnostic[]): string {
  // A JSON error's message already ends with its Jackson location.
  const parts = diagnostics.map((d) => (d.location === undefined || d.message.endsWith(d.location) ? `${d.code}: ${d.message}` : `${d.code}: ${d.message} at ${d.location}`));
  return `Invalid State Machine Definition: '${parts.join(", ")}'`;
}
