/**
 * The data tables tools/gen-models.mjs writes from AWS's Smithy models
 * (packages/<service>/src/generated/*.ts). Shape names are local to the service's
 * namespace; Smithy prelude shapes keep their full id ("smithy.api#String").
 */

export type ServiceProtocol = "awsJson1_0" | "awsJson1_1" | "restJson1" | "restXml" | "awsQuery" | "ec2Query" | "unknown";

export type ShapeType =
  | "structure" | "union" | "list" | "map"
  | "string" | "enum" | "blob" | "boolean" | "timestamp" | "document"
  | "byte" | "short" | "integer" | "intEnum" | "long" | "float" | "double" | "bigInteger" | "bigDecimal";

/** smithy.api#length / smithy.api#range bounds (both inclusive). */
export interface Bounds {
  readonly min?: number;
  readonly max?: number;
}

/** Constraint traits, on a shape or on a member (a member's own take precedence over its target's). */
export interface Constraints {
  readonly length?: Bounds;
  readonly range?: Bounds;
  /** As written in the model, e.g. "^[a-zA-Z0-9_.-]+$". */
  readonly pattern?: string;
}

export interface MemberModel extends Constraints {
  readonly target: string;
  readonly required?: boolean;
  /** Wire name in JSON bodies when it differs from the member name. */
  readonly jsonName?: string;
  readonly xmlName?: string;
  readonly xmlFlattened?: boolean;
  readonly xmlAttribute?: boolean;
  /** restJson/restXml bindings: URI label, query parameter, header, whole payload. */
  readonly label?: boolean;
  readonly query?: string;
  readonly queryParams?: boolean;
  readonly header?: string;
  readonly prefixHeaders?: string;
  readonly payload?: boolean;
  readonly responseCode?: boolean;
  readonly timestampFormat?: string;
}

export interface ShapeModel extends Constraints {
  readonly type: ShapeType;
  /** structure / union */
  readonly members?: Readonly<Record<string, MemberModel>>;
  /** list: element shape */
  readonly member?: string;
  /** list: XML name of each element when it is not "member" (awsQuery, restXml). */
  readonly memberXmlName?: string;
  /** map: key and value shapes */
  readonly key?: string;
  readonly value?: string;
  /** map: XML names of an entry's key and value when they are not "key" / "value". */
  readonly keyXmlName?: string;
  readonly valueXmlName?: string;
  /** enum / intEnum values, in model order */
  readonly values?: readonly (string | number)[];
  readonly unique?: boolean;
  /** Error structures: fault and HTTP status (smithy.api#httpError, else 400/500). */
  readonly error?: "client" | "server";
  readonly status?: number;
  /** awsQuery error code when it differs from the shape name. */
  readonly queryCode?: string;
  readonly sensitive?: boolean;
  readonly streaming?: boolean;
  readonly timestampFormat?: string;
  readonly xmlName?: string;
}

export interface OperationModel {
  readonly input?: string;
  readonly output?: string;
  /** Error shape names, sorted. */
  readonly errors: readonly string[];
  /** restJson/restXml only. */
  readonly http?: { readonly method: string; readonly uri: string; readonly code?: number };
}

export interface ServiceModel {
  readonly service: {
    /** Service shape name, e.g. "DynamoDB_20120810". */
    readonly id: string;
    readonly sdkId?: string;
    readonly version?: string;
    readonly protocol: ServiceProtocol;
    readonly signingName?: string;
    readonly endpointPrefix?: string;
    /** awsJson X-Amz-Target prefix, e.g. "DynamoDB_20120810". */
    readonly targetPrefix?: string;
    /** XML protocols: the namespace of response bodies, e.g. "http://sns.amazonaws.com/doc/2010-03-31/". */
    readonly xmlNamespace?: string;
  };
  readonly operations: Readonly<Record<string, OperationModel>>;
  readonly shapes: Readonly<Record<string, ShapeModel>>;
}

export interface OperationError {
  /** The shape name: the awsJson/restJson error code. */
  readonly code: string;
  /** awsQuery code when the model gives one. */
  readonly queryCode?: string;
  readonly status: number;
  readonly fault: "client" | "server";
}

/** Operation names, sorted: what an awsJson router accepts before UnknownOperationException. */
export function operationNames(model: ServiceModel): string[] {
  return Object.keys(model.operations);
}

export function hasOperation(model: ServiceModel, operation: string): boolean {
  return Object.prototype.hasOwnProperty.call(model.operations, operation);
}

/** The errors an operation declares, with their HTTP status. Undefined for an unknown operation. */
export function operationErrors(model: ServiceModel, operation: string): OperationError[] | undefined {
  if (!hasOperation(model, operation)) return undefined;
  return model.operations[operation].errors.map((code) => {
    const shape = model.shapes[code];
    const fault = shape?.error ?? "client";
    return {
      code,
      ...(shape?.queryCode ? { queryCode: shape.queryCode } : {}),
      status: shape?.status ?? (fault === "server" ? 500 : 400),
      fault,
    };
  });
}
