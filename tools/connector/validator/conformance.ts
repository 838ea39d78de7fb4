import { FILE } from "../model/connectorFiles";
import { DATABRICKS_REFERENCE_FILES, DatabricksReference, FieldFact, FieldLocation } from "./databricksReference";
import { pointerOf } from "../../common/jsonPointer";
import { problem, Problem } from "../model/problem";
import { GET_JOB_PATH, PARAMETERS_SCHEMA_OPERATION_ID, RUN_NOW_OPERATION_ID } from "../customCode/scriptRules";
import { ReferenceCheck } from "../../reference/skippedChecks";
import { OperationEntry, operationsOf, Schema, SwaggerDocument } from "../model/swaggerModel";

/**
 * Check 4: the definition says nothing Databricks does not. Every path and method exists in the
 * reference files; every request parameter and body property, and every property of a 2xx
 * response schema, exists there with a compatible type, int64 where Databricks' is int64, and
 * only enum values Databricks documents. What the connector adds on purpose is listed below.
 */

/** Check 4 reads Databricks' API descriptions from the reference data. */
export const CONFORMANCE_CHECK: ReferenceCheck = {
    name: "conformance to Databricks' API",
    files: DATABRICKS_REFERENCE_FILES,
};

export interface ScriptRoute {
    operationId: string;
    servedBy: { method: string; path: string };
    why: string;
}

/**
 * Operations that Databricks does not have, served by script.csx from an operation it does have.
 * Their request is checked against that operation; their response is built by the script and is
 * checked by the script cases instead (scriptCases.ts).
 */
export const SCRIPT_ROUTES: ScriptRoute[] = [
    {
        operationId: PARAMETERS_SCHEMA_OPERATION_ID,
        servedBy: { method: "get", path: GET_JOB_PATH },
        why: "Databricks has no endpoint that returns a job's parameters as a schema; script.csx calls Get a job and builds one from settings.parameters.",
    },
];

export interface ConnectorField {
    operationId: string;
    location: FieldLocation;
    name: string;
    why: string;
}

/** Request fields that exist only between Power Platform and script.csx, never sent to Databricks. */
export const CONNECTOR_FIELDS: ConnectorField[] = [
    {
        operationId: RUN_NOW_OPERATION_ID,
        location: "body",
        name: "job_parameters_json",
        why: "Canvas apps pass job parameters as JSON text; script.csx turns it into job_parameters and removes it.",
    },
];

const MAX_DEPTH = 12;

