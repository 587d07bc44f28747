import { restApiNotFound, stageNotFound } from "../errors.js";
import { DEFAULT_V1_LIMIT, MAX_V1_LIMIT } from "../limits.js";
import { pageStart, pageToken, stableId } from "./ids.js";
import type { ControlPlaneApi } from "./types.js";

const DEPLOYMENT_ID_LENGTH = 6;

export interface ControlPlaneContext {
  region: string;
  accountId: string;
  /** When the APIs were created (the stack's creation time). */
  createdDate: Date;
  /** When they last changed (the stack's last update, else its creation). */
  lastUpdatedDate: Date;
}

/** API Gateway v1 (REST APIs): the read actions, in the model's member names. */
export class RestApis {
  constructor(
    private readonly apis: readonly ControlPlaneApi[],
    private readonly ctx: ControlPlaneContext,
  ) {}

  /** The template's REST APIs, as GetRestApis lists them. */
  restApis() {
    return this.apis.map((api) => this.restApi(api));
  }

  has(id: string): boolean {
    return this.apis.some((a) => a.apiId === id);
  }

  /** GetTags of a template API's ARN (arn:aws:apigateway:<region>::/restapis/<id>); undefined when it names none. */
  tagsOf(resourceArn: string): Record<string, string> | undefined {
    const id = /::\/restapis\/([^/]+)$/.exec(resourceArn)?.[1];
    const api = id === undefined ? undefined : this.apis.find((a) => a.apiId === id);
    return api ? (api.tags ?? {}) : undefined;
  }

  getRestApi(input: { restApiId: string }) {
    return this.restApi(this.api(input.restApiId));
  }

  getResources(input: { restApiId: string; position?: string; limit?: number; embed?: string[] }) {
    const api = this.api(input.restApiId);
    return page(resourcesOf(api), input.position, input.limit);
  }

  getStages(input: { restApiId: string }) {
    const api = this.api(input.restApiId);
    return { item: [this.stage(api)] };
  }

  getStage(input: { restApiId: string; stageName: string }) {
    const api = this.api(input.restApiId);
    if (input.stageName !== api.stageName) throw stageNotFound();
    return this.stage(api);
  }

  private api(id: string): ControlPlaneApi {
    const api = this.apis.find((a) => a.apiId === id);
    if (!api) throw restApiNotFound(this.ctx.accountId, id);
    return api;
  }

  private restApi(api: ControlPlaneApi) {
    return {
      id: api.apiId,
      name: api.name,
      ...(api.description !== undefined ? { description: api.description } : {}),
      createdDate: this.ctx.createdDate,
      ...(api.version !== undefined ? { version: api.version } : {}),
      ...(api.binaryMediaTypes?.length ? { binaryMediaTypes: api.binaryMediaTypes } : {}),
      apiKeySource: api.apiKeySource ?? "HEADER",
      endpointConfiguration: { types: ["EDGE"], ipAddressType: "ipv4" },
      tags: api.tags ?? {},
      disableExecuteApiEndpoint: false,
      rootResourceId: rootId(api),
    };
  }

  private stage(api: ControlPlaneApi) {
    return {
      // Deployment ids are 6 characters (the AWS CLI's examples get-stage.rst "rbh1fj", get-deployment.rst "ztt4m2").
      deploymentId: stableId(`${api.apiId}/deployment`, DEPLOYMENT_ID_LENGTH),
      stageName: api.stageName,
      cacheClusterEnabled: false,
      cacheClusterStatus: "NOT_AVAILABLE",
      methodSettings: {},
      ...(api.stageVariables && Object.keys(api.stageVariables).length > 0 ? { variables: api.stageVariables } : {}),
      tracingEnabled: api.tracingEnabled ?? false,
      createdDate: this.ctx.createdDate,
      lastUpdatedDate: this.ctx.lastUpdatedDate,
    };
  }
}

function rootId(api: ControlPlaneApi): string {
  return api.rootResourceId ?? stableId(`${api.apiId}/`);
}

/** The resource tree of a REST API's routes: "/", then each path and the paths above it, with their methods. */
function resourcesOf(api: ControlPlaneApi) {
  const root = rootId(api);
  const byPath = new Map<string, { id: string; parentId?: string; pathPart?: string; path: string; resourceMethods?: Record<string, Record<string, never>> }>();
  byPath.set("/", { id: root, path: "/" });
  for (const route of api.routes) {
    if (!route.path.startsWith("/")) continue;
    let parent = byPath.get("/");
    let path = "";
    for (const part of route.path.split("/").filter((p) => p !== "")) {
      path += `/${part}`;
      let resource = byPath.get(path);
      if (!resource) {
        resource = { id: stableId(`${api.apiId}${path}`), parentId: parent?.id, pathPart: part, path };
        byPath.set(path, resource);
      }
      parent = resource;
    }
    if (parent) parent.resourceMethods = { ...parent.resourceMethods, [route.method.toUpperCase()]: {} };
  }
  return [...byPath.values()];
}

export function page<T>(items: T[], position: string | undefined, limit: number | undefined): { items: T[]; position?: string } {
  const start = pageStart(position);
  // A limit that is no positive number pages by the default, one above the maximum by the maximum.
  const size = limit !== undefined && Number.isInteger(limit) && limit > 0 ? Math.min(limit, MAX_V1_LIMIT) : DEFAULT_V1_LIMIT;
  const end = start + size;
  return { items: items.slice(start, end), ...(end < items.length ? { position: pageToken(end) } : {}) };
}
