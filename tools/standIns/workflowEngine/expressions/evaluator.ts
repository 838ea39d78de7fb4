import { isObject } from "../../../common/objects";
import { ExpressionContext } from "./context";
import { findFunction, WorkflowFunction } from "./functions";
import { ExpressionNode, parseExpression } from "./parser";
import { ExpressionError, typeName, Value } from "./values";

/**
 * Evaluation is stricter than the platform where the platform's behaviour is not documented, so
 * that a flow that passes here does not lean on undocumented leniency:
 * - every argument is evaluated, if() included (Logic Apps evaluates both branches of if(), so a
 *   branch that would fail breaks the action even when it is not taken);
 * - selecting a property of a string, number or boolean fails, `?` or not; `?` only lets null
 *   through; a missing property without `?` fails; an index outside an array fails;
 * - string(), concat(), comparisons and arithmetic refuse null.
 */

function select(target: Value, key: Value, optional: boolean): Value {
    if (target === null) {
        if (optional) return null;
        throw new ExpressionError(`property ${JSON.stringify(key)} of null`);
    }
    if (Array.isArray(target)) {
        if (typeof key !== "number" || !Number.isInteger(key) || key < 0 || key >= target.length)
            throw new ExpressionError(`index ${JSON.stringify(key)} of an array of ${target.length}`);
        return target[key];
    }
    if (isObject(target)) {
        if (typeof key !== "string")
            throw new ExpressionError(`property ${JSON.stringify(key)} of an object: the key must be a string`);
        if (Object.prototype.hasOwnProperty.call(target, key)) return target[key];
        if (optional) return null;
        throw new ExpressionError(`property "${key}" does not exist`);
    }
    throw new ExpressionError(`property ${JSON.stringify(key)} cannot be selected from a ${typeName(target)}`);
}

function describeArity(minArgs: number, maxArgs: number): string {
    const count =
        minArgs === maxArgs ? `${minArgs}` : maxArgs === Infinity ? `at least ${minArgs}` : `${minArgs}-${maxArgs}`;
    return `${count} ${count === "1" ? "argument" : "arguments"}`;
}

/** The table's function of that name, once it is known to take that many arguments. */
export function functionFor(name: string, argumentCount: number): WorkflowFunction {
    const workflowFunction = findFunction(name);
    if (workflowFunction === undefined) throw new ExpressionError(`unknown function ${name}()`);
    const { minArgs, maxArgs } = workflowFunction;
    if (argumentCount < minArgs || argumentCount > maxArgs)
        throw new ExpressionError(`${name}() takes ${describeArity(minArgs, maxArgs)}, got ${argumentCount}`);
    return workflowFunction;
}

/** The value of a parsed expression. Errors are ExpressionErrors that say what failed, without the expression's text (evaluateExpression adds it). */
export function evaluate(node: ExpressionNode, context: ExpressionContext): Value {
    switch (node.kind) {
        case "literal":
            return node.value;
        case "call":
            return functionFor(node.name, node.args.length).apply(
                node.args.map((arg) => evaluate(arg, context)),
                context,
                node.name,
            );
        case "access":
            return select(evaluate(node.target, context), evaluate(node.key, context), node.optional);
    }
}

/** The value of an expression's text (without its "@"); an error names the expression. */
export function evaluateExpression(text: string, context: ExpressionContext): Value {
    const node = parseExpression(text);
    try {
        return evaluate(node, context);
    } catch (error) {
        if (error instanceof ExpressionError)
            throw new ExpressionError(`${error.message}, in the expression "${text}"`);
        throw error;
    }
}
