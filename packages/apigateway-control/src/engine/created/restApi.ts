/** A created REST API's own settings: the RestApi view, UpdateRestApi's patch paths, the compression bound. */
import { badRequest, INVALID_COMPRESSION } from "../../errors.js";
import { MAX_MINIMUM_COMPRESSION_SIZE } from "../../limits.js";
import { invalidPatchPath, patchPath, replaceOnly, type PatchOperation } from "./patch.js";
import type { StoredApi } from "./state.js";

export function checkCompression(size: unknown): void {
  if (size === undefined) return;
  if (typeof size !== "number" || !Number.isInteger(size) || size < 0 || size > MAX_MINIMUM_COMPRESSION_SIZE) throw badRequest(INVALID_COMPRESSION);
}

/** A RestApi as the actions answer it; UpdateRestApi's answer carries its tags even when empty (AWS's recorded answers). */
export function restApiView(api: StoredApi, withTags: boolean) {
  return {
    id: api.id,
    name: api.name,
    ...(api.description !== undefined ? { description: api.description } : {}),
    createdDate: new Date(api.createdDate),
    ...(api.version !== undefined ? { version: api.version } : {}),
    ...(api.binaryMediaTypes?.length ? { binaryMediaTypes: api.binaryMediaTypes } : {}),
    ...(api.minimumCompressionSize !== undefined ? { minimumCompressionSize: api.minimumCompressionSize } : {}),
    apiKeySource: api.apiKeySource,
    endpointConfiguration: api.endpointConfiguration,
    ...(api.policy !== undefined ? { policy: policyView(api.policy) } : {}),
    ...(withTags || Object.keys(api.tags).length > 0 ? { tags: api.tags } : {}),
    disableExecuteApiEndpoint: api.disableExecuteApiEndpoint,
    rootResourceId: api.rootResourceId,
  };
}

/**
 * The resource policy as AWS answers it: the document minified and escaped as a JSON string's
 * content, quotes as \" and slashes as \/ ("{\\\"Version\\\":\\\"2012-10-17\\\",…}" in the body, as
 * localstack#3325 quotes AWS; terraform-provider-aws#4606 unescapes the slashes of CIDR blocks).
 */
export function policyView(policy: string): string {
  let minified = policy;
  try {
    minified = JSON.stringify(JSON.parse(policy));
  } catch {
    // A policy that is no JSON is answered as it was given, escaped alike.
  }
  return JSON.stringify(minified).slice(1, -1).replace(/\//g, "\\/");
}

const REST_API_SCALARS = ["name", "description", "version", "apiKeySource", "policy", "disableExecuteApiEndpoint"];

export function patchRestApi(api: StoredApi, operation: PatchOperation): void {
  const op = operation.op ?? "";
  const { head, key } = patchPath(operation.path);
  const value = operation.value;
  if (head === "binaryMediaTypes") {
    if (key === undefined) throw invalidPatchPath(operation.path);
    const types = (api.binaryMediaTypes ?? []).filter((t) => t !== key);
    // replace /binaryMediaTypes/<old> with value <new>: the old type gives way to the new one.
    if (op === "add") types.push(key);
    else if (op === "replace" && value !== undefined) types.push(value);
    api.binaryMediaTypes = types.length > 0 ? types : undefined;
    if (!api.binaryMediaTypes) delete api.binaryMediaTypes;
    return;
  }
  if (key === undefined && head === "minimumCompressionSize") {
    if (op !== "replace") throw replaceOnly();
    if (value === undefined || value === "") {
      delete api.minimumCompressionSize;
      return;
    }
    const size = /^-?\d+$/.test(value) ? Number(value) : Number.NaN;
    checkCompression(size);
    api.minimumCompressionSize = size;
    return;
  }
  // Terraform replaces /endpointConfiguration/types/<old type> with the new one; the console /types/0.
  if (head === "endpointConfiguration" && (key?.startsWith("types/") === true || key === "ipAddressType")) {
    if (op !== "replace") throw replaceOnly();
    if (key === "ipAddressType") {
      if (value !== "ipv4" && value !== "dualstack") throw badRequest("ipAddressType must be either ipv4 or dualstack.");
      api.endpointConfiguration.ipAddressType = value;
    } else {
      if (value !== "REGIONAL" && value !== "EDGE" && value !== "PRIVATE") throw badRequest("Invalid EndpointTypes specified. Valid options are REGIONAL,EDGE,PRIVATE");
      api.endpointConfiguration.types = [value];
      if (value === "PRIVATE") api.endpointConfiguration.ipAddressType = "dualstack";
    }
    if (api.endpointConfiguration.types[0] === "PRIVATE" && api.endpointConfiguration.ipAddressType !== "dualstack") {
      throw badRequest("Only dualstack ipAddressType is supported for Private APIs.");
    }
    return;
  }
  if (key !== undefined || !REST_API_SCALARS.includes(head)) throw invalidPatchPath(operation.path);
  if (op !== "replace") throw replaceOnly();
  const record = api as unknown as Record<string, unknown>;
  if (head === "disableExecuteApiEndpoint") record[head] = String(value).toLowerCase() === "true";
  else if ((value === undefined || value === "") && head !== "name") delete record[head];
  else record[head] = value ?? "";
}
