import { pointerOf } from "../../common/jsonPointer";

/** Just enough of Swagger 2.0 to walk a connector definition. */
export interface Schema {
    type?: string;
    format?: string;
    enum?: unknown[];
    $ref?: string;
    properties?: Record<string, Schema>;
    items?: Schema;
    additionalProperties?: Schema | boolean;
    /** The required properties of an object; on a non-body parameter (which is its own schema), whether it is required. */
    required?: string[] | boolean;
    description?: string;
    "x-ms-summary"?: string;
    "x-ms-visibility"?: string;
    [extension: string]: unknown;
}

/** The names an object schema requires (a `required` list; a parameter's boolean is not one). */
export function requiredProperties(schema: Schema): string[] {
    return Array.isArray(schema.required) ? schema.required : [];
}

export interface Parameter extends Schema {
    name: string;
    in: "query" | "path" | "header" | "body" | "formData";
    required?: boolean;
    schema?: Schema;
}

export interface Response {
    description?: string;
    schema?: Schema;
}

export interface Operation {
    operationId?: string;
    summary?: string;
    description?: string;
    consumes?: string[];
    parameters?: Parameter[];
    responses?: Record<string, Response>;
    "x-ms-visibility"?: string;
    [extension: string]: unknown;
}

export interface SwaggerDocument {
    info?: { title?: string; description?: string; contact?: Record<string, string> };
    host?: string;
    basePath?: string;
    schemes?: string[];
    paths?: Record<string, Record<string, Operation>>;
    definitions?: Record<string, Schema>;
    securityDefinitions?: Record<string, Record<string, unknown>>;
    security?: Array<Record<string, string[]>>;
    "x-ms-connector-metadata"?: Array<{ propertyName?: string; propertyValue?: string }>;
}

export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch"];

export interface OperationEntry {
    path: string;
    method: string;
    operation: Operation;
    pointer: string;
}

export function operationsOf(document: SwaggerDocument): OperationEntry[] {
    return Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
        Object.entries(item)
            .filter(([method]) => HTTP_METHODS.includes(method))
            .map(([method, operation]) => ({ path, method, operation, pointer: pointerOf("paths", path, method) })),
    );
}

export function findOperation(document: SwaggerDocument, operationId: string): OperationEntry | undefined {
    return operationsOf(document).find((entry) => entry.operation.operationId === operationId);
}

export function bodyParameterOf(operation: Operation): Parameter | undefined {
    return (operation.parameters ?? []).find((parameter) => parameter.in === "body");
}

/** The definition a `#/definitions/Name` reference points to. */
export function resolveRef(document: SwaggerDocument, schema: Schema): Schema {
    if (!schema.$ref) return schema;
    const name = schema.$ref.replace(/^#\/definitions\//, "");
    return document.definitions?.[name] ?? {};
}

export interface PropertyVisit {
    name: string;
    schema: Schema;
    pointer: string;
}

/**
 * Every named property declared in place under `schema` (nested objects and array items
 * included), without following $ref: a referenced definition is visited where it is defined.
 */
export function propertiesDeclaredIn(schema: Schema | undefined, pointer: string): PropertyVisit[] {
    if (!schema || typeof schema !== "object") return [];
    const own = Object.entries(schema.properties ?? {}).flatMap(([name, property]) => {
        const propertyPointer = `${pointer}${pointerOf("properties", name)}`;
        return [
            { name, schema: property, pointer: propertyPointer },
            ...propertiesDeclaredIn(property, propertyPointer),
        ];
    });
    const items = schema.items ? propertiesDeclaredIn(schema.items, `${pointer}/items`) : [];
    return [...own, ...items];
}

/** Every property of every schema in the document: in definitions, parameters and responses. */
export function allDeclaredProperties(document: SwaggerDocument): PropertyVisit[] {
    const inDefinitions = Object.entries(document.definitions ?? {}).flatMap(([name, schema]) =>
        propertiesDeclaredIn(schema, pointerOf("definitions", name)),
    );
    const inOperations = operationsOf(document).flatMap(({ operation, pointer }) => [
        ...(operation.parameters ?? []).flatMap((parameter, index) =>
            propertiesDeclaredIn(parameter.schema, `${pointer}${pointerOf("parameters", index, "schema")}`),
        ),
        ...Object.entries(operation.responses ?? {}).flatMap(([status, response]) =>
            propertiesDeclaredIn(response.schema, `${pointer}${pointerOf("responses", status, "schema")}`),
        ),
    ]);
    return [...inDefinitions, ...inOperations];
}
