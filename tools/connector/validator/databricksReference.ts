import { DATABRICKS_DIR, referencePath } from "../../reference/referencePaths";
import { parseApiFiles } from "../model/swaggerParser";

/**
 * What the reference descriptions of Databricks' REST API say about one field, and how far each
 * can be trusted. Databricks publishes no current official OpenAPI file; the three copies in the
 * reference data's databricks/ folder each have known defects (SOURCE.md there). Every defect this
 * module works around is one of the named allowances below, applied in code where it bites.
 */

export type SourceId = "sdkgen" | "official-2.1" | "docscrape";

export interface Allowance {
    name: string;
    source: SourceId;
    defect: string;
    handling: string;
}

export const ALLOWANCES = {
    sdkgenRequestTypes: {
        name: "sdkgen-request-types-from-sdk-docstrings",
        source: "sdkgen",
        defect: "Request bodies and query parameters are declared as string whatever their real type (maps, lists, ints, bools).",
        handling:
            "The declared request types are not used; the type comes from the operation's SDK docstring (':param row_limit: int'), " +
            "which the generator copied from the official Python SDK, and nested types from components.schemas, which are sound.",
    },
    sdkgenNoFormats: {
        name: "sdkgen-no-formats",
        source: "sdkgen",
        defect: "No integer carries a format, so int64 cannot be read from it.",
        handling:
            "int64 comes from the official 2.1 file and the docscrape file; sdkgen's plain integer agrees with int64 and int32.",
    },
    docscrapeRequestBodies: {
        name: "docscrape-request-body-types-shifted",
        source: "docscrape",
        defect:
            "Request bodies are garbled: the first field reads 'type: required' and each real type slides to the next field " +
            "(run-now's idempotency_token becomes integer/int64).",
        handling: "docscrape request bodies only witness that a field exists; their types and formats are not used.",
    },
    docscrapeQueryParameters: {
        name: "docscrape-query-parameters-untyped",
        source: "docscrape",
        defect: "Query parameters carry no schema (run_id only has 'description: int64').",
        handling: "docscrape query parameters only witness that a parameter exists.",
    },
    officialIsJobs21: {
        name: "official-file-is-jobs-2.1",
        source: "official-2.1",
        defect: "The official file is Jobs API 2.1 (May 2023), with paths /2.1/jobs/... relative to /api, and misses later fields.",
        handling: "/api/2.2/jobs/X is looked up as /2.1/jobs/X; a field it lacks is looked up in the other files.",
    },
} satisfies Record<string, Allowance>;

/** The facts of one field in one reference file. */
export interface FieldFact {
    source: SourceId;
    file: string;
    /** undefined when this source only witnesses that the field exists. */
    type?: string;
    format?: string;
    enum?: string[];
}

export type FieldLocation = "query" | "path" | "body" | "response";

interface OasSchema {
    type?: string | string[];
    format?: string;
    enum?: unknown[];
    $ref?: string;
    properties?: Record<string, OasSchema>;
    items?: OasSchema;
    allOf?: OasSchema[];
}

interface OasOperation {
    description?: string;
    parameters?: Array<{ name: string; in: string; schema?: OasSchema; $ref?: string }>;
    requestBody?: { content?: Record<string, { schema?: OasSchema }>; $ref?: string };
    responses?: Record<string, { content?: Record<string, { schema?: OasSchema }>; $ref?: string }>;
}

interface OasDocument {
    paths: Record<string, Record<string, OasOperation>>;
    components?: { schemas?: Record<string, OasSchema> };
}

interface ReferenceSpec {
    source: SourceId;
    file: string;
    document: OasDocument;
}

const SOURCE_FILES: Array<[SourceId, string]> = [
    ["sdkgen", "stackql-sdkgen-2026-02/jobs.json"],
    ["sdkgen", "stackql-sdkgen-2026-02/sql.json"],
    ["official-2.1", "official-jobs-2.1-2023-05/jobs-2.1-aws.yaml"],
    ["docscrape", "stackql-docscrape-2024-12/workflows.yaml"],
];

