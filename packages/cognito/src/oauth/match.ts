/**
 * Where the hosted UI of a user pool domain is reached on the edge. AWS serves it at
 * https://<prefix>.auth.<region>.amazoncognito.com; the sandbox serves it, without DNS, at
 * http://127.0.0.1:<edge>/<prefix>.auth.<region>.amazoncognito.com/… — and at that Host
 * (or <prefix>.auth.<region>.localhost:<edge>) when a hosts entry points it at the edge.
 */
import type { EdgeRequest } from "@sam-sandbox/core";

const DOMAIN_PATH = /^\/([a-z0-9-]+)\.auth\.([a-z0-9-]+)\.amazoncognito\.com(\/.*)?$/;
const DOMAIN_HOST = /^([a-z0-9-]+)\.auth\.([a-z0-9-]+)\.(?:amazoncognito\.com|localhost)(?::\d+)?$/;

export interface HostedUiTarget {
  /** The domain prefix. */
  domain: string;
  /** The path prefix of the domain's endpoints on this request ("" under the Host form). */
  base: string;
  /** The endpoint's path ("/oauth2/authorize", "/logout", …). */
  path: string;
}

export function hostedUiTarget(req: Pick<EdgeRequest, "path" | "headers">): HostedUiTarget | undefined {
  const byPath = DOMAIN_PATH.exec(req.path);
  if (byPath) return { domain: byPath[1], base: `/${byPath[1]}.auth.${byPath[2]}.amazoncognito.com`, path: byPath[3] ?? "/" };
  const byHost = DOMAIN_HOST.exec(req.headers.host ?? "");
  if (byHost) return { domain: byHost[1], base: "", path: req.path };
  return undefined;
}
