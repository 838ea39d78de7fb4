import AjvDraft04 from "ajv-draft-04";
import addFormats from "ajv-formats";
import { Schema, SwaggerDocument } from "../../connector/model/swaggerModel";
import { toPlainJson } from "../../common/exactJson";
import { describeSchemaError, withoutRepeatedErrors } from "../../common/jsonSchemaErrors";

/**
 * Checks JSON against schemas of the connector's definition (Swagger 2.0 schemas are JSON Schema
 * draft-04 with extensions), and names the JSON pointer of each mismatch.
 */

export interface SchemaAllowance {
    name: string;
    /** The definition property whose schema the allowance widens, as a path under #/definitions. */
    definitionPath: string[];
    why: string;
    widen(schema: Schema): Schema;
}

/**
 * Where the runner accepts what Databricks really sends although the definition does not say so.
 * Each is a gap in the definition to close there; none is open now.
 */
export const SCHEMA_ALLOWANCES: SchemaAllowance[] = [];

type Validator = ReturnType<AjvDraft04["compile"]>;

export interface SchemaMismatch {
    pointer: string;
    message: string;
}

export class SchemaChecker {
    private readonly ajv: AjvDraft04;
    private readonly compiled = new Map<Schema, Validator>();

    constructor(document: SwaggerDocument, allowances: SchemaAllowance[] = SCHEMA_ALLOWANCES) {
        this.ajv = new AjvDraft04({ allErrors: true, strict: false });
        addFormats(this.ajv);
        const definitions = structuredClone(document.definitions ?? {}) as Record<string, unknown>;
        for (const allowance of allowances) widenAt(definitions, allowance);
        this.ajv.addSchema(
            { id: "connector-definitions.json", definitions: rewriteRefs(definitions) } as object,
            "connector-definitions.json",
        );
    }

    /** The mismatches of a value (bigints are checked as numbers) against a schema of the definition. */
    check(schema: Schema, value: unknown): SchemaMismatch[] {
        let validate = this.compiled.get(schema);
        if (!validate) {
            validate = this.ajv.compile(rewriteRefs(structuredClone(schema)) as object);
            this.compiled.set(schema, validate);
        }
        if (validate(toPlainJson(value))) return [];
        return withoutRepeatedErrors(validate.errors ?? []).map((error) => ({
            pointer: error.instancePath || "/",
            message: describeSchemaError(error),
        }));
    }
}

export function formatMismatches(mismatches: SchemaMismatch[], limit = 5): string {
    const shown = mismatches.slice(0, limit).map((mismatch) => `${mismatch.pointer}: ${mismatch.message}`);
    const more = mismatches.length > limit ? ` (and ${mismatches.length - limit} more)` : "";
    return `${shown.join("; ")}${more}`;
}

function widenAt(definitions: Record<string, unknown>, allowance: SchemaAllowance): void {
    const path = allowance.definitionPath;
    let node: Record<string, unknown> | undefined = definitions;
    for (const segment of path.slice(0, -1)) {
        node = node?.[segment] as Record<string, unknown> | undefined;
    }
    const last = path[path.length - 1];
    if (node && typeof node[last] === "object") node[last] = allowance.widen(node[last] as Schema);
}

/**
 * Turns a Swagger 2.0 schema into one Ajv reads: references point into the added definitions, and
 * `x-nullable: true` (Swagger 2.0 has no null type) lets the value be null as well.
 */
function rewriteRefs(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(rewriteRefs);
    if (value === null || typeof value !== "object") return value;
    const rewritten: Record<string, unknown> = Object.fromEntries(
        Object.entries(value).map(([key, item]) => [
            key,
            key === "$ref" && typeof item === "string" && item.startsWith("#/definitions/")
                ? `connector-definitions.json${item}`
                : rewriteRefs(item),
        ]),
    );
    if (rewritten["x-nullable"] === true && typeof rewritten.type === "string")
        rewritten.type = [rewritten.type, "null"];
    return rewritten;
}
