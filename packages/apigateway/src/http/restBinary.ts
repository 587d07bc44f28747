/**
 * How a REST API's binaryMediaTypes shape a Lambda proxy exchange ("Working with binary media
 * types for REST APIs"), and the warnings that tell a user why a binary payload arrived as text.
 */
import { isUtf8 } from "node:buffer";
import type { EdgeRequest, Logger } from "@sam-sandbox/core";
import type { ApiConfig } from "../config.js";
import { firstAccept, isBinaryRestBody, matchesMediaType } from "./incoming.js";

/**
 * v1Response's options. REST APIs return a base64 body (isBase64Encoded) as bytes only when
 * binaryMediaTypes lists the request's first Accept type; otherwise the base64 text goes out as
 * it is, whatever the response's Content-Type (AWS-validated test_aws_proxy_binary_response in
 * localstack's suites: "only Accept is checked"; "Return binary media from a Lambda proxy
 * integration"). HTTP APIs always decode.
 */
export function v1Options(logger: Logger, api: ApiConfig, req: EdgeRequest, routeKey: string, functionName: string) {
  const types = api.binaryMediaTypes;
  return {
    kind: api.kind,
    defaultContentType: api.kind === "rest" ? "application/json" : "text/plain; charset=utf-8",
    // Asked only for a result with isBase64Encoded true.
    decodeBase64: () => {
      const accept = firstAccept(req.headers.accept);
      if (api.kind === "http" || (types !== undefined && matchesMediaType(accept, types))) return true;
      logger.warn(`${functionName} returned a base64 body (isBase64Encoded) for ${routeKey}; it goes out as base64 text, ` +
        `as on AWS, because the request's first Accept type (${accept ?? "none"}) is not in the API's BinaryMediaTypes`);
      return false;
    },
  };
}

/** A REST API hands bytes that are not UTF-8 to a function as text (mangled) unless binaryMediaTypes lists their Content-Type: say so. */
export function warnTextBody(logger: Logger, api: ApiConfig, req: EdgeRequest, routeKey: string): void {
  const contentType = req.headers["content-type"];
  if (req.body.length === 0 || isUtf8(req.body) || isBinaryRestBody(api, contentType)) return;
  const type = contentType === undefined ? "without Content-Type" : `of type ${contentType}`;
  logger.warn(`${routeKey}: a body ${type} that is not UTF-8 text reaches the function as text (mangled), as on AWS, ` +
    `because the API's BinaryMediaTypes do not list its type; list it there to receive it base64-encoded`);
}
