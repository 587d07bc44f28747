/**
 * The engine's one door to the expression language (expressions/): a request's
 * ExpressionAttributeNames/Values, the expressions it parses with them in DynamoDB's
 * order, and the final "unused names/values" check. Syntax trees are cached by text in
 * the expressions module, so a repeated expression costs a lookup and a validation.
 */
import { AwsError, ValidationException } from "@sam-sandbox/core";
import {
  applyUpdate,
  conditionAttributeNames,
  evaluateCondition,
  ExpressionContext,
  keyConditionFrom,
  keyConditions,
  parseCondition,
  parseKeyCondition,
  parseProjection,
  parseUpdate,
  project,
  projectPaths,
  updateOperandPaths,
  updatePaths,
  updateStaticTypes,
  validateExpressionAttributes,
  type ConditionAst,
  type DocumentPath,
  type KeyCondition,
} from "./expressions/index.js";
import { updateCost } from "./expressions/updateCost.js";
import { checkValue } from "./items.js";
import type { KeyCodec } from "./keys.js";
import type { ExpressionInput } from "./shapes.js";
import type { AttributeValue, Item, Key } from "./types.js";

export type { DocumentPath, KeyCondition };

export interface Condition {
  /** True when `item` (undefined: there is no item) satisfies the condition. */
  test(item: Item | undefined): boolean;
  /** Top-level attribute names the condition reads (Query's filter must avoid key attributes). */
  readonly names: readonly string[];
  /** Top-level attribute names the condition reads into (a.b, a[0]): never key attributes. */
  nestedNames(): string[];
}

export interface Update {
  /** The updated item; the stored item is never mutated. `key` starts a new item. */
  apply(item: Item | undefined, key: Key): Item;
  /** Document paths the update writes or removes, names resolved (UPDATED_OLD/UPDATED_NEW). */
  readonly paths: readonly DocumentPath[];
  /** Document paths its SET values read, names resolved. */
  operandPaths?(): DocumentPath[];
  /** Types top-level attributes get, where the request alone tells them. */
  staticTypes?(): Map<string, string>;
  /** What standalone UpdateItem holds against the item limit beside the finished item (expressions/updateCost.ts). */
  cost?(item: Item | undefined): number;
  /** Every action removes (REMOVE, DELETE): on a missing item nothing is written. */
  readonly removesOnly?: boolean;
}

export interface Projection {
  apply(item: Item): Item;
  /** The projected paths, names resolved. */
  readonly paths: readonly DocumentPath[];
}

/** A parsed KeyConditionExpression, resolved against the queried key schema later. */
export interface KeyConditionExpression {
  /** What DynamoDB checks before it reads the table: operators, nesting, one condition per key. */
  check(): void;
  resolve(codec: KeyCodec): KeyCondition;
}

/** DynamoDB's message for an invalid ExpressionAttributeValues entry (numbers normalized in place). */
function valueProblem(value: AttributeValue): ValidationException | undefined {
  try {
    checkValue(value);
    return undefined;
  } catch (error) {
    if (error instanceof ValidationException) return error;
    if (error instanceof AwsError && error.code === "ValidationException") return new ValidationException(error.message);
    throw error;
  }
}

export class RequestExpressions {
  private readonly context: ExpressionContext;

  constructor(input: ExpressionInput) {
    validateExpressionAttributes(input.ExpressionAttributeNames ?? undefined, input.ExpressionAttributeValues ?? undefined, valueProblem);
    this.context = new ExpressionContext(input.ExpressionAttributeNames ?? undefined, input.ExpressionAttributeValues ?? undefined);
  }

  condition(text: string | undefined, kind: "ConditionExpression" | "FilterExpression"): Condition | undefined {
    if (text === undefined || text === null) return undefined;
    const ast: ConditionAst = parseCondition(text, this.context, kind);
    const context = this.context;
    return {
      test: (item) => evaluateCondition(ast, item, context),
      names: conditionAttributeNames(ast, context),
      nestedNames: () => {
        const nested = new Set<string>();
        conditionAttributeNames(ast, context, nested);
        return [...nested];
      },
    };
  }

  update(text: string): Update {
    const ast = parseUpdate(text, this.context);
    const context = this.context;
    return {
      apply: (item, key) => applyUpdate(ast, item, context, key).item,
      paths: updatePaths(ast, context),
      operandPaths: () => updateOperandPaths(ast, context),
      staticTypes: () => updateStaticTypes(ast, context),
      cost: (item) => updateCost(ast, item, context),
      removesOnly: ast.actions.every((action) => action.kind === "REMOVE" || action.kind === "DELETE"),
    };
  }

  projection(text: string | undefined): Projection | undefined {
    if (text === undefined || text === null) return undefined;
    const projection = parseProjection(text, this.context);
    return { apply: (item) => project(item, projection), paths: projection.paths };
  }

  keyCondition(text: string): KeyConditionExpression {
    const ast = parseKeyCondition(text, this.context);
    const context = this.context;
    let conditions: ReturnType<typeof keyConditions> | undefined;
    return {
      check: () => {
        conditions = keyConditions(ast, context);
      },
      resolve: (codec) => keyConditionFrom(conditions ?? keyConditions(ast, context), { hashes: codec.hashes, ranges: codec.ranges }),
    };
  }

  /** "Value provided in ExpressionAttributeNames unused in expressions: …" */
  done(): void {
    this.context.checkUnused();
  }
}

/** The item reduced to already resolved paths (UpdateItem's UPDATED_OLD / UPDATED_NEW). */
export function projectOn(item: Item, paths: readonly DocumentPath[]): Item {
  return projectPaths(item, paths as DocumentPath[]);
}
