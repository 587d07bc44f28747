/** Finds the template's function behind an integration URI, function ARN or function name. */
import type { FunctionSpec } from "../model.js";

export class FunctionIndex {
  private readonly byName = new Map<string, FunctionSpec>();
  /** Any function ARN is invoked by its name (APIs created through API Gateway's control plane reach functions created later). */
  private anyArn = false;

  constructor(functions: readonly FunctionSpec[]) {
    for (const fn of functions) this.byName.set(fn.functionName, fn);
  }

  /** An index whose `invoked` names the function of any Lambda ARN, found at invocation time. */
  static anyFunction(): FunctionIndex {
    const index = new FunctionIndex([]);
    index.anyArn = true;
    return index;
  }

  /**
   * "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:…:function:name/invocations",
   * "arn:aws:lambda:…:function:name[:qualifier]" or a function name, "name[:qualifier]".
   */
  find(uri: unknown): FunctionSpec | undefined {
    if (typeof uri !== "string") return undefined;
    const fromArn = /:function:([^:/]+)/.exec(uri);
    return this.byName.get(fromArn ? fromArn[1] : (/^([a-zA-Z0-9_-]+):[a-zA-Z0-9$_-]+$/.exec(uri)?.[1] ?? uri));
  }

  /**
   * The function and the name to invoke it by, its qualifier kept: "name:live" for
   * "arn:aws:lambda:…:function:name:live" or "name:live" (an alias or version), "name" without one.
   */
  target(uri: unknown): { fn: FunctionSpec; functionName: string } | undefined {
    const fn = this.find(uri);
    if (!fn || typeof uri !== "string") return undefined;
    const qualifier = /(?:^|:function:)[^:/]+:([a-zA-Z0-9$_-]+)(?:\/invocations)?$/.exec(uri)?.[1];
    return { fn, functionName: qualifier === undefined ? fn.functionName : `${fn.functionName}:${qualifier}` };
  }

  /** What an integration invokes: the function's logical id, and its name with the alias or version the URI names. */
  invoked(uri: unknown): { logicalId: string; functionName: string } | undefined {
    const target = this.target(uri);
    if (!target && this.anyArn && typeof uri === "string") {
      const arn = /:function:([^:/]+)(?::([a-zA-Z0-9$_-]+))?(?:\/invocations)?$/.exec(uri);
      if (arn) return { logicalId: "", functionName: arn[2] === undefined ? arn[1] : `${arn[1]}:${arn[2]}` };
    }
    return target && { logicalId: target.fn.logicalId, functionName: target.functionName };
  }

  /** The function's ARN, with the alias or version `uri` names ("…:function:name:live"). */
  arn(uri: unknown): string | undefined {
    const target = this.target(uri);
    return target && target.fn.arn + target.functionName.slice(target.fn.functionName.length);
  }
}
