/**
 * Custom domain names (CreateDomainName, v1 and v2) and what maps them to APIs (v1 base path
 * mappings, v2 API mappings), journaled in core's Store. As on AWS both control planes see one set
 * of domain names: v1 answers a DomainName, v2 the same name with its DomainNameConfigurations, and a
 * base path mapping is an API mapping whose key is the base path. The sandbox keeps them; it does not
 * route requests by Host to them.
 */
import type { DurableState, StateCodec, Store } from "@sam-sandbox/core";
import { ConflictException, NotFoundException, badRequest } from "../errors.js";
import { randomId } from "./ids.js";
import { invalidPatchPath, patchPath, type PatchOperation } from "./created/patch.js";

export interface StoredMapping {
  id: string;
  /** "" for none (v1 answers "(none)"). */
  key: string;
  apiId: string;
  stage?: string;
}

export interface StoredDomainName {
  domainName: string;
  endpointType: "EDGE" | "REGIONAL" | "PRIVATE";
  certificateArn?: string;
  certificateName?: string;
  regionalCertificateArn?: string;
  regionalCertificateName?: string;
  securityPolicy: string;
  /** The regional endpoint's host, "d-<10>.execute-api.<region>.amazonaws.com", or the edge's CloudFront host. */
  target: string;
  tags: Record<string, string>;
  /** Epoch milliseconds, whole seconds. */
  createdDate: number;
  mappings: Record<string, StoredMapping>;
}

interface DomainNamesState {
  domains: Map<string, StoredDomainName>;
}

type DomainNamesRecord = { op: "put"; domain: StoredDomainName } | { op: "delete"; name: string };

const codec: StateCodec<DomainNamesState, DomainNamesRecord> = {
  empty: () => ({ domains: new Map() }),
  fromSnapshot: (json) => ({ domains: new Map(((json ?? {}) as { domains?: StoredDomainName[] }).domains?.map((d) => [d.domainName, d]) ?? []) }),
  toSnapshot: (state) => ({ domains: [...state.domains.values()] }),
  apply: (state, record) => {
    if (record.op === "put") state.domains.set(record.domain.domainName, record.domain);
    else state.domains.delete(record.name);
  },
};

/** Route 53 hosted zone of execute-api's regional endpoints, by region (AWS General Reference, "Amazon API Gateway endpoints and quotas"). */
const REGIONAL_HOSTED_ZONES: Record<string, string> = {
  "us-east-2": "ZOJJZC49E0EPZ", "us-east-1": "Z1UJRXOUMOOFQ8", "us-west-1": "Z2MUQ32089INYE", "us-west-2": "Z2OJLYMUO9EFXC",
  "ap-south-1": "Z3VO1THU9YC4UR", "ap-northeast-3": "Z2YQB5RD63NC85", "ap-northeast-2": "Z20JF4UZKIW1U8", "ap-southeast-1": "ZL327KTPIQFUL",
  "ap-southeast-2": "Z2RPCDW04V8134", "ap-northeast-1": "Z1YSHQZHG15GKL", "ca-central-1": "Z19DQILCV0OWEC", "eu-central-1": "Z1U9ULNL0V5AJ3",
  "eu-west-1": "ZLY8HYME6SFDD", "eu-west-2": "ZJ5UAJN8Y3Z2Q", "eu-west-3": "Z3KY65QIEKYHQQ", "sa-east-1": "ZCMLWB8V5SYIT",
};
/** Edge-optimized endpoints' hosted zone, the same in every region (the same page). */
const EDGE_HOSTED_ZONE = "Z2FDTNDATAQYW2";
const DEFAULT_SECURITY_POLICY = "TLS_1_2";
const MAPPING_ID_LENGTH = 6;

// v1 texts as moto's apigateway/exceptions.py copies them; v2 texts as moto's apigatewayv2/exceptions.py.
const v1DomainNotFound = () => new NotFoundException("Invalid domain name identifier specified");
const v2DomainNotFound = () => new NotFoundException("The domain name resource specified in the request was not found.");
const domainExists = () => new ConflictException("The domain name resource already exists.");
const v1MappingNotFound = () => new NotFoundException("Invalid base path mapping identifier specified");
const v2MappingNotFound = () => new NotFoundException("The api mapping resource specified in the request was not found.");
const mappingExists = () => new ConflictException("Base path already exists for this domain name");

type Input = Record<string, unknown>;

