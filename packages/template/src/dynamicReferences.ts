/**
 * CloudFormation dynamic references ("Using dynamic references to specify template values"):
 *   {{resolve:ssm:name[:version]}}  {{resolve:ssm-secure:name[:version]}}
 *   {{resolve:secretsmanager:secret-id[:SecretString[:json-key[:version-stage[:version-id]]]]}}
 * They may sit anywhere in a string, several per string. The template is loaded before the
 * services exist, so references stay strings in the AppModel; the sandbox resolves them at
 * start-up against Parameter Store and Secrets Manager (resolveDynamicReferences).
 */
import type { AppModel } from "./model.js";

export type DynamicReference =
  | { service: "ssm" | "ssm-secure"; text: string; name: string; version?: string }
  | { service: "secretsmanager"; text: string; secretId: string; jsonKey?: string; versionStage?: string; versionId?: string };

const PATTERN = /\{\{resolve:(ssm|ssm-secure|secretsmanager):([^}]*)\}\}/g;
/** "arn:aws:secretsmanager:us-east-1:123456789012:secret:MySecret-a1b2c3" has six colons of its own. */
const ARN_PARTS = 7;

export function parseDynamicReference(text: string): DynamicReference | undefined {
  const m = /^\{\{resolve:(ssm|ssm-secure|secretsmanager):([^}]*)\}\}$/.exec(text);
  if (!m) return undefined;
  const [, service = "", body = ""] = m;
  const parts = body.split(":");
  if (service === "secretsmanager") {
    const idParts = body.startsWith("arn:") ? ARN_PARTS : 1;
    const secretId = parts.slice(0, idParts).join(":");
    const [, jsonKey, versionStage, versionId] = parts.slice(idParts);
    const given = (s: string | undefined) => (s === undefined || s === "" ? undefined : s);
    return {
      service, text, secretId,
      ...(given(jsonKey) ? { jsonKey: given(jsonKey) } : {}),
      ...(given(versionStage) ? { versionStage: given(versionStage) } : {}),
      ...(given(versionId) ? { versionId: given(versionId) } : {}),
    } as DynamicReference;
  }
  // A parameter ARN has colons too; the version is the last part when it is a number.
  const last = parts.at(-1) ?? "";
  const hasVersion = parts.length > 1 && /^\d+$/.test(last);
  return { service: service as "ssm" | "ssm-secure", text, name: hasVersion ? parts.slice(0, -1).join(":") : body, ...(hasVersion ? { version: last } : {}) };
}

/** Every dynamic reference inside `value` (strings, arrays, plain objects). */
export function findDynamicReferences(value: unknown, out: DynamicReference[] = []): DynamicReference[] {
  if (typeof value === "string") {
    for (const m of value.matchAll(PATTERN)) {
      const ref = parseDynamicReference(m[0]);
      if (ref) out.push(ref);
    }
  } else if (Array.isArray(value)) for (const v of value) findDynamicReferences(v, out);
  else if (isPlain(value)) for (const v of Object.values(value)) findDynamicReferences(v, out);
  return out;
}

/**
 * Replaces every dynamic reference in the AppModel, in place (resources' properties and what was
 * built from them: function environments, state machine definitions…). `resolve` answers a
 * reference's value or throws the error to report.
 */
export function resolveDynamicReferences(app: AppModel, resolve: (ref: DynamicReference) => string): void {
  const seen = new WeakSet<object>();
  const replace = (text: string) =>
    text.replace(PATTERN, (whole) => {
      const ref = parseDynamicReference(whole);
      return ref ? resolve(ref) : whole;
    });
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      if (seen.has(node)) return;
      seen.add(node);
      node.forEach((v, i) => {
        if (typeof v === "string") node[i] = v.includes("{{resolve:") ? replace(v) : v;
        else walk(v);
      });
    } else if (isPlain(node)) {
      if (seen.has(node)) return;
      seen.add(node);
      for (const [k, v] of Object.entries(node)) {
        if (typeof v === "string") {
          if (v.includes("{{resolve:")) node[k] = replace(v);
        } else walk(v);
      }
    }
  };
  walk(app);
}

function isPlain(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
