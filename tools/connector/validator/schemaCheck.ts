import Ajv, { ErrorObject, Options } from "ajv";
import AjvDraft04 from "ajv-draft-04";
import addFormats from "ajv-formats";
import { readFileSync } from "node:fs";
import { describeSchemaError, withoutRepeatedErrors } from "../../common/jsonSchemaErrors";
import { ConnectorFiles, FILE } from "../model/connectorFiles";
import { parseJsonc } from "../model/jsonc";
import { problem, Problem } from "../model/problem";
import { CONNECTOR_SCHEMAS_DIR, referencePath } from "../../reference/referencePaths";
import { patchedSchema, SchemaName, SchemaPatch, SCHEMA_PATCHES } from "./schemaPatches";
import { ReferenceCheck } from "../../reference/skippedChecks";
import { validateSwagger } from "../model/swaggerParser";

type JsonObject = Record<string, unknown>;

const SCHEMA_FILES: Record<SchemaName, string> = {
    apiDefinition: "apiDefinition.swagger.schema.json",
    apiProperties: "paconn-apiProperties.schema.json",
    settings: "paconn-settings.schema.json",
};

/** Check 2 reads Microsoft's schemas from the reference data. */
export const SCHEMA_CHECK: ReferenceCheck = {
    name: "connector JSON schemas",
    files: Object.values(SCHEMA_FILES).map((file) => `${CONNECTOR_SCHEMAS_DIR}/${file}`),
};

// Ajv's strict mode judges the schemas themselves; Microsoft's are VS Code schemas with
// editor-only keywords (defaultSnippets) and no-op ones (additionalItems beside a single items
// schema), which are not ours to fix. Strictness about the connector's files is unaffected.
const AJV_OPTIONS: Options = { allErrors: true, strict: false };

/** Check 1: OpenAPI 2.0 validity, as swagger-parser sees it (structure, $refs, path parameters). */
export async function checkOpenApi(files: ConnectorFiles): Promise<Problem[]> {
    try {
        await validateSwagger(files.apiDefinition);
        return [];
    } catch (error) {
        return [problem(FILE.apiDefinition, "", "openapi-2.0", (error as Error).message.split("\n").join(" "))];
    }
}

/** Check 2: each file against Microsoft's schema for it, with the named patches applied. */
export function checkSchemas(
    files: ConnectorFiles,
    referenceDir: string,
    patches: SchemaPatch[] = SCHEMA_PATCHES,
): Problem[] {
    const documents: Record<SchemaName, unknown> = {
        apiDefinition: files.apiDefinition,
        apiProperties: files.apiProperties,
        settings: files.settings,
    };
    return (Object.keys(SCHEMA_FILES) as SchemaName[]).flatMap((name) => {
        const validate = compileSchema(name, referenceDir, patches);
        if (validate(documents[name])) return [];
        return significantErrors(validate.errors ?? []).map((error) =>
            problem(FILE[name], error.instancePath, `schema:${SCHEMA_FILES[name]}`, describeSchemaError(error)),
        );
    });
}

export function loadConnectorSchema(name: SchemaName, referenceDir: string): JsonObject {
    const file = referencePath(referenceDir, CONNECTOR_SCHEMAS_DIR, SCHEMA_FILES[name]);
    try {
        return parseJsonc<JsonObject>(readFileSync(file, "utf8"));
    } catch (error) {
        if (error instanceof SyntaxError) throw new SyntaxError(`${file}: ${error.message}`);
        throw error;
    }
}

type Validator = ReturnType<Ajv["compile"]>;
const compiled = new Map<string, Validator>();

/** Compiling the swagger schema takes a second; validators are kept per schema, folder and patches. */
function compileSchema(name: SchemaName, referenceDir: string, patches: SchemaPatch[]): Validator {
    const key = `${name}|${referenceDir}|${patches.map((patch) => patch.name).join(",")}`;
    const cached = compiled.get(key);
    if (cached) return cached;
    const validate = compileUncached(name, referenceDir, patches);
    compiled.set(key, validate);
    return validate;
}

function compileUncached(name: SchemaName, referenceDir: string, patches: SchemaPatch[]): Validator {
    const schema = patchedSchema(name, loadConnectorSchema(name, referenceDir), patches);
    // The swagger schema is draft-04; the paconn schemas say draft-07 but name themselves with
    // draft-04's "id", which draft-07 calls "$id".
    const ajv = name === "apiDefinition" ? new AjvDraft04(AJV_OPTIONS) : new Ajv(AJV_OPTIONS);
    addFormats(ajv);
    if (name !== "apiDefinition" && typeof schema.id === "string") {
        const { id, ...rest } = schema;
        return ajv.compile({ $id: id, ...rest });
    }
    return ajv.compile(schema);
}

/**
 * A failed oneOf also reports every branch that was not meant. Ajv's schema paths cannot tell the
 * branches apart once they go through $ref, so no branch is guessed away (that can hide the real
 * error): only the bare "must match exactly one schema" summaries go, and repeats.
 */
function significantErrors(errors: ErrorObject[]): ErrorObject[] {
    const precise = errors.filter((error) => !["oneOf", "anyOf"].includes(error.keyword));
    return withoutRepeatedErrors(precise.length > 0 ? precise : errors);
}
