import { isObject } from "../../../common/objects";
import { ExpressionNode } from "./parser";
import { interpolationParts, isWholeExpression } from "./templates";

/** Reading a definition's expressions without running them: for checks of a flow's source. */

/** The function names an expression calls. */
export function functionsCalled(node: ExpressionNode, found = new Set<string>()): Set<string> {
    if (node.kind === "call") {
        found.add(node.name);
        node.args.forEach((arg) => functionsCalled(arg, found));
    } else if (node.kind === "access") {
        functionsCalled(node.target, found);
        functionsCalled(node.key, found);
    }
    return found;
}

/** The property and index accesses of an expression, to check that each is null-safe (`?[`). */
export function accesses(node: ExpressionNode, found: Array<{ optional: boolean }> = []): Array<{ optional: boolean }> {
    if (node.kind === "call") node.args.forEach((arg) => accesses(arg, found));
    if (node.kind === "access") {
        found.push({ optional: node.optional });
        accesses(node.target, found);
        accesses(node.key, found);
    }
    return found;
}

/**
 * The expressions inside a string value: "@expr" is one expression; "@{a} text @{b}" is an
 * interpolation; "@@" is a literal "@"; any other string holds none.
 */
export function expressionsIn(value: string): string[] {
    if (value.startsWith("@@")) return [];
    if (isWholeExpression(value)) return [value.slice(1)];
    return interpolationParts(value)
        .filter((part): part is { expression: string } => typeof part !== "string")
        .map((part) => part.expression);
}

/** Every string of a JSON value, with the JSON pointer it sits at. */
export function stringsIn(value: unknown, path = ""): Array<{ path: string; value: string }> {
    if (typeof value === "string") return [{ path, value }];
    if (Array.isArray(value)) return value.flatMap((item, index) => stringsIn(item, `${path}/${index}`));
    if (isObject(value)) return Object.entries(value).flatMap(([key, item]) => stringsIn(item, `${path}/${key}`));
    return [];
}
