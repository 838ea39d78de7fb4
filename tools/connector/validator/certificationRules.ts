import { FILE } from "../model/connectorFiles";
import { pointerOf } from "../../common/jsonPointer";
import { problem, Problem } from "../model/problem";
import {
    allDeclaredProperties,
    bodyParameterOf,
    findOperation,
    operationsOf,
    Parameter,
    PropertyVisit,
    resolveRef,
    Schema,
    SwaggerDocument,
} from "../model/swaggerModel";

/**
 * The certification rules of Microsoft's connector review that the JSON schemas do not encode,
 * as the connector issue lists them. Each problem names its rule.
 */

const SUMMARY_MAX = 80;
const PARAMETER_SUMMARY_MAX = 30;
const TITLE_MAX = 30;
const INFO_DESCRIPTION_RANGE = [30, 500] as const;
const REQUIRED_METADATA = ["Website", "Privacy policy", "Categories"];
const ERROR_STATUSES = ["400", "401", "403", "404", "429", "500", "503"];
const VISIBILITIES = ["important", "advanced", "internal"];

/** Words that stay lower case inside Title Case. */
const MINOR_WORDS = new Set([
    "a",
    "an",
    "and",
    "as",
    "at",
    "by",
    "for",
    "from",
    "in",
    "into",
    "of",
    "on",
    "or",
    "per",
    "the",
    "to",
    "via",
    "with",
]);
/** Names whose owners write them in lower case (dbt Labs' "dbt"). */
const LOWER_CASE_NAMES = new Set(["dbt"]);
/** Proper nouns that keep their capital inside a sentence-case summary. */
const PROPER_NOUNS = new Set(["Databricks", "Azure", "Microsoft", "Entra", "Power", "Apps", "Automate"]);

export function checkCertificationRules(document: SwaggerDocument): Problem[] {
    return [
        ...checkInfo(document),
        ...checkOperations(document),
        ...checkParameters(document),
        ...checkProperties(document),
        ...checkDynamicReferences(document),
    ];
}

function checkInfo(document: SwaggerDocument): Problem[] {
    const found: Problem[] = [];
    const report = (pointer: string, rule: string, message: string) =>
        found.push(problem(FILE.apiDefinition, pointer, rule, message));
    const title = document.info?.title ?? "";
    if (title.length === 0 || title.length > TITLE_MAX)
        report("/info/title", "info-title", `must have 1 to ${TITLE_MAX} characters, has ${title.length}`);
    if (/\b(api|connector)\b/i.test(title))
        report("/info/title", "info-title", 'must not contain "API" or "Connector"');
    const description = document.info?.description ?? "";
    const [min, max] = INFO_DESCRIPTION_RANGE;
    if (description.length < min || description.length > max) {
        report(
            "/info/description",
            "info-description",
            `must have ${min} to ${max} characters, has ${description.length}`,
        );
    }
    const contact = document.info?.contact;
    if (!contact || !(contact.name && (contact.url || contact.email))) {
        report("/info/contact", "info-contact", "must name the publisher and give a URL or an email address");
    }
    const metadata = document["x-ms-connector-metadata"] ?? [];
    for (const name of REQUIRED_METADATA) {
        const entry = metadata.find((item) => item.propertyName === name);
        if (!entry?.propertyValue)
            report("/x-ms-connector-metadata", "connector-metadata", `must have a "${name}" entry with a value`);
    }
    return found;
}

