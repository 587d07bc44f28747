/**
 * Validates an operation's input against the service's generated Smithy table the way
 * AWS's request validation does, with AWS's texts:
 *   "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint:
 *    Member must have length greater than or equal to 3"
 * A JSON value of the wrong type fails first, as AWS's deserializer does (JsonTypeRules).
 * Each operation's checks are compiled once into closures (validationCompiler.ts);
 * validating allocates nothing unless something fails.
 */
import { UnknownOperationException } from "./errors.js";
import type { ServiceModel, ShapeModel } from "./model.js";
import { hasOperation } from "./model.js";
import type { JsonTypeRules } from "./coralJson.js";
import { Compiler } from "./validationCompiler.js";

export type ConstraintKind = "required" | "length" | "range" | "pattern" | "enum";

export interface ValidationOptions {
  /** Code of a constraint failure. Default "ValidationException" (Cognito: "InvalidParameterException"). */
  readonly errorCode?: string;
  /** AWS lists at most this many failures (DynamoDB: 10). Default 10. */
  readonly maxErrors?: number;
  /** Constraint kinds this service does not enforce. */
  readonly skip?: readonly ConstraintKind[];
  /** Shapes whose contents are not checked (only their JSON kind), e.g. DynamoDB's
   * AttributeValue, which the engine validates itself. */
  readonly opaque?: readonly string[];
  /** How a JSON value of the wrong type is answered (coralJsonTypeRules for DynamoDB).
   * Without rules such a value is left as it is and its constraints are not checked. */
  readonly jsonTypes?: JsonTypeRules;
  /** IAM names no value in its failures ("Value at 'tags' failed to satisfy constraint: …"), as a sensitive member's. */
  readonly omitValues?: boolean;
  /** Lambda adds "Member must not be null" to the constraint list of a list element and of a map's keys and values. */
  readonly listMemberNotNull?: boolean;
  /** Replaces parts of shapes, e.g. enum values in the order AWS prints them. An
   * overriding pattern is printed exactly as given. */
  readonly shapeOverrides?: Readonly<Record<string, Partial<ShapeModel>>>;
}

/**
 * Throws the AwsError AWS would answer, or returns. May convert values in place as AWS's
 * deserializer does ("true" → true where the type rules say so; "5" → 5 for a member bound
 * to a query string, header or URI label).
 */
export type OperationValidator = (input: unknown) => void;

export interface InputValidator {
  /** Throws UnknownOperationException for an operation the service does not have. */
  (operation: string, input: unknown): void;
  /** The compiled validator of one operation; undefined when the service has no such operation. */
  forOperation(operation: string): OperationValidator | undefined;
}

/** Builds a validator for a service; each operation is compiled on first use. */
export function createValidator(model: ServiceModel, options: ValidationOptions = {}): InputValidator {
  const compiler = new Compiler(model, options);
  const compiled = new Map<string, OperationValidator>();
  const forOperation = (operation: string): OperationValidator | undefined => {
    let validator = compiled.get(operation);
    if (validator === undefined && hasOperation(model, operation)) {
      validator = compiler.operation(operation);
      compiled.set(operation, validator);
    }
    return validator;
  };
  const validate = (operation: string, input: unknown): void => {
    const validator = forOperation(operation);
    if (validator === undefined) throw new UnknownOperationException();
    validator(input);
  };
  return Object.assign(validate, { forOperation });
}

const cache = new WeakMap<ServiceModel, WeakMap<ValidationOptions, InputValidator>>();
const NO_OPTIONS: ValidationOptions = {};

/**
 * One-call form of createValidator. The compiled validator is cached per model and per
 * options object, so pass the same (module-level) options object on every call.
 */
export function validateInput(model: ServiceModel, operation: string, input: unknown, options: ValidationOptions = NO_OPTIONS): void {
  let byOptions = cache.get(model);
  if (byOptions === undefined) {
    byOptions = new WeakMap();
    cache.set(model, byOptions);
  }
  let validator = byOptions.get(options);
  if (validator === undefined) {
    validator = createValidator(model, options);
    byOptions.set(options, validator);
  }
  validator(operation, input);
}
