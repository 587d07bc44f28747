/**
 * A gateway response's body template is no Velocity template: "the customization is rendered in
 * a non-VTL mapping template supporting only simple variable substitutions. A gateway response
 * mapping template can access $context variable values and $stageVariables property values"
 * ("Gateway responses in API Gateway"; $context.error.message "can only be used for simple
 * variable substitution in a GatewayResponse body-mapping template, which is not processed by the
 * Velocity Template Language engine", mapping template variable reference). `$context.<name>…`
 * and `$stageVariables.<name>` (also as `$!…` and `${…}`) become their values, a name without
 * one nothing; `#if`, `$util`, `$input` and any other text stay as written.
 */

const VARIABLE = /\$(!?)(\{)?(context|stageVariables)((?:\.[A-Za-z_]\w*)+)(\}?)/g;

export function substituteVariables(template: string, variables: { context: Record<string, unknown>; stageVariables: Record<string, string> }): string {
  return template.replace(VARIABLE, (whole, _quiet: string, open: string | undefined, root: string, path: string, close: string) => {
    // `${context.x` without its closing brace is no reference; `$context.x}` keeps its brace as text.
    if (open !== undefined && close === "") return whole;
    let value: unknown = root === "context" ? variables.context : variables.stageVariables;
    for (const name of path.slice(1).split(".")) {
      value = typeof value === "object" && value !== null && Object.hasOwn(value, name) ? (value as Record<string, unknown>)[name] : undefined;
    }
    const text = typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : "";
    return open === undefined ? text + close : text;
  });
}
