/**
 * @sam-sandbox/template — reads an AWS SAM template or a CDK-synthesized CloudFormation
 * template into the AppModel the sandbox runs.
 */
export { loadTemplate } from "./load.js";
export type { LoadTemplateOptions } from "./load.js";
export { findTemplate } from "./find.js";
export { LAMBDA_RUNTIMES, EMULATED_RUNTIME_PREFIXES } from "./runtimes.js";
export { EMULATED_TYPES } from "./support.js";
export type * from "./model.js";
