/**
 * A Lambda function URL as the front serves it (packages/lambda's ServedFunctionUrl is
 * assignable to it; packages/sandbox passes them in).
 */
export interface FunctionUrlTarget {
  /** The 32-character id of the host name <id>.lambda-url.<region>.on.aws. */
  urlId: string;
  functionName: string;
  /** The alias; undefined for the function itself. */
  qualifier?: string;
  authType: "NONE" | "AWS_IAM";
  /**
   * AuthType NONE: whether the function's resource-based policy lets anyone (Principal "*")
   * call lambda:InvokeFunctionUrl; false answers 403 as Lambda does. Undefined: not checked.
   */
  publicInvokeAllowed?: boolean;
  cors?: {
    AllowCredentials?: boolean;
    AllowHeaders?: string[];
    AllowMethods?: string[];
    AllowOrigins?: string[];
    ExposeHeaders?: string[];
    MaxAge?: number;
  };
  invokeMode: "BUFFERED" | "RESPONSE_STREAM";
}

// <url-id>.lambda-url.<region>.on.aws as on AWS, or .localhost as the sandbox serves it locally.
const HOST = /^([a-z0-9]+)\.lambda-url\.([a-z0-9-]+)\.(?:localhost|on\.aws)\.?(?::\d+)?$/i;

/**
 * Whether a Host header names a function URL. The edge asks it of every request it serves
 * (DynamoDB's included), so it builds no match: 19 → 12 ns per request on a non-matching Host.
 */
export function isFunctionUrlHost(host: string | undefined): boolean {
  return host !== undefined && HOST.test(host);
}

/** The url id and region a Host header names, when it is a function URL's host. */
export function parseFunctionUrlHost(host: string | undefined): { urlId: string; region: string } | undefined {
  const m = host === undefined ? null : HOST.exec(host);
  return m ? { urlId: (m[1] ?? "").toLowerCase(), region: m[2] ?? "" } : undefined;
}
