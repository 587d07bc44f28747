/**
 * The models a REST API has from its creation: AWS's Error and Empty, texts as GetModels answers them
 * (the AWS CLI's example get-models.rst; the API reference's GetModels example).
 */
import type { StoredApi, StoredModel } from "./state.js";

const DEFAULT_MODELS: ReadonlyArray<Omit<StoredModel, "id">> = [
  {
    name: "Error",
    description: "This is a default error schema model",
    schema: '{\n  "$schema" : "http://json-schema.org/draft-04/schema#",\n  "title" : "Error Schema",\n  "type" : "object",\n  "properties" : {\n    "message" : { "type" : "string" }\n  }\n}',
    contentType: "application/json",
  },
  {
    name: "Empty",
    description: "This is a default empty schema model",
    schema: '{\n  "$schema": "http://json-schema.org/draft-04/schema#",\n  "title" : "Empty Schema",\n  "type" : "object"\n}',
    contentType: "application/json",
  },
];

/** A new API's models, keyed by id, each with an id from `newId`. */
export function defaultModels(newId: () => string): Record<string, StoredModel> {
  return Object.fromEntries(DEFAULT_MODELS.map((model) => {
    const id = newId();
    return [id, { id, ...model }];
  }));
}

/** Whether a model is one of the API's defaults, unchanged: an export leaves it out unless a method names it. */
export function isDefaultModel(model: StoredModel): boolean {
  return DEFAULT_MODELS.some((d) => d.name === model.name && d.description === model.description && d.schema === model.schema);
}

/** The models an export lists: the API's own, and a default one only where a method's request names it. */
export function exportedModels(api: Pick<StoredApi, "models" | "resources">): StoredModel[] {
  const named = new Set(Object.values(api.resources).flatMap((r) => Object.values(r.methods).flatMap((m) => Object.values(m.requestModels ?? {}))));
  return Object.values(api.models).filter((m) => !isDefaultModel(m) || (m.name !== "Empty" && named.has(m.name)));
}
