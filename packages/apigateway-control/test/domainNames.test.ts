/**
 * Custom domain names through both control planes, as Terraform's aws_api_gateway_domain_name /
 * _base_path_mapping and aws_apigatewayv2_domain_name / _api_mapping call them: one set of names seen
 * by v1 and v2, base path mappings and API mappings on them, AWS's regional hosted zone and
 * moto's error texts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  APIGatewayClient, CreateBasePathMappingCommand, CreateDomainNameCommand, DeleteBasePathMappingCommand, DeleteDomainNameCommand, GetBasePathMappingCommand,
  GetBasePathMappingsCommand, GetDomainNameCommand, GetDomainNamesCommand, UpdateBasePathMappingCommand, UpdateDomainNameCommand,
} from "@aws-sdk/client-api-gateway";
import {
  ApiGatewayV2Client, CreateApiMappingCommand, CreateDomainNameCommand as CreateDomainNameV2Command, DeleteApiMappingCommand, DeleteDomainNameCommand as DeleteDomainNameV2Command,
  GetApiMappingCommand, GetApiMappingsCommand, GetDomainNameCommand as GetDomainNameV2Command, UpdateApiMappingCommand,
} from "@aws-sdk/client-apigatewayv2";
import { serveHandler } from "@sam-sandbox/core";
import { createApiGatewayControlPlane } from "../src/index.js";
import { failure } from "./helpers.js";

const CERT = "arn:aws:acm:us-east-1:000000000000:certificate/abc";
let close: () => Promise<void>;
let v1: APIGatewayClient;
let v2: ApiGatewayV2Client;

beforeAll(async () => {
  const plane = await createApiGatewayControlPlane({ apis: [], createdDate: new Date(Date.UTC(2026, 10, 27)), now: () => Date.UTC(2026, 10, 27, 12) });
  const server = await serveHandler(plane.handle);
  const config = { endpoint: server.url, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" }, maxAttempts: 1 };
  v1 = new APIGatewayClient(config);
  v2 = new ApiGatewayV2Client(config);
  close = async () => {
    v1.destroy();
    v2.destroy();
    await server.close();
  };
});

afterAll(() => close());

describe("custom domain names", () => {
  it("v1: a regional name with its target and hosted zone, base path mappings kept, changed and removed", async () => {
    const created = await v1.send(new CreateDomainNameCommand({ domainName: "api.example.com", regionalCertificateArn: CERT, endpointConfiguration: { types: ["REGIONAL"] }, securityPolicy: "TLS_1_2" }));
    expect(created).toMatchObject({
      domainName: "api.example.com", regionalCertificateArn: CERT, regionalHostedZoneId: "Z1UJRXOUMOOFQ8", domainNameStatus: "AVAILABLE", securityPolicy: "TLS_1_2",
      endpointConfiguration: { types: ["REGIONAL"] },
    });
    expect(created.regionalDomainName).toMatch(/^d-[a-z0-9]{10}\.execute-api\.us-east-1\.amazonaws\.com$/);
    const edge = await v1.send(new CreateDomainNameCommand({ domainName: "edge.example.com", certificateArn: CERT }));
    expect(edge).toMatchObject({ distributionHostedZoneId: "Z2FDTNDATAQYW2", endpointConfiguration: { types: ["EDGE"] } });
    expect(edge.distributionDomainName).toMatch(/^d[a-z0-9]{13}\.cloudfront\.net$/);
    expect((await v1.send(new GetDomainNamesCommand({}))).items?.map((d) => d.domainName)).toEqual(["api.example.com", "edge.example.com"]);
    expect(await failure(v1.send(new CreateDomainNameCommand({ domainName: "api.example.com", regionalCertificateArn: CERT })))).toMatchObject({ name: "ConflictException", status: 409 });

    expect(await v1.send(new CreateBasePathMappingCommand({ domainName: "api.example.com", restApiId: "abc123defg", stage: "live", basePath: "v1" }))).toMatchObject({ basePath: "v1", restApiId: "abc123defg", stage: "live" });
    expect(await v1.send(new CreateBasePathMappingCommand({ domainName: "api.example.com", restApiId: "abc123defg" }))).toMatchObject({ basePath: "(none)", restApiId: "abc123defg" });
    expect(await failure(v1.send(new CreateBasePathMappingCommand({ domainName: "api.example.com", restApiId: "other", basePath: "v1" })))).toMatchObject({ name: "ConflictException" });
    const moved = await v1.send(new UpdateBasePathMappingCommand({ domainName: "api.example.com", basePath: "v1", patchOperations: [{ op: "replace", path: "/stage", value: "prod" }] }));
    expect(moved).toMatchObject({ basePath: "v1", stage: "prod" });
    expect((await v1.send(new GetBasePathMappingCommand({ domainName: "api.example.com", basePath: "(none)" }))).restApiId).toBe("abc123defg");
    await v1.send(new DeleteBasePathMappingCommand({ domainName: "api.example.com", basePath: "v1" }));
    expect((await v1.send(new GetBasePathMappingsCommand({ domainName: "api.example.com" }))).items?.map((m) => m.basePath)).toEqual(["(none)"]);
    expect(await failure(v1.send(new GetBasePathMappingCommand({ domainName: "api.example.com", basePath: "v1" })))).toEqual({
      name: "NotFoundException", message: "Invalid base path mapping identifier specified", status: 404,
    });

    const updated = await v1.send(new UpdateDomainNameCommand({ domainName: "api.example.com", patchOperations: [{ op: "replace", path: "/securityPolicy", value: "TLS_1_0" }] }));
    expect(updated.securityPolicy).toBe("TLS_1_0");
    await v1.send(new DeleteDomainNameCommand({ domainName: "edge.example.com" }));
    expect(await failure(v1.send(new GetDomainNameCommand({ domainName: "edge.example.com" })))).toEqual({ name: "NotFoundException", message: "Invalid domain name identifier specified", status: 404 });
  });

  it("v2: the same names with their configurations, API mappings by id", async () => {
    const created = await v2.send(new CreateDomainNameV2Command({ DomainName: "http.example.com", DomainNameConfigurations: [{ CertificateArn: CERT, EndpointType: "REGIONAL", SecurityPolicy: "TLS_1_2" }], Tags: { env: "dev" } }));
    expect(created).toMatchObject({
      ApiMappingSelectionExpression: "$request.basepath", DomainName: "http.example.com", Tags: { env: "dev" },
      DomainNameConfigurations: [{ CertificateArn: CERT, DomainNameStatus: "AVAILABLE", EndpointType: "REGIONAL", HostedZoneId: "Z1UJRXOUMOOFQ8", SecurityPolicy: "TLS_1_2" }],
    });
    // A v1 name is a v2 name too.
    expect((await v2.send(new GetDomainNameV2Command({ DomainName: "api.example.com" }))).DomainNameConfigurations?.[0]?.EndpointType).toBe("REGIONAL");
    const mapping = await v2.send(new CreateApiMappingCommand({ DomainName: "http.example.com", ApiId: "a1b2c3d4e5", Stage: "$default" }));
    expect(mapping).toMatchObject({ ApiId: "a1b2c3d4e5", Stage: "$default", ApiMappingId: expect.stringMatching(/^[a-z0-9]{6}$/) });
    expect((await v2.send(new UpdateApiMappingCommand({ DomainName: "http.example.com", ApiMappingId: mapping.ApiMappingId, ApiId: "a1b2c3d4e5", ApiMappingKey: "orders" }))).ApiMappingKey).toBe("orders");
    expect((await v2.send(new GetApiMappingCommand({ DomainName: "http.example.com", ApiMappingId: mapping.ApiMappingId }))).ApiMappingKey).toBe("orders");
    expect((await v2.send(new GetApiMappingsCommand({ DomainName: "http.example.com" }))).Items).toHaveLength(1);
    await v2.send(new DeleteApiMappingCommand({ DomainName: "http.example.com", ApiMappingId: mapping.ApiMappingId }));
    expect(await failure(v2.send(new GetApiMappingCommand({ DomainName: "http.example.com", ApiMappingId: mapping.ApiMappingId })))).toEqual({
      name: "NotFoundException", message: "The api mapping resource specified in the request was not found.", status: 404,
    });
    await v2.send(new DeleteDomainNameV2Command({ DomainName: "http.example.com" }));
    expect(await failure(v2.send(new GetDomainNameV2Command({ DomainName: "http.example.com" })))).toEqual({
      name: "NotFoundException", message: "The domain name resource specified in the request was not found.", status: 404,
    });
  });
});