export class DomainNames {
  private constructor(
    private readonly durable: DurableState<DomainNamesState, DomainNamesRecord>,
    private readonly ctx: { region: string; now: () => number },
  ) {}

  static async open(store: Store, ctx: { region: string; now: () => number }): Promise<DomainNames> {
    return new DomainNames(await store.open("apigateway-domainnames", codec), ctx);
  }

  // v1

  createDomainName(input: { domainName: string; certificateArn?: string; certificateName?: string; regionalCertificateArn?: string; regionalCertificateName?: string; endpointConfiguration?: { types?: string[] }; securityPolicy?: string; tags?: Record<string, string> }) {
    const type = (input.endpointConfiguration?.types?.[0] ?? "EDGE") as StoredDomainName["endpointType"];
    return this.create(input.domainName, {
      endpointType: type,
      ...pick(input, ["certificateArn", "certificateName", "regionalCertificateArn", "regionalCertificateName"]),
      securityPolicy: input.securityPolicy ?? DEFAULT_SECURITY_POLICY,
      tags: input.tags ?? {},
    }).then((d) => this.v1View(d));
  }

  getDomainName(input: { domainName: string }) {
    return this.v1View(this.domain(input.domainName, v1DomainNotFound));
  }

  getDomainNames() {
    return [...this.durable.state.domains.values()].map((d) => this.v1View(d));
  }

  /** replace /certificateArn, /certificateName, /regionalCertificateArn, /regionalCertificateName, /securityPolicy, /endpointConfiguration/types/<old>. */
  async updateDomainName(input: { domainName: string; patchOperations?: PatchOperation[] }) {
    const domain = structuredClone(this.domain(input.domainName, v1DomainNotFound));
    for (const operation of input.patchOperations ?? []) {
      const { head, key } = patchPath(operation.path);
      if (head === "endpointConfiguration" && key?.startsWith("types/") && operation.value) domain.endpointType = operation.value as StoredDomainName["endpointType"];
      else if (key === undefined && ["certificateArn", "certificateName", "regionalCertificateArn", "regionalCertificateName", "securityPolicy"].includes(head)) {
        (domain as unknown as Record<string, unknown>)[head] = operation.value;
      } else throw invalidPatchPath(operation.path);
    }
    domain.target = this.target(domain.endpointType);
    await this.put(domain);
    return this.v1View(domain);
  }

  async deleteDomainName(input: { domainName: string }, v2 = false) {
    this.domain(input.domainName, v2 ? v2DomainNotFound : v1DomainNotFound);
    this.durable.state.domains.delete(input.domainName);
    await this.durable.commit({ op: "delete", name: input.domainName });
  }

  async createBasePathMapping(input: { domainName: string; basePath?: string; restApiId: string; stage?: string }) {
    const domain = structuredClone(this.domain(input.domainName, v1DomainNotFound));
    const mapping = addMapping(domain, input.basePath === "(none)" ? "" : (input.basePath ?? ""), input.restApiId, input.stage);
    await this.put(domain);
    return basePathView(mapping);
  }

  getBasePathMapping(input: { domainName: string; basePath: string }) {
    return basePathView(this.byBasePath(this.domain(input.domainName, v1DomainNotFound), input.basePath));
  }

  getBasePathMappings(input: { domainName: string }) {
    return Object.values(this.domain(input.domainName, v1DomainNotFound).mappings).map(basePathView);
  }

  /** replace /basePath, /restapiId, /stage (the AWS CLI's example update-base-path-mapping.rst). */
  async updateBasePathMapping(input: { domainName: string; basePath: string; patchOperations?: PatchOperation[] }) {
    const domain = structuredClone(this.domain(input.domainName, v1DomainNotFound));
    const mapping = this.byBasePath(domain, input.basePath);
    for (const operation of input.patchOperations ?? []) {
      const { head, key } = patchPath(operation.path);
      if (key !== undefined) throw invalidPatchPath(operation.path);
      if (head === "basePath") mapping.key = operation.value === "(none)" ? "" : (operation.value ?? "");
      else if (head === "restapiId" || head === "restApiId") mapping.apiId = operation.value ?? "";
      else if (head === "stage") mapping.stage = operation.value;
      else throw invalidPatchPath(operation.path);
    }
    if (Object.values(domain.mappings).some((m) => m.id !== mapping.id && m.key === mapping.key)) throw mappingExists();
    await this.put(domain);
    return basePathView(mapping);
  }

