import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { withoutRepeatedErrors } from "../common/jsonSchemaErrors";
import { isObject } from "../common/objects";
import type { ReferenceData } from "../reference/referencePaths";
import type { ReferenceCheck } from "../reference/skippedChecks";

/**
 * Microsoft's published pa.yaml v3.0 schema (draft-07, written in YAML), read from the reference
 * data, with its two known defects patched here. Each patch changes one thing, says why, and fails
 * loudly when the schema no longer has the shape it patches (then Microsoft has fixed it: drop it).
 */

export const PA_SCHEMA_FILE = "canvas-source/pa.schema.yaml";

export const PA_SCHEMA_CHECK: ReferenceCheck = {
    name: "canvas screen against the pa.yaml v3.0 schema",
    files: [PA_SCHEMA_FILE],
};

type JsonObject = Record<string, unknown>;

export interface PaSchemaPatch {
    name: string;
    why: string;
    apply(schema: JsonObject): void;
}

function at(schema: JsonObject, ...path: (string | number)[]): JsonObject {
    let node: unknown = schema;
    for (const key of path) {
        node = isObject(node) || Array.isArray(node) ? (node as Record<string | number, unknown>)[key] : undefined;
        if (!isObject(node)) throw new Error(`the schema has no object at /${path.join("/")}`);
    }
    return node as JsonObject;
}

/** The pattern as published: one "(" too few before the publisher prefix. */
export const PUBLISHED_COMPONENT_NAME_PATTERN = String.raw`^([a-zA-Z][a-zA-Z0-9]{1,7})_)?(\w+\.)+(\w+)(\([0-9a-f-]{36}\))?$`;
/** The format its own description gives: ( <prefix> '_' )? ( <namespace> '.' )+ <class> ( '(' <GUID> ')' )? */
export const CORRECTED_COMPONENT_NAME_PATTERN = String.raw`^(([a-zA-Z][a-zA-Z0-9]{1,7})_)?(\w+\.)+(\w+)(\([0-9a-f-]{36}\))?$`;

export const COMPONENT_NAME_PATTERN_PATCH: PaSchemaPatch = {
    name: "code-component-name-pattern",
    why:
        "CodeComponent-ComponentName's pattern has an unbalanced ')', which no regular expression engine " +
        "compiles: every validator refuses the schema as soon as it holds a `Control: CodeComponent` rule. " +
        "The patch adds the missing '(' so that the pattern matches the format the definition describes.",
    apply(schema) {
        const definition = at(schema, "definitions", "CodeComponent-ComponentName");
        if (definition.pattern !== PUBLISHED_COMPONENT_NAME_PATTERN)
            throw new Error(`the pattern is no longer the published one: ${String(definition.pattern)}`);
        definition.pattern = CORRECTED_COMPONENT_NAME_PATTERN;
    },
};

export const ACTIONS_CONNECTOR_ID_PATCH: PaSchemaPatch = {
    name: "actions-data-source-connector-id",
    why:
        "DataSource-instance declares ConnectorId, but its `Type: Actions` branch (the branch of a connector) " +
        "has additionalProperties false and lists only Type, so a connector data source with its ConnectorId " +
        "is refused. The patch lets that branch hold ConnectorId, as the outer definition does.",
    apply(schema) {
        const branches = at(schema, "definitions", "DataSource-instance").oneOf;
        const branch = Array.isArray(branches)
            ? (branches as unknown[]).find(
                  (candidate) =>
                      isObject(candidate) &&
                      isObject(candidate.properties) &&
                      isObject(candidate.properties.Type) &&
                      candidate.properties.Type.const === "Actions",
              )
            : undefined;
        if (!isObject(branch)) throw new Error("DataSource-instance has no `Type: Actions` branch");
        const properties = at(branch, "properties");
        if ("ConnectorId" in properties) throw new Error("the Actions branch already allows ConnectorId");
        properties.ConnectorId = { type: "string" };
    },
};

export const PA_SCHEMA_PATCHES: readonly PaSchemaPatch[] = [COMPONENT_NAME_PATTERN_PATCH, ACTIONS_CONNECTOR_ID_PATCH];

export function readPaSchema(reference: ReferenceData): JsonObject {
    const schema: unknown = parse(readFileSync(reference.path(PA_SCHEMA_FILE), "utf8"));
    if (!isObject(schema)) throw new Error(`${PA_SCHEMA_FILE} is not a schema object`);
    return schema;
}

export function patchedPaSchema(schema: JsonObject, patches: readonly PaSchemaPatch[] = PA_SCHEMA_PATCHES): JsonObject {
    const copy = structuredClone(schema);
    for (const patch of patches) {
        try {
            patch.apply(copy);
        } catch (error) {
            throw new Error(`The pa.yaml schema patch ${patch.name} no longer applies: ${(error as Error).message}`);
        }
    }
    return copy;
}

/**
 * Compiles the schema (patched or not) with Ajv's draft-07 default. Strict mode is off: the schema
 * is a VS Code schema with editor-only keywords (defaultSnippets), not ours to fix.
 */
export function compilePaSchema(schema: JsonObject): ValidateFunction {
    return new Ajv({ allErrors: true, strict: false }).compile(schema);
}

/** Ajv's errors without the ones every failed if/oneOf branch repeats, and without the bare "must match then/else schema". */
export function paSchemaErrors(validate: ValidateFunction, document: unknown): ErrorObject[] {
    if (validate(document)) return [];
    const errors = withoutRepeatedErrors(validate.errors ?? []);
    const specific = errors.filter((error) => !["if", "oneOf", "anyOf", "not", "allOf"].includes(error.keyword));
    return specific.length > 0 ? specific : errors;
}