/** The reference files the Databricks descriptions are read from, by their path in the reference folder. */
export const DATABRICKS_REFERENCE_FILES: readonly string[] = SOURCE_FILES.map(
    ([, file]) => `${DATABRICKS_DIR}/${file}`,
);

/** Which file decides a field's type, by where the field is. */
const TYPE_AUTHORITY: Record<FieldLocation, SourceId[]> = {
    // The official file is exact where it has the field; sdkgen's docstrings are current.
    query: ["official-2.1", "sdkgen"],
    path: ["official-2.1", "sdkgen"],
    body: ["official-2.1", "sdkgen"],
    // sdkgen's components are generated from the current SDK and are sound.
    response: ["sdkgen", "official-2.1", "docscrape"],
};

export class DatabricksReference {
    private constructor(private readonly specs: ReferenceSpec[]) {}

    static async load(referenceDir: string): Promise<DatabricksReference> {
        const paths = SOURCE_FILES.map(([, file]) => referencePath(referenceDir, DATABRICKS_DIR, file));
        const documents = (await parseApiFiles(paths)) as OasDocument[];
        return new DatabricksReference(
            SOURCE_FILES.map(([source, file], index) => ({ source, file, document: documents[index] })),
        );
    }

    /** The reference files that describe this method and path. */
    sourcesOf(method: string, path: string): string[] {
        return this.operations(method, path).map(({ spec }) => spec.file);
    }

    hasOperation(method: string, path: string): boolean {
        return this.operations(method, path).length > 0;
    }

    /** One fact per reference file that knows the field; `segments` walks into bodies ("[]" = items). */
    factsOf(method: string, path: string, location: FieldLocation, segments: string[]): FieldFact[] {
        return this.operations(method, path).flatMap(({ spec, operation }) => {
            const fact = factIn(spec, operation, location, segments);
            return fact ? [fact] : [];
        });
    }

    /** The fact that decides the field's type, by the authority order for its location. */
    static authorityOf(facts: FieldFact[], location: FieldLocation): FieldFact | undefined {
        for (const source of TYPE_AUTHORITY[location]) {
            const fact = facts.find((candidate) => candidate.source === source && candidate.type !== undefined);
            if (fact) return fact;
        }
        return undefined;
    }

    private operations(method: string, path: string): Array<{ spec: ReferenceSpec; operation: OasOperation }> {
        return this.specs.flatMap((spec) => {
            const operation = spec.document.paths[pathIn(spec.source, path)]?.[method];
            return operation ? [{ spec, operation }] : [];
        });
    }
}

