/**
 * CreateRestApi's cloneFrom: the new API starts with a copy of the source's resources and methods
 * (with their integrations), models, request validators, authorizers and gateway responses; not its
 * deployments or stages (API reference, CreateRestApi: "The ID of the RestApi that you want to clone
 * from"). Resources get ids of their own, as AWS gives every resource.
 */
import { copyOf, type StoredApi, type StoredResource } from "./state.js";

type Cloned = Pick<StoredApi, "rootResourceId" | "resources" | "models" | "requestValidators" | "authorizers" | "gatewayResponses">;

export function cloneOf(source: StoredApi, newResourceId: () => string): Cloned {
  const ids = new Map(Object.keys(source.resources).map((id) => [id, newResourceId()]));
  const idOf = (id: string) => ids.get(id) ?? id;
  const resources: Record<string, StoredResource> = {};
  for (const resource of Object.values(copyOf(source.resources))) {
    const id = idOf(resource.id);
    for (const method of Object.values(resource.methods)) {
      // An integration's cache namespace is its resource's id unless one was named.
      if (method.methodIntegration?.cacheNamespace === resource.id) method.methodIntegration.cacheNamespace = id;
    }
    resources[id] = { ...resource, id, ...(resource.parentId !== undefined ? { parentId: idOf(resource.parentId) } : {}) };
  }
  return {
    rootResourceId: idOf(source.rootResourceId),
    resources,
    models: copyOf(source.models),
    requestValidators: copyOf(source.requestValidators),
    ...(source.authorizers ? { authorizers: copyOf(source.authorizers) } : {}),
    ...(source.gatewayResponses ? { gatewayResponses: copyOf(source.gatewayResponses) } : {}),
  };
}