function checkOperations(document: SwaggerDocument): Problem[] {
    const found: Problem[] = [];
    const seenIds = new Map<string, string>();
    for (const { method, operation, pointer } of operationsOf(document)) {
        const report = (field: string, rule: string, message: string) =>
            found.push(problem(FILE.apiDefinition, `${pointer}${field}`, rule, message));
        const { operationId, summary, description } = operation;

        if (!operationId || !/^[A-Z][A-Za-z0-9]*$/.test(operationId))
            report("/operationId", "operation-id", "must be PascalCase letters and digits");
        if (operationId && seenIds.has(operationId))
            report("/operationId", "operation-id", `is also used at ${seenIds.get(operationId)}`);
        if (operationId) seenIds.set(operationId, pointer);

        if (!summary) report("/summary", "operation-summary", "is missing");
        else {
            if (summary.length > SUMMARY_MAX)
                report(
                    "/summary",
                    "operation-summary",
                    `must have at most ${SUMMARY_MAX} characters, has ${summary.length}`,
                );
            if (summary.includes("/")) report("/summary", "operation-summary", 'must not contain "/"');
            if (!/[A-Za-z0-9]$/.test(summary))
                report("/summary", "operation-summary", "must end with a letter or a digit");
            const sentenceCase = sentenceCaseProblem(summary);
            if (sentenceCase) report("/summary", "operation-summary", sentenceCase);
        }

        const sentence = sentenceProblem(description, summary);
        if (sentence) report("/description", "operation-description", sentence);

        if (!VISIBILITIES.includes(String(operation["x-ms-visibility"]))) {
            report("/x-ms-visibility", "operation-visibility", `must be one of ${VISIBILITIES.join(", ")}`);
        }

        const parameters = operation.parameters ?? [];
        const body = bodyParameterOf(operation);
        if (
            method === "get" &&
            parameters.some((parameter) => parameter.in === "body" || parameter.in === "formData")
        ) {
            report("/parameters", "get-without-body", "a GET operation must not have a body");
        }
        if (body && !(operation.consumes ?? []).includes("application/json")) {
            report(
                "/consumes",
                "consumes-with-body",
                'an operation with a body must declare consumes ["application/json"]',
            );
        }

        found.push(...checkResponses(operation.responses ?? {}, pointer));
    }
    return found;
}

function checkResponses(responses: Record<string, { schema?: unknown }>, operationPointer: string): Problem[] {
    const found: Problem[] = [];
    const report = (status: string, rule: string, message: string) =>
        found.push(
            problem(
                FILE.apiDefinition,
                `${operationPointer}${pointerOf("responses", ...(status ? [status] : []))}`,
                rule,
                message,
            ),
        );
    const withSchema = Object.entries(responses).filter(([, response]) => response.schema !== undefined);
    if (withSchema.length > 1)
        report("", "responses-one-schema", `only one response may have a schema, ${withSchema.length} have one`);
    for (const [status] of withSchema) {
        if (!/^2\d\d$/.test(status)) report(status, "responses-one-schema", "only the 2xx response may have a schema");
    }
    for (const status of [...ERROR_STATUSES, "default"]) {
        if (!(status in responses)) report("", "responses-errors", `must declare the ${status} response`);
    }
    return found;
}

function checkParameters(document: SwaggerDocument): Problem[] {
    const found: Problem[] = [];
    for (const { operation, pointer } of operationsOf(document)) {
        (operation.parameters ?? []).forEach((parameter: Parameter, index) => {
            const parameterPointer = `${pointer}${pointerOf("parameters", index)}`;
            const report = (rule: string, message: string) =>
                found.push(problem(FILE.apiDefinition, parameterPointer, rule, message));
            if (parameter.in === "path") {
                if (parameter.required !== true) report("path-parameter", "a path parameter must be required");
                if (parameter["x-ms-url-encoding"] !== "single")
                    report("path-parameter", 'a path parameter must have x-ms-url-encoding "single"');
            }
            found.push(...labelProblems(parameter, parameterPointer, "parameter"));
        });
    }
    return found;
}

function checkProperties(document: SwaggerDocument): Problem[] {
    return allDeclaredProperties(document).flatMap(({ schema, pointer }: PropertyVisit) => {
        // A property that only refers to a definition takes its title from that definition.
        if (schema.$ref) return [];
        return labelProblems(schema, pointer, "property");
    });
}

