import { bodyParameterOf, findOperation, requiredProperties, resolveRef, SwaggerDocument } from "../model/swaggerModel";

/**
 * How Power Fx sees a connector operation: required parameters are positional, optional ones go
 * in one trailing record, the properties of a request body are parameters of their own, and
 * internal parameters are hidden (the platform sends their defaults).
 */

export const POWER_FX_CONNECTOR = "DatabricksJobs";

export interface PowerFxSignature {
    operationId: string;
    required: string[];
    optional: string[];
}

export function powerFxSignature(document: SwaggerDocument, operationId: string): PowerFxSignature | undefined {
    const entry = findOperation(document, operationId);
    if (!entry) return undefined;
    const required: string[] = [];
    const optional: string[] = [];
    for (const parameter of entry.operation.parameters ?? []) {
        if (parameter.in === "body") {
            const body = bodyParameterOf(entry.operation);
            const schema = body?.schema ? resolveRef(document, body.schema) : {};
            for (const [name, property] of Object.entries(schema.properties ?? {})) {
                if (property["x-ms-visibility"] === "internal") continue;
                (requiredProperties(schema).includes(name) ? required : optional).push(name);
            }
        } else if (parameter["x-ms-visibility"] !== "internal") {
            (parameter.required ? required : optional).push(parameter.name);
        }
    }
    return { operationId, required, optional };
}

export function formatPowerFxSignature({ operationId, required, optional }: PowerFxSignature): string {
    const record = optional.length > 0 ? [`{ ${optional.join(", ")} }`] : [];
    return `${POWER_FX_CONNECTOR}.${operationId}(${[...required, ...record].join(", ")})`;
}

export interface PowerFxCall {
    operationId: string;
    positional: number;
    recordFields: string[];
    /** The position of the call in the text. */
    index: number;
}

/** Every `DatabricksJobs.Operation(...)` call in a text, nested calls and line breaks included. */
export function powerFxCallsIn(text: string): PowerFxCall[] {
    const calls: PowerFxCall[] = [];
    const pattern = new RegExp(`${POWER_FX_CONNECTOR}\\.(\\w+)\\(`, "g");
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
        const args = topLevelParts(text, match.index + match[0].length, ")");
        if (!args) continue;
        const record = args.length > 0 && args[args.length - 1].startsWith("{") ? args[args.length - 1] : undefined;
        const recordFields = record
            ? (topLevelParts(record, 1, "}") ?? []).map((field) => field.split(":")[0].trim())
            : [];
        calls.push({
            operationId: match[1],
            positional: args.length - (record ? 1 : 0),
            recordFields,
            index: match.index,
        });
    }
    return calls;
}

/** The comma-separated parts from `start` up to the closing character at depth 0, trimmed. */
export function topLevelParts(text: string, start: number, close: ")" | "}"): string[] | undefined {
    const parts: string[] = [];
    let current = "";
    let depth = 0;
    let inString = false;
    for (let index = start; index < text.length; index += 1) {
        const char = text[index];
        if (inString) {
            inString = char !== '"';
        } else if (char === '"') {
            inString = true;
        } else if (depth === 0 && char === close) {
            if (current.trim()) parts.push(current.trim());
            return parts;
        } else if ("({[".includes(char)) {
            depth += 1;
        } else if (")}]".includes(char)) {
            depth -= 1;
        } else if (depth === 0 && char === ",") {
            parts.push(current.trim());
            current = "";
            continue;
        }
        current += char;
    }
    return undefined;
}

export interface PowerFxSyntaxProblem {
    /** The position in the formula. */
    index: number;
    message: string;
}

const CLOSING: Record<string, string> = { "(": ")", "{": "}", "[": "]" };

/**
 * The first bracket of a formula that does not match: a closing one without its opener, one that
 * closes another kind, or an opener left open; an unterminated string or 'quoted name' too.
 * Text in "…" (with "" inside), 'quoted names' and // or /* *\/ comments are skipped.
 */
export function powerFxBracketProblem(formula: string): PowerFxSyntaxProblem | undefined {
    const open: number[] = [];
    for (let index = 0; index < formula.length; index += 1) {
        const char = formula[index];
        if (char === '"' || char === "'") {
            const end = formula.indexOf(char, index + 1);
            if (end < 0)
                return { index, message: `the ${char === '"' ? "text" : "quoted name"} opened here never ends` };
            index = end;
        } else if (formula.startsWith("//", index)) {
            const end = formula.indexOf("\n", index);
            index = end < 0 ? formula.length : end;
        } else if (formula.startsWith("/*", index)) {
            const end = formula.indexOf("*/", index + 2);
            if (end < 0) return { index, message: "the comment opened here never ends" };
            index = end + 1;
        } else if (char in CLOSING) {
            open.push(index);
        } else if (")}]".includes(char)) {
            const opener = open.pop();
            if (opener === undefined) return { index, message: `"${char}" closes nothing` };
            if (CLOSING[formula[opener]] !== char)
                return { index, message: `"${char}" closes the "${formula[opener]}" at character ${opener + 1}` };
        }
    }
    const unclosed = open.pop();
    return unclosed === undefined ? undefined : { index: unclosed, message: `"${formula[unclosed]}" is never closed` };
}