function pathIn(source: SourceId, path: string): string {
    return source === "official-2.1" ? path.replace(/^\/api\/2\.2\/jobs\//, "/2.1/jobs/") : path;
}

function factIn(
    spec: ReferenceSpec,
    operation: OasOperation,
    location: FieldLocation,
    segments: string[],
): FieldFact | undefined {
    const { source, document } = spec;
    const [first, ...rest] = segments;
    let start: OasSchema | undefined;
    let typed = true;

    if (location === "response") {
        start = jsonSchemaOf(operation.responses?.["200"]);
    } else if (source === "sdkgen") {
        // Allowance sdkgenRequestTypes: the declared type is a string for everything.
        const declared =
            location === "body"
                ? propertyOf(document, jsonSchemaOf(operation.requestBody), first)
                : parameterOf(operation, location, first);
        if (declared === undefined) return undefined;
        const fromDocstring = docstringType(operation.description ?? "", first);
        typed = fromDocstring !== undefined;
        return describe(spec, walk(document, fromDocstring ?? {}, rest), typed);
    } else if (location === "body") {
        start = jsonSchemaOf(operation.requestBody);
        // Allowance docscrapeRequestBodies: existence only.
        typed = source !== "docscrape";
    } else {
        const parameter = (operation.parameters ?? []).find(
            (candidate) => candidate.in === location && candidate.name === first,
        );
        if (!parameter) return undefined;
        // Allowance docscrapeQueryParameters: existence only when there is no schema.
        return describe(spec, parameter.schema ?? {}, parameter.schema !== undefined);
    }

    return describe(spec, walk(document, start, segments), typed);
}

function describe(spec: ReferenceSpec, schema: OasSchema | undefined, typed: boolean): FieldFact | undefined {
    if (schema === undefined) return undefined;
    const resolved = resolve(spec.document, schema);
    const type = Array.isArray(resolved.type) ? resolved.type.find((candidate) => candidate !== "null") : resolved.type;
    const inferred = type ?? (resolved.properties ? "object" : resolved.enum ? "string" : undefined);
    return {
        source: spec.source,
        file: spec.file,
        type: typed && isJsonType(inferred) ? inferred : undefined,
        // Allowance sdkgenNoFormats needs nothing here: sdkgen simply has no formats.
        format: typed ? resolved.format : undefined,
        enum: typed && Array.isArray(resolved.enum) ? resolved.enum.map(String) : undefined,
    };
}

function isJsonType(type: string | undefined): type is string {
    return ["string", "integer", "number", "boolean", "object", "array"].includes(String(type));
}

function walk(document: OasDocument, schema: OasSchema | undefined, segments: string[]): OasSchema | undefined {
    let node = schema;
    for (const segment of segments) {
        if (node === undefined) return undefined;
        const resolved = resolve(document, node);
        node = segment === "[]" ? resolved.items : propertiesOf(document, resolved)[segment];
    }
    return node;
}

function propertyOf(document: OasDocument, schema: OasSchema | undefined, name: string): OasSchema | undefined {
    return schema ? propertiesOf(document, resolve(document, schema))[name] : undefined;
}

function parameterOf(operation: OasOperation, location: FieldLocation, name: string): OasSchema | undefined {
    const parameter = (operation.parameters ?? []).find(
        (candidate) => candidate.in === location && candidate.name === name,
    );
    return parameter ? (parameter.schema ?? {}) : undefined;
}

/** Properties of a schema, with allOf parts merged (the official file composes with allOf). */
function propertiesOf(document: OasDocument, schema: OasSchema): Record<string, OasSchema> {
    const parts = (schema.allOf ?? []).map((part) => propertiesOf(document, resolve(document, part)));
    return Object.assign({}, ...parts, schema.properties ?? {});
}

function resolve(document: OasDocument, schema: OasSchema): OasSchema {
    let node = schema;
    for (let hops = 0; node.$ref && hops < 16; hops += 1) {
        const name = node.$ref.replace(/^#\/components\/schemas\//, "");
        node = document.components?.schemas?.[name] ?? {};
    }
    return node;
}

function jsonSchemaOf(holder: { content?: Record<string, { schema?: OasSchema }> } | undefined): OasSchema | undefined {
    return holder?.content?.["application/json"]?.schema;
}

/**
 * The type of a parameter as the SDK docstring in an sdkgen operation's description states it,
 * e.g. ":param job_parameters: Dict[str,str] (optional)".
 */
export function docstringType(description: string, name: string): OasSchema | undefined {
    const line = new RegExp(`^:param ${name}: (.+?)(?: \\(optional\\))?$`, "m").exec(description);
    return line ? pythonType(line[1].trim()) : undefined;
}

function pythonType(text: string): OasSchema | undefined {
    const list = /^List\[(.+)\]$/.exec(text);
    if (list) {
        const items = pythonType(list[1]);
        return items ? { type: "array", items } : undefined;
    }
    const reference = /^:class:`(\w+)`$/.exec(text);
    if (reference) return { $ref: `#/components/schemas/${reference[1]}` };
    if (/^Dict\[/.test(text)) return { type: "object" };
    const scalar: Record<string, string> = { str: "string", int: "integer", bool: "boolean", float: "number" };
    return scalar[text] ? { type: scalar[text] } : undefined;
}
