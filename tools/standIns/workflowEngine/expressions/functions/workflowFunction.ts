import { ExpressionContext } from "../context";
import { ExpressionError, typeName, Value } from "../values";

/** One entry of the function table: how many arguments it takes, and what it does with them (all already evaluated). */
export interface WorkflowFunction {
    minArgs: number;
    /** `Infinity` when any number of further arguments is allowed. */
    maxArgs: number;
    apply(args: Value[], context: ExpressionContext, name: string): Value;
}

export type FunctionTable = Readonly<Record<string, WorkflowFunction>>;

type Apply = WorkflowFunction["apply"];

export const takes = (count: number, apply: Apply): WorkflowFunction => ({ minArgs: count, maxArgs: count, apply });
export const takesBetween = (minArgs: number, maxArgs: number, apply: Apply): WorkflowFunction => ({
    minArgs,
    maxArgs,
    apply,
});
export const takesAtLeast = (minArgs: number, apply: Apply): WorkflowFunction => ({
    minArgs,
    maxArgs: Infinity,
    apply,
});

export function needString(name: string, value: Value): string {
    if (typeof value !== "string") throw new ExpressionError(`${name}() expects a string, got ${typeName(value)}`);
    return value;
}

export function needNumber(name: string, value: Value): number {
    if (typeof value !== "number") throw new ExpressionError(`${name}() expects a number, got ${typeName(value)}`);
    return value;
}

export function needBoolean(name: string, value: Value): boolean {
    if (typeof value !== "boolean") throw new ExpressionError(`${name}() expects a boolean, got ${typeName(value)}`);
    return value;
}