  async deleteBasePathMapping(input: { domainName: string; basePath: string }) {
    const domain = structuredClone(this.domain(input.domainName, v1DomainNotFound));
    delete domain.mappings[this.byBasePath(domain, input.basePath).id];
    await this.put(domain);
  }

  // v2

  async createDomainNameV2(input: { DomainName: string; DomainNameConfigurations?: Array<Input>; Tags?: Record<string, string> }) {
    const config = input.DomainNameConfigurations?.[0] ?? {};
    const domain = await this.create(input.DomainName, {
      endpointType: (str(config.EndpointType) ?? "REGIONAL") as StoredDomainName["endpointType"],
      ...(str(config.CertificateArn) !== undefined ? { regionalCertificateArn: str(config.CertificateArn) } : {}),
      ...(str(config.CertificateName) !== undefined ? { regionalCertificateName: str(config.CertificateName) } : {}),
      securityPolicy: str(config.SecurityPolicy) ?? DEFAULT_SECURITY_POLICY,
      tags: input.Tags ?? {},
    });
    return this.v2View(domain);
  }

  getDomainNameV2(input: { DomainName: string }) {
    return this.v2View(this.domain(input.DomainName, v2DomainNotFound));
  }

  getDomainNamesV2() {
    return [...this.durable.state.domains.values()].map((d) => this.v2View(d));
  }

  async updateDomainNameV2(input: { DomainName: string; DomainNameConfigurations?: Array<Input> }) {
    const domain = structuredClone(this.domain(input.DomainName, v2DomainNotFound));
    const config = input.DomainNameConfigurations?.[0];
    if (config) {
      if (str(config.EndpointType) !== undefined) domain.endpointType = str(config.EndpointType) as StoredDomainName["endpointType"];
      if (str(config.CertificateArn) !== undefined) domain.regionalCertificateArn = str(config.CertificateArn);
      if (str(config.CertificateName) !== undefined) domain.regionalCertificateName = str(config.CertificateName);
      if (str(config.SecurityPolicy) !== undefined) domain.securityPolicy = str(config.SecurityPolicy) ?? DEFAULT_SECURITY_POLICY;
    }
    await this.put(domain);
    return this.v2View(domain);
  }

  async createApiMapping(input: { DomainName: string; ApiId: string; Stage: string; ApiMappingKey?: string }) {
    const domain = structuredClone(this.domain(input.DomainName, v2DomainNotFound));
    const mapping = addMapping(domain, input.ApiMappingKey ?? "", input.ApiId, input.Stage);
    await this.put(domain);
    return apiMappingView(mapping);
  }

  getApiMapping(input: { DomainName: string; ApiMappingId: string }) {
    return apiMappingView(this.mapping(this.domain(input.DomainName, v2DomainNotFound), input.ApiMappingId));
  }

  getApiMappings(input: { DomainName: string }) {
    return Object.values(this.domain(input.DomainName, v2DomainNotFound).mappings).map(apiMappingView);
  }

  async updateApiMapping(input: { DomainName: string; ApiMappingId: string; ApiId?: string; Stage?: string; ApiMappingKey?: string }) {
    const domain = structuredClone(this.domain(input.DomainName, v2DomainNotFound));
    const mapping = this.mapping(domain, input.ApiMappingId);
    if (input.ApiId !== undefined) mapping.apiId = input.ApiId;
    if (input.Stage !== undefined) mapping.stage = input.Stage;
    if (input.ApiMappingKey !== undefined) mapping.key = input.ApiMappingKey;
    if (Object.values(domain.mappings).some((m) => m.id !== mapping.id && m.key === mapping.key)) throw mappingExists();
    await this.put(domain);
    return apiMappingView(mapping);
  }

  async deleteApiMapping(input: { DomainName: string; ApiMappingId: string }) {
    const domain = structuredClone(this.domain(input.DomainName, v2DomainNotFound));
    delete domain.mappings[this.mapping(domain, input.ApiMappingId).id];
    await this.put(domain);
  }

  // Shared

  private async create(name: string, fields: Omit<StoredDomainName, "domainName" | "target" | "createdDate" | "mappings">): Promise<StoredDomainName> {
    if (name === "") throw badRequest("No Domain Name specified");
    if (this.durable.state.domains.has(name)) throw domainExists();
    const domain: StoredDomainName = { domainName: name, ...fields, target: this.target(fields.endpointType), createdDate: Math.floor(this.ctx.now() / 1000) * 1000, mappings: {} };
    await this.put(domain);
    return domain;
  }

