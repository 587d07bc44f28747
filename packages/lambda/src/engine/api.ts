/**
 * The Lambda API's actions the sandbox serves, by AWS action name: each takes the
 * validated input (path, query and body members by name) and answers the output body.
 * Invoke is served apart (its payload is the raw body; see wire.ts).
 */
import { getAccountSettings } from "./accountSettings.js";
import {
  createCodeSigningConfig,
  deleteCodeSigningConfig,
  deleteFunctionCodeSigningConfig,
  getCodeSigningConfig,
  getFunctionCodeSigningConfig,
  listCodeSigningConfigs,
  listFunctionsByCodeSigningConfig,
  putFunctionCodeSigningConfig,
  updateCodeSigningConfig,
  type CodeSigningContext,
} from "./codeSigning.js";
import { getFunctionRecursionConfig, getRuntimeManagementConfig, putFunctionRecursionConfig, putRuntimeManagementConfig } from "./functionSettings.js";
import { createAlias, deleteAlias, getAlias, listAliases, updateAlias } from "./aliases.js";
import type { ApiContext, Input } from "./apiContext.js";
import {
  deleteFunctionEventInvokeConfig,
  getFunctionEventInvokeConfig,
  listFunctionEventInvokeConfigs,
  putFunctionEventInvokeConfig,
  updateFunctionEventInvokeConfig,
} from "./eventInvokeConfig.js";
import {
  createEventSourceMapping,
  deleteEventSourceMapping,
  getEventSourceMapping,
  listEventSourceMappings,
  updateEventSourceMapping,
  type MappingContext,
} from "./eventSourceMappings.js";
import { deleteFunctionConcurrency, getFunctionConcurrency, putFunctionConcurrency } from "./functionConcurrency.js";
import { createFunction, deleteFunction, listVersionsByFunction, publishVersion, updateFunctionCode, updateFunctionConfiguration } from "./functions.js";
import { getFunction, getFunctionConfiguration, listFunctions, type ReadContext } from "./getFunction.js";
import { createFunctionUrlConfig, deleteFunctionUrlConfig, getFunctionUrlConfig, listFunctionUrlConfigs, updateFunctionUrlConfig, type FunctionUrlContext } from "./functionUrls.js";
import {
  addLayerVersionPermission,
  deleteLayerVersion,
  getLayerVersion,
  getLayerVersionByArn,
  getLayerVersionPolicy,
  listLayers,
  listLayerVersions,
  publishLayerVersion,
  removeLayerVersionPermission,
  type LayerContext,
} from "./layers.js";
import {
  deleteProvisionedConcurrencyConfig,
  getProvisionedConcurrencyConfig,
  listProvisionedConcurrencyConfigs,
  putProvisionedConcurrencyConfig,
} from "./provisionedConcurrency.js";
import { addPermission, getPolicy, removePermission } from "./permissions.js";
import { listTags, tagResource, untagResource } from "./tags.js";
import { num, str } from "./apiContext.js";

type Action = (ctx: ApiContext & ReadContext & MappingContext & FunctionUrlContext & LayerContext & CodeSigningContext, input: Input) => unknown;

export const ACTIONS: Readonly<Record<string, Action>> = {
  CreateFunction: createFunction,
  GetFunction: (ctx, input) => getFunction(ctx, String(input.FunctionName), str(input, "Qualifier")),
  GetFunctionConfiguration: (ctx, input) => getFunctionConfiguration(ctx, String(input.FunctionName), str(input, "Qualifier")),
  ListFunctions: (ctx, input) => listFunctions(ctx, str(input, "Marker"), num(input, "MaxItems"), input.FunctionVersion === "ALL"),
  UpdateFunctionConfiguration: updateFunctionConfiguration,
  UpdateFunctionCode: updateFunctionCode,
  DeleteFunction: deleteFunction,
  PublishVersion: publishVersion,
  ListVersionsByFunction: listVersionsByFunction,
  CreateAlias: createAlias,
  GetAlias: getAlias,
  UpdateAlias: updateAlias,
  DeleteAlias: deleteAlias,
  ListAliases: listAliases,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTags: listTags,
  PutFunctionConcurrency: putFunctionConcurrency,
  GetFunctionConcurrency: getFunctionConcurrency,
  DeleteFunctionConcurrency: deleteFunctionConcurrency,
  PutFunctionEventInvokeConfig: putFunctionEventInvokeConfig,
  UpdateFunctionEventInvokeConfig: updateFunctionEventInvokeConfig,
  GetFunctionEventInvokeConfig: getFunctionEventInvokeConfig,
  DeleteFunctionEventInvokeConfig: deleteFunctionEventInvokeConfig,
  ListFunctionEventInvokeConfigs: listFunctionEventInvokeConfigs,
  CreateEventSourceMapping: createEventSourceMapping,
  GetEventSourceMapping: getEventSourceMapping,
  ListEventSourceMappings: listEventSourceMappings,
  UpdateEventSourceMapping: updateEventSourceMapping,
  DeleteEventSourceMapping: deleteEventSourceMapping,
  CreateFunctionUrlConfig: createFunctionUrlConfig,
  GetFunctionUrlConfig: getFunctionUrlConfig,
  UpdateFunctionUrlConfig: updateFunctionUrlConfig,
  DeleteFunctionUrlConfig: deleteFunctionUrlConfig,
  ListFunctionUrlConfigs: listFunctionUrlConfigs,
  AddPermission: addPermission,
  RemovePermission: removePermission,
  GetPolicy: getPolicy,
  PublishLayerVersion: publishLayerVersion,
  GetLayerVersion: getLayerVersion,
  GetLayerVersionByArn: getLayerVersionByArn,
  ListLayers: listLayers,
  ListLayerVersions: listLayerVersions,
  DeleteLayerVersion: deleteLayerVersion,
  AddLayerVersionPermission: addLayerVersionPermission,
  RemoveLayerVersionPermission: removeLayerVersionPermission,
  GetLayerVersionPolicy: getLayerVersionPolicy,
  GetAccountSettings: getAccountSettings,
  PutProvisionedConcurrencyConfig: putProvisionedConcurrencyConfig,
  GetProvisionedConcurrencyConfig: getProvisionedConcurrencyConfig,
  DeleteProvisionedConcurrencyConfig: deleteProvisionedConcurrencyConfig,
  ListProvisionedConcurrencyConfigs: listProvisionedConcurrencyConfigs,
  PutFunctionRecursionConfig: putFunctionRecursionConfig,
  GetFunctionRecursionConfig: getFunctionRecursionConfig,
  PutRuntimeManagementConfig: putRuntimeManagementConfig,
  GetRuntimeManagementConfig: getRuntimeManagementConfig,
  CreateCodeSigningConfig: createCodeSigningConfig,
  GetCodeSigningConfig: getCodeSigningConfig,
  UpdateCodeSigningConfig: updateCodeSigningConfig,
  DeleteCodeSigningConfig: deleteCodeSigningConfig,
  ListCodeSigningConfigs: listCodeSigningConfigs,
  ListFunctionsByCodeSigningConfig: listFunctionsByCodeSigningConfig,
  PutFunctionCodeSigningConfig: putFunctionCodeSigningConfig,
  GetFunctionCodeSigningConfig: getFunctionCodeSigningConfig,
  DeleteFunctionCodeSigningConfig: deleteFunctionCodeSigningConfig,
};
