/**
 * Lambda runtime identifiers. A typo or a retired runtime is caught here with Lambda's
 * own wording, before anything tries to run the function.
 */

/** Runtimes Lambda accepts for new functions (Lambda API `Runtime` enum, minus deprecated ones). */
export const LAMBDA_RUNTIMES = [
  "nodejs18.x", "nodejs20.x", "nodejs22.x", "nodejs24.x",
  "python3.9", "python3.10", "python3.11", "python3.12", "python3.13", "python3.14",
  "java8.al2", "java11", "java17", "java21", "java25",
  "dotnet8",
  "ruby3.2", "ruby3.3", "ruby3.4",
  "provided.al2", "provided.al2023",
] as const;

/** Retired runtimes Lambda refuses for new functions, with the successor Lambda recommends. */
const DEPRECATED: Record<string, string> = {
  nodejs: "nodejs22.x", "nodejs4.3": "nodejs22.x", "nodejs4.3-edge": "nodejs22.x", "nodejs6.10": "nodejs22.x",
  "nodejs8.10": "nodejs22.x", "nodejs10.x": "nodejs22.x", "nodejs12.x": "nodejs22.x", "nodejs14.x": "nodejs22.x",
  "nodejs16.x": "nodejs22.x", "python2.7": "python3.13", "python3.6": "python3.13", "python3.7": "python3.13",
  "python3.8": "python3.13", java8: "java21", "dotnetcore1.0": "dotnet8", "dotnetcore2.0": "dotnet8",
  "dotnetcore2.1": "dotnet8", "dotnetcore3.1": "dotnet8", dotnet6: "dotnet8", "ruby2.5": "ruby3.3", "ruby2.7": "ruby3.3",
  "go1.x": "provided.al2023", provided: "provided.al2023",
};

/** Runtime families the sandbox runs in-process; others load but cannot be invoked yet. */
export const EMULATED_RUNTIME_PREFIXES = ["nodejs", "python", "provided"] as const;

/** The shape of a runtime id; a well-formed id not listed above may be newer than this list. */
const RUNTIME_SHAPE = /^(nodejs\d+\.x|python3\.\d+|java\d+(\.al2)?|dotnet\d+|ruby\d+\.\d+|provided\.al\d+)$/;

export type RuntimeCheck =
  | { ok: true; emulated: boolean; unlisted?: boolean }
  | { ok: false; message: string; hint: string };

export function checkRuntime(runtime: string): RuntimeCheck {
  if ((LAMBDA_RUNTIMES as readonly string[]).includes(runtime)) {
    return { ok: true, emulated: EMULATED_RUNTIME_PREFIXES.some((prefix) => runtime.startsWith(prefix)) };
  }
  const successor = DEPRECATED[runtime];
  if (successor) {
    return {
      ok: false,
      // Lambda's InvalidParameterValueException text for a retired runtime.
      message: `The runtime parameter of ${runtime} is no longer supported for creating or updating AWS Lambda functions. We recommend you use the new runtime (${successor}) while creating or updating functions.`,
      hint: `Change Runtime to ${successor}.`,
    };
  }
  if (RUNTIME_SHAPE.test(runtime)) {
    return { ok: true, unlisted: true, emulated: EMULATED_RUNTIME_PREFIXES.some((prefix) => runtime.startsWith(prefix)) };
  }
  const close = LAMBDA_RUNTIMES.filter((r) => r.replace(/[\d.x]/g, "") === runtime.replace(/[\d.x]/g, ""));
  return {
    ok: false,
    message: `Runtime '${runtime}' is not a Lambda runtime`,
    hint: `Use one of: ${(close.length > 0 ? close : LAMBDA_RUNTIMES).join(", ")}.`,
  };
}