export function checkConformance(document: SwaggerDocument, reference: DatabricksReference): Problem[] {
    const found = operationsOf(document).flatMap((entry) => checkOperation(document, reference, entry));
    const seen = new Set<string>();
    return found.filter((item) => {
        // A definition reached along several paths (Run, in GetRun, ListRuns and RunOutput) is reported once.
        const key = `${item.pointer} ${item.rule}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
    });
}

function checkOperation(document: SwaggerDocument, reference: DatabricksReference, entry: OperationEntry): Problem[] {
    const { operation, pointer } = entry;
    const route = SCRIPT_ROUTES.find((candidate) => candidate.operationId === operation.operationId);
    const target = route ? route.servedBy : { method: entry.method, path: entry.path };
    if (!reference.hasOperation(target.method, target.path)) {
        return [
            problem(
                FILE.apiDefinition,
                pointer,
                "databricks-path",
                `${target.method.toUpperCase()} ${target.path} is not in the Databricks reference`,
            ),
        ];
    }

    const check = (location: FieldLocation, segments: string[], schema: Schema, fieldPointer: string): Problem[] => {
        const isConnectorField = CONNECTOR_FIELDS.some(
            (field) =>
                field.operationId === operation.operationId &&
                field.location === location &&
                segments.length === 1 &&
                field.name === segments[0],
        );
        if (isConnectorField) return [];
        return compareField(
            schema,
            reference.factsOf(target.method, target.path, location, segments),
            location,
            segments,
            fieldPointer,
        );
    };

    const found: Problem[] = [];
    (operation.parameters ?? []).forEach((parameter, index) => {
        const parameterPointer = `${pointer}${pointerOf("parameters", index)}`;
        if (parameter.in === "body") {
            found.push(
                ...walkSchema(document, parameter.schema, [], `${parameterPointer}/schema`, (segments, schema, at) =>
                    check("body", segments, schema, at),
                ),
            );
        } else if (parameter.in === "query" || parameter.in === "path") {
            found.push(...check(parameter.in, [parameter.name], parameter, parameterPointer));
        }
    });

    const success = Object.entries(operation.responses ?? {}).find(([status]) => /^2\d\d$/.test(status));
    if (success?.[1].schema && !route) {
        const responsePointer = `${pointer}${pointerOf("responses", success[0], "schema")}`;
        found.push(
            ...walkSchema(document, success[1].schema, [], responsePointer, (segments, schema, at) =>
                check("response", segments, schema, at),
            ),
        );
    }
    return found;
}

type FieldVisitor = (segments: string[], schema: Schema, pointer: string) => Problem[];

/** Visits every property and array item below `schema`, following our own $refs. */
function walkSchema(
    document: SwaggerDocument,
    schema: Schema | undefined,
    segments: string[],
    pointer: string,
    visit: FieldVisitor,
    depth = 0,
): Problem[] {
    if (!schema || depth > MAX_DEPTH) return [];
    let node = schema;
    let at = pointer;
    if (node.$ref) {
        const name = node.$ref.replace(/^#\/definitions\//, "");
        node = document.definitions?.[name] ?? {};
        at = pointerOf("definitions", name);
    }
    const found: Problem[] = [];
    for (const [name, property] of Object.entries(node.properties ?? {})) {
        const propertySegments = [...segments, name];
        const propertyPointer = `${at}${pointerOf("properties", name)}`;
        const resolved = property.$ref
            ? (document.definitions?.[property.$ref.replace(/^#\/definitions\//, "")] ?? {})
            : property;
        found.push(...visit(propertySegments, resolved, propertyPointer));
        found.push(...walkSchema(document, property, propertySegments, propertyPointer, visit, depth + 1));
    }
    if (node.items) {
        const itemSegments = [...segments, "[]"];
        const items = node.items.$ref
            ? (document.definitions?.[node.items.$ref.replace(/^#\/definitions\//, "")] ?? {})
            : node.items;
        if (segments.length > 0) found.push(...visit(itemSegments, items, `${at}/items`));
        found.push(...walkSchema(document, node.items, itemSegments, `${at}/items`, visit, depth + 1));
    }
    return found;
}

function compareField(
    ours: Schema,
    facts: FieldFact[],
    location: FieldLocation,
    segments: string[],
    pointer: string,
): Problem[] {
    const field = `${location} field ${segments.join(".").replace(/\.\[\]/g, "[]")}`;
    const report = (rule: string, message: string) => problem(FILE.apiDefinition, pointer, rule, message);
    if (facts.length === 0) return [report("databricks-field", `${field} is not in the Databricks reference`)];

    const found: Problem[] = [];
    const authority = DatabricksReference.authorityOf(facts, location);
    const ourType = ours.type ?? (ours.properties ? "object" : undefined);
    if (authority && ourType && ourType !== authority.type) {
        found.push(
            report("databricks-type", `${field} is ${ourType}, Databricks' is ${authority.type} (${authority.file})`),
        );
    }

    const int64Source = facts.find((fact) => fact.format === "int64");
    if (int64Source && ours.format !== "int64") {
        found.push(report("databricks-int64", `${field} must have format int64, as in ${int64Source.file}`));
    } else if (
        ours.format &&
        authority?.format &&
        ours.format !== authority.format &&
        !(ours.format === "int64" && int64Source)
    ) {
        found.push(
            report(
                "databricks-format",
                `${field} has format ${ours.format}, Databricks' is ${authority.format} (${authority.file})`,
            ),
        );
    }
    if (ours.format === "int64" && authority && authority.type !== "integer") {
        found.push(
            report("databricks-int64", `${field} is int64, but Databricks' is ${authority.type} (${authority.file})`),
        );
    }

    if (Array.isArray(ours.enum)) {
        const documented = new Set(facts.flatMap((fact) => fact.enum ?? []));
        if (documented.size === 0)
            found.push(report("databricks-enum", `${field} declares an enum, but Databricks documents none`));
        else {
            const unknown = ours.enum.map(String).filter((value) => !documented.has(value));
            if (unknown.length > 0)
                found.push(
                    report(
                        "databricks-enum",
                        `${field} has values Databricks does not document: ${unknown.join(", ")}`,
                    ),
                );
        }
    }
    return found;
}
