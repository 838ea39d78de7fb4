import { describeJsonType, isPlainObject, parseJsonInput } from "./jsonInput";
import { issue, type IssueArg, type ValidationIssue, type ValidationMessage } from "./validationIssue";

const prefillIssue = (message: ValidationMessage, ...args: IssueArg[]) => issue("JobParameters", message, ...args);
const definitionsIssue = (message: ValidationMessage, ...args: IssueArg[]) =>
    issue("ParameterDefinitions", message, ...args);

/** One field of the parameter form. */
export interface ParameterField {
    name: string;
    /** The job's default, when the job defines the parameter. */
    defaultValue?: string;
    /** What the field shows before the user edits it: the maker's prefill, else the default. */
    initialValue: string;
}

export interface ParameterModel {
    fields: ParameterField[];
    /** True when ParameterDefinitions was given: the form lists exactly the job's parameters. */
    fromDefinitions: boolean;
    issues: ValidationIssue[];
}

type ScalarResult = { ok: true; value: string | undefined } | { ok: false };

/** Job parameter values are strings in Databricks: numbers and booleans are sent as their text. */
function scalarToString(value: unknown): ScalarResult {
    switch (typeof value) {
        case "string":
            return { ok: true, value };
        case "boolean":
            return { ok: true, value: String(value) };
        case "number":
            // JSON.parse has already rounded an integer beyond 2^53: sending it would change the value.
            if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
                return { ok: false };
            }
            return { ok: true, value: String(value) };
        default:
            return value === null ? { ok: true, value: undefined } : { ok: false };
    }
}

/** Parses JobParameters: a JSON object of name → string, number, boolean or null (not set). */
export function parseJobParameters(textValue: string | null | undefined): {
    values: Map<string, string>;
    issues: ValidationIssue[];
} {
    const values = new Map<string, string>();
    const parsed = parseJsonInput(textValue);
    if (!parsed.ok) {
        return { values, issues: [prefillIssue("JobParametersNotJson", parsed.error)] };
    }
    if (parsed.value === undefined || parsed.value === null) {
        return { values, issues: [] };
    }
    if (!isPlainObject(parsed.value)) {
        return {
            values,
            issues: [prefillIssue("JobParametersNotObject", describeJsonType(parsed.value))],
        };
    }
    const issues: ValidationIssue[] = [];
    for (const [name, raw] of Object.entries(parsed.value)) {
        const converted = scalarToString(raw);
        if (!converted.ok) {
            issues.push(
                typeof raw === "number"
                    ? prefillIssue("JobParametersUnsafeNumber", name)
                    : prefillIssue("JobParametersNotScalar", name, describeJsonType(raw)),
            );
        } else if (converted.value !== undefined) {
            values.set(name, converted.value);
        }
    }
    return { values, issues };
}

interface Definition {
    name: string;
    defaultValue?: string;
}

/** Parses ParameterDefinitions: GetJob's result, or just its `settings.parameters` array. */
export function parseParameterDefinitions(textValue: string | null | undefined): {
    definitions: Definition[] | undefined;
    issues: ValidationIssue[];
} {
    const parsed = parseJsonInput(textValue);
    if (!parsed.ok) {
        return {
            definitions: undefined,
            issues: [definitionsIssue("DefinitionsNotJson", parsed.error)],
        };
    }
    let list: unknown = parsed.value;
    if (list === undefined || list === null) {
        return { definitions: undefined, issues: [] };
    }
    if (isPlainObject(list)) {
        // A GetJob result: a job without parameters has no settings.parameters at all.
        const settings = list.settings;
        list = isPlainObject(settings) ? (settings.parameters ?? []) : [];
    }
    if (!Array.isArray(list)) {
        return {
            definitions: undefined,
            issues: [definitionsIssue("DefinitionsNotList", describeJsonType(list))],
        };
    }
    const definitions: Definition[] = [];
    const issues: ValidationIssue[] = [];
    const seen = new Set<string>();
    list.forEach((item: unknown, index) => {
        const position = String(index + 1);
        if (!isPlainObject(item) || typeof item.name !== "string" || item.name.trim() === "") {
            issues.push(definitionsIssue("DefinitionWithoutName", position));
            return;
        }
        const name = item.name;
        if (seen.has(name)) {
            issues.push(definitionsIssue("DefinitionDuplicate", name));
            return;
        }
        seen.add(name);
        const converted =
            item.default === undefined ? { ok: true as const, value: undefined } : scalarToString(item.default);
        if (!converted.ok) {
            issues.push(definitionsIssue("DefinitionDefaultNotScalar", name, describeJsonType(item.default)));
            return;
        }
        definitions.push({ name, defaultValue: converted.value });
    });
    return { definitions, issues };
}

/**
 * Builds the parameter form from the two maker properties. With definitions, the form lists the job's
 * parameters in the job's order and a prefill for a parameter the job does not define is an error
 * (Databricks would reject the run). Without, the form lists the prefilled names.
 */
export function buildParameterModel(
    jobParametersText: string | null | undefined,
    definitionsText: string | null | undefined,
): ParameterModel {
    const prefill = parseJobParameters(jobParametersText);
    const parsedDefinitions = parseParameterDefinitions(definitionsText);
    const issues = [...prefill.issues, ...parsedDefinitions.issues];
    const definitions = parsedDefinitions.definitions;

    if (definitions === undefined) {
        const fields = [...prefill.values].map(([name, value]) => ({ name, initialValue: value }));
        return { fields, fromDefinitions: false, issues };
    }

    const defined = new Set(definitions.map((d) => d.name));
    for (const name of prefill.values.keys()) {
        if (!defined.has(name)) {
            issues.push(
                definitions.length === 0
                    ? prefillIssue("JobParameterJobHasNone", name)
                    : prefillIssue("JobParameterUndefined", name, definitions.map((d) => d.name).join(", ")),
            );
        }
    }
    const fields = definitions.map((d) => ({
        name: d.name,
        defaultValue: d.defaultValue,
        initialValue: prefill.values.get(d.name) ?? d.defaultValue ?? "",
    }));
    return { fields, fromDefinitions: true, issues };
}

/**
 * The values the user typed, by parameter name. A Map, not an object: a parameter may be named
 * "constructor" or "__proto__", which an object would answer from its prototype.
 */
export type EditedValues = ReadonlyMap<string, string>;

/** What a field shows: the user's edit, else its initial value. */
export function fieldValue(field: ParameterField, edited: EditedValues): string {
    return edited.get(field.name) ?? field.initialValue;
}

/** The RequestedParameters output: every field as submitted, every value a string. */
export function requestedParameters(fields: readonly ParameterField[], edited: EditedValues): Record<string, string> {
    // fromEntries defines own properties, so even a parameter named "__proto__" is kept.
    return Object.fromEntries(fields.map((field) => [field.name, fieldValue(field, edited)]));
}
