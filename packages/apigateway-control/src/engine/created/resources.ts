/** A created REST API's resource tree: CreateResource, UpdateResource, DeleteResource and the views Get* answer. */
import { badRequest, INVALID_PATH_PART, resourceNotFound, siblingExists } from "../../errors.js";
import { notOneOf, patchPath, unsupportedOp, type PatchOperation } from "./patch.js";
import { ownMember, type StoredApi, type StoredMethod, type StoredResource } from "./state.js";

/** A path part API Gateway accepts: a literal, "{name}" or a greedy "{name+}" (moto's InvalidResourcePathException check). */
const PATH_PART = /^(?:[a-zA-Z0-9._:-]+|\{[a-zA-Z0-9._-]+\+?\})$/;

const isVariable = (pathPart: string | undefined) => pathPart?.startsWith("{") === true;
const isGreedy = (pathPart: string | undefined) => pathPart?.endsWith("+}") === true;

export function resourceOf(api: StoredApi, id: string): StoredResource {
  const resource = ownMember(api.resources, id);
  if (!resource) throw resourceNotFound();
  return resource;
}

/** "/", "/pets", "/pets/{id}": the path parts from the root down. */
export function pathOf(resources: Record<string, StoredResource>, resource: StoredResource): string {
  const parts: string[] = [];
  let current: StoredResource | undefined = resource;
  for (let depth = 0; current?.parentId !== undefined && depth < 1000; depth++) {
    parts.unshift(current.pathPart ?? "");
    current = resources[current.parentId];
  }
  return `/${parts.join("/")}`;
}

/** Refuses a path part under `parent` as AWS does: its form, a greedy parent, a second variable sibling, a taken name. */
function checkPlacement(api: StoredApi, parent: StoredResource, pathPart: string, self?: string): void {
  if (!PATH_PART.test(pathPart)) throw badRequest(INVALID_PATH_PART);
  if (isGreedy(parent.pathPart)) throw badRequest(`Cannot create a child of a resource with a greedy path variable: ${parent.pathPart ?? ""}`);
  for (const sibling of Object.values(api.resources)) {
    if (sibling.parentId !== parent.id || sibling.id === self) continue;
    if (sibling.pathPart === pathPart) throw siblingExists(pathPart);
    if (isVariable(pathPart) && isVariable(sibling.pathPart)) {
      throw badRequest(`A sibling (${sibling.pathPart ?? ""}) of this resource already has a variable path part -- only one is allowed`);
    }
  }
}

export function createResource(api: StoredApi, parentId: string, pathPart: string, id: string): StoredResource {
  const parent = resourceOf(api, parentId);
  checkPlacement(api, parent, pathPart);
  const resource: StoredResource = { id, parentId, pathPart, methods: {} };
  api.resources[id] = resource;
  return resource;
}

const RESOURCE_PATHS = ["/parentId", "/pathPart"];

export function updateResource(api: StoredApi, resource: StoredResource, operations: PatchOperation[]): void {
  for (const operation of operations) {
    const op = operation.op ?? "";
    const path = operation.path ?? "";
    if (op !== "replace") throw unsupportedOp(op, path);
    if (!RESOURCE_PATHS.includes(path)) throw notOneOf(op, path, RESOURCE_PATHS);
    const { head } = patchPath(path);
    if (resource.parentId === undefined) throw badRequest(`Root resource cannot update its ${head}.`);
    const value = operation.value ?? "";
    if (head === "pathPart") {
      checkPlacement(api, resourceOf(api, resource.parentId), value, resource.id);
      resource.pathPart = value;
    } else {
      const parent = resourceOf(api, value);
      for (let up: StoredResource | undefined = parent; up; up = up.parentId === undefined ? undefined : api.resources[up.parentId]) {
        if (up.id === resource.id) throw badRequest("Resources cannot be cyclical.");
      }
      checkPlacement(api, parent, resource.pathPart ?? "", resource.id);
      resource.parentId = value;
    }
  }
}

/** Deletes the resource and everything under it. */
export function deleteResource(api: StoredApi, resource: StoredResource): void {
  if (resource.parentId === undefined) throw badRequest("Cannot delete root resource");
  const doomed = new Set([resource.id]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const r of Object.values(api.resources)) {
      if (r.parentId !== undefined && doomed.has(r.parentId) && !doomed.has(r.id)) {
        doomed.add(r.id);
        grew = true;
      }
    }
  }
  for (const id of doomed) delete api.resources[id];
}

/** A Resource as Get* answers it: its methods in full with embed=methods, else by name only. */
export function resourceView(resources: Record<string, StoredResource>, resource: StoredResource, embed: boolean, methodView: (m: StoredMethod) => unknown) {
  const methods = Object.values(resource.methods);
  return {
    id: resource.id,
    ...(resource.parentId !== undefined ? { parentId: resource.parentId, pathPart: resource.pathPart } : {}),
    path: pathOf(resources, resource),
    ...(methods.length > 0 ? { resourceMethods: Object.fromEntries(methods.map((m) => [m.httpMethod, embed ? methodView(m) : {}])) } : {}),
  };
}

/** Resources in path order (AWS lists "/" first, then each path after its parent). */
export function sortedResources(resources: Record<string, StoredResource>): StoredResource[] {
  return Object.values(resources)
    .map((r) => ({ r, path: pathOf(resources, r) }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map(({ r }) => r);
}