  private async put(domain: StoredDomainName): Promise<void> {
    this.durable.state.domains.set(domain.domainName, domain);
    await this.durable.commit({ op: "put", domain: structuredClone(domain) });
  }

  private domain(name: string, notFound: () => NotFoundException): StoredDomainName {
    const domain = this.durable.state.domains.get(name);
    if (!domain) throw notFound();
    return domain;
  }

  private byBasePath(domain: StoredDomainName, basePath: string): StoredMapping {
    const key = basePath === "(none)" ? "" : basePath;
    const mapping = Object.values(domain.mappings).find((m) => m.key === key);
    if (!mapping) throw v1MappingNotFound();
    return mapping;
  }

  private mapping(domain: StoredDomainName, id: string): StoredMapping {
    const mapping = Object.hasOwn(domain.mappings, id) ? domain.mappings[id] : undefined;
    if (!mapping) throw v2MappingNotFound();
    return mapping;
  }

  private target(type: StoredDomainName["endpointType"]): string {
    // AWS's forms: d-<10 characters>.execute-api.<region>.amazonaws.com for a regional name, d<13>.cloudfront.net for an edge one.
    return type === "EDGE" ? `d${randomId(13)}.cloudfront.net` : `d-${randomId(10)}.execute-api.${this.ctx.region}.amazonaws.com`;
  }

  private hostedZone(type: StoredDomainName["endpointType"]): string | undefined {
    return type === "EDGE" ? EDGE_HOSTED_ZONE : REGIONAL_HOSTED_ZONES[this.ctx.region];
  }

  private v1View(d: StoredDomainName) {
    const edge = d.endpointType === "EDGE";
    return {
      domainName: d.domainName,
      ...pick(d as unknown as Input, ["certificateArn", "certificateName", "regionalCertificateArn", "regionalCertificateName"]),
      ...(edge ? { certificateUploadDate: new Date(d.createdDate), distributionDomainName: d.target, distributionHostedZoneId: EDGE_HOSTED_ZONE } : { regionalDomainName: d.target, regionalHostedZoneId: this.hostedZone(d.endpointType) }),
      endpointConfiguration: { types: [d.endpointType], ipAddressType: "ipv4" },
      domainNameStatus: "AVAILABLE",
      securityPolicy: d.securityPolicy,
      tags: d.tags,
    };
  }

  private v2View(d: StoredDomainName) {
    return {
      ApiMappingSelectionExpression: "$request.basepath",
      DomainName: d.domainName,
      DomainNameConfigurations: [{
        ApiGatewayDomainName: d.target,
        ...(d.regionalCertificateArn ?? d.certificateArn ? { CertificateArn: d.regionalCertificateArn ?? d.certificateArn } : {}),
        ...(d.regionalCertificateName ?? d.certificateName ? { CertificateName: d.regionalCertificateName ?? d.certificateName } : {}),
        DomainNameStatus: "AVAILABLE",
        EndpointType: d.endpointType,
        ...(this.hostedZone(d.endpointType) !== undefined ? { HostedZoneId: this.hostedZone(d.endpointType) } : {}),
        IpAddressType: "ipv4",
        SecurityPolicy: d.securityPolicy,
      }],
      Tags: d.tags,
    };
  }
}

function addMapping(domain: StoredDomainName, key: string, apiId: string, stage: string | undefined): StoredMapping {
  if (Object.values(domain.mappings).some((m) => m.key === key)) throw mappingExists();
  let id = randomId(MAPPING_ID_LENGTH);
  while (Object.hasOwn(domain.mappings, id)) id = randomId(MAPPING_ID_LENGTH);
  const mapping: StoredMapping = { id, key, apiId, ...(stage !== undefined && stage !== "" ? { stage } : {}) };
  domain.mappings[id] = mapping;
  return mapping;
}

function basePathView(m: StoredMapping) {
  return { basePath: m.key === "" ? "(none)" : m.key, restApiId: m.apiId, ...(m.stage !== undefined ? { stage: m.stage } : {}) };
}

function apiMappingView(m: StoredMapping) {
  return { ApiId: m.apiId, ApiMappingId: m.id, ...(m.key !== "" ? { ApiMappingKey: m.key } : {}), Stage: m.stage ?? "" };
}

function pick(input: Input, names: string[]): Input {
  return Object.fromEntries(names.filter((n) => input[n] !== undefined).map((n) => [n, input[n]]));
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
