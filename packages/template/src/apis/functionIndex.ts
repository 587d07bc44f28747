/** Finds the template's function behind an integration URI, function ARN or function name. */
import type { FunctionSpec } from "../model.js";

export class FunctionIndex {
  private readonly byName = new Map<string, FunctionSpec>();

  constructor(functions: readonly FunctionSpec[]) {
    for (const fn of functions) this.byName.set(fn.functionName, fn);
  }

  /**
   * "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:…:function:name/invocations",
   * "arn:aws:lambda:…:function:name[:qualifier]" or a plain function name.
   */
  find(uri: unknown): FunctionSpec | undefined {
    if (typeof uri !== "string") return undefined;
    const fromArn = /:function:([^:/]+)/.exec(uri);
    return this.byName.get(fromArn ? fromArn[1] : uri);
  }
}
