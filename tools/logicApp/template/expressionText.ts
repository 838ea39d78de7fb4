import { isObject } from "../../common/objects";
import { ExpressionNode, parseExpression } from "../../standIns/workflowEngine";
import { interpolationParts, isWholeExpression } from "../../standIns/workflowEngine/expressions/templates";

/**
 * Workflow Definition Language expressions as text: printing a parsed expression back, rewriting
 * the expressions inside a definition's strings, and turning an action input (a template such as
 * "@outputs('x')", "@{...}" or a plain value) into one expression. The parser is the workflow
 * engine's, so what the generator writes is what the local host runs.
 */

const quote = (text: string): string => `'${text.replace(/'/g, "''")}'`;

export function printExpression(node: ExpressionNode): string {
    switch (node.kind) {
        case "literal":
            if (typeof node.value === "string") return quote(node.value);
            return JSON.stringify(node.value);
        case "call":
            return `${node.name}(${node.args.map(printExpression).join(", ")})`;
        default: {
            const key =
                node.key.kind === "literal" && typeof node.key.value === "string"
                    ? quote(node.key.value)
                    : printExpression(node.key);
            return `${printExpression(node.target)}${node.optional ? "?" : ""}[${key}]`;
        }
    }
}

/** A copy of the tree with `rewrite` applied bottom-up; `rewrite` returns the node itself to keep it. */
export function mapExpression(node: ExpressionNode, rewrite: (node: ExpressionNode) => ExpressionNode): ExpressionNode {
    if (node.kind === "call") {
        return rewrite({ ...node, args: node.args.map((arg) => mapExpression(arg, rewrite)) });
    }
    if (node.kind === "access") {
        return rewrite({ ...node, target: mapExpression(node.target, rewrite), key: mapExpression(node.key, rewrite) });
    }
    return rewrite(node);
}

/** The string with each of its expressions rewritten; expressions `rewrite` leaves alone keep their text. */
export function rewriteString(value: string, rewrite: (node: ExpressionNode) => ExpressionNode): string {
    const rewritten = (expression: string): string => {
        let changed = false;
        const result = mapExpression(parseExpression(expression), (node) => {
            const next = rewrite(node);
            if (next !== node) changed = true;
            return next;
        });
        return changed ? printExpression(result) : expression;
    };
    if (value.startsWith("@@")) return value;
    if (isWholeExpression(value)) return `@${rewritten(value.slice(1))}`;
    if (!value.includes("@{")) return value;
    return interpolationParts(value)
        .map((part) => (typeof part === "string" ? part : `@{${rewritten(part.expression)}}`))
        .join("");
}

/** Every string of a JSON value rewritten with rewriteString. */
export function rewriteStrings<T>(value: T, rewrite: (node: ExpressionNode) => ExpressionNode): T {
    if (typeof value === "string") return rewriteString(value, rewrite) as T;
    if (Array.isArray(value)) return value.map((item: unknown) => rewriteStrings(item, rewrite)) as T;
    if (isObject(value))
        return Object.fromEntries(
            Object.entries(value).map(([key, item]) => [key, rewriteStrings(item, rewrite)]),
        ) as T;
    return value;
}

/**
 * One expression that gives what the platform makes of an action input: "@e" is e, "@{e}" is its
 * text, "text @{e}" a concat, "@@x" and plain strings literals, objects built with addProperty and
 * arrays with createArray.
 */
export function templateToExpression(value: unknown): string {
    if (typeof value === "string") {
        if (value.startsWith("@@")) return quote(value.slice(1));
        if (isWholeExpression(value)) return value.slice(1);
        if (!value.includes("@{")) return quote(value);
        const parts = interpolationParts(value)
            .filter((part) => part !== "")
            .map((part) => (typeof part === "string" ? quote(part) : `string(${part.expression})`));
        return parts.length === 1 ? parts[0] : `concat(${parts.join(", ")})`;
    }
    if (Array.isArray(value)) return `createArray(${value.map(templateToExpression).join(", ")})`;
    if (isObject(value)) return objectExpression(value);
    return JSON.stringify(value ?? null);
}

/** An object as one expression: addProperty(addProperty(json('{}'), 'a', …), 'b', …), keys in their order. */
export function objectExpression(fields: Record<string, unknown>): string {
    return Object.entries(fields).reduce(
        (object, [key, item]) => `addProperty(${object}, ${quote(key)}, ${templateToExpression(item)})`,
        "json('{}')",
    );
}

export { quote as quoteExpressionString };
