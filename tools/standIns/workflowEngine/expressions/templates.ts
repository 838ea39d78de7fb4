import { isObject } from "../../../common/objects";
import { ExpressionContext } from "./context";
import { evaluateExpression } from "./evaluator";
import { ExpressionError, stringOf, Value } from "./values";

/** A string split into its literal text and its "@{...}" expressions. */
export type InterpolationPart = string | { expression: string };

/** The closing brace of the "@{" that opens at `start`: the first "}" outside a string literal. */
function closingBrace(value: string, start: number): number {
    let inString = false;
    for (let position = start + 2; position < value.length; position++) {
        const char = value[position];
        if (char === "'") {
            if (inString && value[position + 1] === "'") {
                position++;
            } else {
                inString = !inString;
            }
        } else if (char === "}" && !inString) {
            return position;
        }
    }
    throw new ExpressionError(`unterminated "@{" in ${value}`);
}

export function interpolationParts(value: string): InterpolationPart[] {
    const parts: InterpolationPart[] = [];
    let index = 0;
    while (index < value.length) {
        const start = value.indexOf("@{", index);
        if (start < 0) {
            parts.push(value.slice(index));
            break;
        }
        parts.push(value.slice(index, start));
        const end = closingBrace(value, start);
        parts.push({ expression: value.slice(start + 2, end) });
        index = end + 1;
    }
    return parts;
}

/** Whether a string is one whole expression ("@expr"), and not an interpolation or an escaped "@@". */
export const isWholeExpression = (value: string): boolean =>
    value.startsWith("@") && !value.startsWith("@@") && !value.startsWith("@{");

/** Evaluates a string as the platform evaluates an action input: "@expr", "@{...}" interpolation, "@@" for a literal "@", or a plain string. */
export function evaluateString(value: string, context: ExpressionContext): Value {
    if (value.startsWith("@@")) return value.slice(1);
    if (isWholeExpression(value)) return evaluateExpression(value.slice(1), context);
    if (!value.includes("@{")) return value;
    return interpolationParts(value)
        .map((part) => {
            if (typeof part === "string") return part;
            const result = evaluateExpression(part.expression, context);
            return result === null ? "" : stringOf(result);
        })
        .join("");
}

/** Evaluates every string inside a JSON value (objects and arrays are walked). */
export function evaluateTemplate(value: unknown, context: ExpressionContext): Value {
    if (typeof value === "string") return evaluateString(value, context);
    if (Array.isArray(value)) return value.map((item) => evaluateTemplate(item, context));
    if (isObject(value))
        return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, evaluateTemplate(item, context)]));
    return value as Value;
}