/** x-ms-summary (Title Case, at most 30 characters) and a description, on what a maker sees. */
function labelProblems(schema: Schema, pointer: string, what: "parameter" | "property"): Problem[] {
    if (schema["x-ms-visibility"] === "internal") return [];
    const found: Problem[] = [];
    const rule = `${what}-summary`;
    const summary = schema["x-ms-summary"];
    if (!summary) found.push(problem(FILE.apiDefinition, pointer, rule, "x-ms-summary is missing"));
    else {
        if (summary.length > PARAMETER_SUMMARY_MAX) {
            found.push(
                problem(
                    FILE.apiDefinition,
                    pointer,
                    rule,
                    `x-ms-summary must have at most ${PARAMETER_SUMMARY_MAX} characters, has ${summary.length}`,
                ),
            );
        }
        if (!isTitleCase(summary))
            found.push(problem(FILE.apiDefinition, pointer, rule, `x-ms-summary "${summary}" must be in Title Case`));
    }
    if (!schema.description)
        found.push(problem(FILE.apiDefinition, pointer, `${what}-description`, "description is missing"));
    else if (summary && schema.description.trim().toLowerCase() === summary.trim().toLowerCase()) {
        found.push(
            problem(FILE.apiDefinition, pointer, `${what}-description`, "description must differ from x-ms-summary"),
        );
    }
    return found;
}

/** x-ms-dynamic-* must name an operation that exists and a collection its response has. */
function checkDynamicReferences(document: SwaggerDocument): Problem[] {
    const found: Problem[] = [];
    const visits: PropertyVisit[] = [
        ...allDeclaredProperties(document),
        ...operationsOf(document).flatMap(({ operation, pointer }) =>
            (operation.parameters ?? []).map((parameter, index) => ({
                name: parameter.name,
                schema: parameter as Schema,
                pointer: `${pointer}${pointerOf("parameters", index)}`,
            })),
        ),
    ];
    for (const { schema, pointer } of visits) {
        for (const extension of [
            "x-ms-dynamic-values",
            "x-ms-dynamic-list",
            "x-ms-dynamic-schema",
            "x-ms-dynamic-properties",
        ]) {
            const reference = schema[extension] as Record<string, unknown> | undefined;
            if (!reference) continue;
            const report = (message: string) =>
                found.push(problem(FILE.apiDefinition, `${pointer}/${extension}`, "dynamic-reference", message));
            const target = findOperation(document, String(reference.operationId));
            if (!target) {
                report(`operation ${String(reference.operationId)} does not exist`);
                continue;
            }
            const collection = reference["value-collection"] ?? reference.itemsPath;
            if (typeof collection === "string") {
                const responseSchema = target.operation.responses?.["200"]?.schema;
                const root = responseSchema ? resolveRef(document, responseSchema) : undefined;
                if (!root?.properties?.[collection])
                    report(`the response of ${target.operation.operationId} has no "${collection}"`);
            }
        }
    }
    return found;
}

function sentenceCaseProblem(summary: string): string | undefined {
    const [first, ...rest] = summary.split(/\s+/);
    if (!/^[A-Z0-9]/.test(first)) return "must start with a capital letter (sentence case)";
    // A capital followed by lower case (or alone, like "A") is Title Case; "SQL" or "ID" are acronyms.
    const titled = rest.find((word) => /^[A-Z]([a-z]|$)/.test(word) && word !== "I" && !PROPER_NOUNS.has(word));
    return titled ? `must be in sentence case, but "${titled}" is capitalized` : undefined;
}

function sentenceProblem(description: string | undefined, summary: string | undefined): string | undefined {
    if (!description) return "is missing";
    if (!/^[A-Z]/.test(description) || !/[.!?]$/.test(description) || description.split(/\s+/).length < 4) {
        return "must be a full sentence: a capital letter first, a full stop last";
    }
    if (summary && description.trim().toLowerCase() === summary.trim().toLowerCase())
        return "must differ from the summary";
    return undefined;
}

export function isTitleCase(text: string): boolean {
    return text.split(/\s+/).every((word, index) => {
        if (index > 0 && MINOR_WORDS.has(word)) return true;
        if (LOWER_CASE_NAMES.has(word)) return true;
        return /^[A-Z0-9]/.test(word);
    });
}
