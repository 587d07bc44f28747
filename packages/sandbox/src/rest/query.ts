/**
 * awsQuery calls (STS): the input as the form-encoded parameters an AWS SDK sends
 * (`Tags.member.1.Key`, `Map.entry.1.key`), the XML answer's `<Action>Result` read back as
 * Step Functions' aws-sdk integrations report it (PascalCase members, ISO-8601 timestamps).
 */
import { AwsError, requestId, type EdgeRequest, type EdgeResponse, type ServiceModel } from "@sam-sandbox/core";
import { memberFor } from "./values.js";
import { fromXml, parseXmlRoot } from "./xml.js";

type Input = Record<string, unknown>;

function scalarText(model: ServiceModel, target: string, value: unknown): string {
  const type = model.shapes[target]?.type;
  if (type === "timestamp") {
    const date = new Date(typeof value === "number" ? value * 1000 : String(value));
    return Number.isNaN(date.getTime()) ? String(value) : date.toISOString();
  }
  return typeof value === "string" ? value : JSON.stringify(value);
}

function flatten(model: ServiceModel, target: string, value: unknown, prefix: string, out: [string, string][]): void {
  if (value === null || value === undefined) return;
  const shape = model.shapes[target];
  if (shape && (shape.type === "structure" || shape.type === "union") && typeof value === "object" && !Array.isArray(value)) {
    for (const [key, v] of Object.entries(value as Input)) {
      const found = memberFor(shape.members ?? {}, key);
      if (!found) continue;
      const [name, member] = found;
      const memberName = member.xmlName ?? name;
      flatten(model, member.target, v, prefix === "" ? memberName : `${prefix}.${memberName}`, out);
    }
    return;
  }
  if (shape?.type === "list" && Array.isArray(value)) {
    // An empty list is sent as its bare name, as the SDKs do.
    if (value.length === 0) out.push([prefix, ""]);
    value.forEach((item, i) => flatten(model, shape.member ?? "", item, `${prefix}.${shape.memberXmlName ?? "member"}.${i + 1}`, out));
    return;
  }
  if (shape?.type === "map" && typeof value === "object" && !Array.isArray(value)) {
    Object.entries(value as Input).forEach(([k, v], i) => {
      out.push([`${prefix}.entry.${i + 1}.${shape.keyXmlName ?? "key"}`, k]);
      flatten(model, shape.value ?? "", v, `${prefix}.entry.${i + 1}.${shape.valueXmlName ?? "value"}`, out);
    });
    return;
  }
  out.push([prefix, scalarText(model, target, value)]);
}

export function buildQueryRequest(model: ServiceModel, operation: string, input: Input): EdgeRequest {
  const params: [string, string][] = [["Action", operation], ["Version", model.service.version ?? ""]];
  const inputShape = model.operations[operation]?.input;
  if (inputShape) flatten(model, inputShape, input, "", params);
  return {
    method: "POST",
    path: "/",
    rawQuery: "",
    headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8", "x-amzn-requestid": requestId() },
    body: Buffer.from(new URLSearchParams(params).toString()),
  };
}

function bodyText(res: EdgeResponse): string {
  return typeof res.body === "string" ? res.body : res.body.toString("utf8");
}

export function readQueryResponse(model: ServiceModel, operation: string, res: EdgeResponse): Input {
  const root = parseXmlRoot(bodyText(res)) as Input;
  if (res.status >= 300) {
    const error = (typeof root.Error === "object" && root.Error !== null ? root.Error : {}) as Input;
    throw new AwsError(String(error.Code ?? "UnknownError"), String(error.Message ?? ""), res.status);
  }
  const outputShape = model.operations[operation]?.output;
  return outputShape ? (fromXml(model, outputShape, root[`${operation}Result`] ?? {}) as Input) : {};
}
