import { ExpressionError } from "../values";
import { FunctionTable, needNumber, takes, takesAtLeast, WorkflowFunction } from "./workflowFunction";

const arithmetic = (operation: (a: number, b: number) => number): WorkflowFunction =>
    takes(2, ([a, b], _context, name) => operation(needNumber(name, a), needNumber(name, b)));

/** min() and max() take numbers, or one array of numbers. */
const extreme = (pick: (...values: number[]) => number): WorkflowFunction =>
    takesAtLeast(1, (args, _context, name) => {
        const values = (args.length === 1 && Array.isArray(args[0]) ? args[0] : args).map((arg) =>
            needNumber(name, arg),
        );
        if (values.length === 0) throw new ExpressionError(`${name}() of nothing`);
        return pick(...values);
    });

/** Math functions (https://learn.microsoft.com/azure/logic-apps/workflow-definition-language-functions-reference#math-functions). */
export const MATH_FUNCTIONS: FunctionTable = {
    add: arithmetic((a, b) => a + b),
    div: arithmetic((a, b) => {
        if (b === 0) throw new ExpressionError("div() by zero");
        // Integer division when both are integers, as on the platform.
        return Number.isInteger(a) && Number.isInteger(b) ? Math.trunc(a / b) : a / b;
    }),
    max: extreme(Math.max),
    min: extreme(Math.min),
    mul: arithmetic((a, b) => a * b),
    sub: arithmetic((a, b) => a - b),
};
