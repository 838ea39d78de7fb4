import { deepEqual } from "../values";
import { FunctionTable, needBoolean, needNumber, takes, takesAtLeast, WorkflowFunction } from "./workflowFunction";

const compareNumbers = (test: (a: number, b: number) => boolean): WorkflowFunction =>
    takes(2, ([a, b], _context, name) => test(needNumber(name, a), needNumber(name, b)));

/** Logical comparison functions (https://learn.microsoft.com/azure/logic-apps/workflow-definition-language-functions-reference#logical-comparison-functions). */
export const COMPARISON_FUNCTIONS: FunctionTable = {
    and: takesAtLeast(2, (args, _context, name) => args.map((arg) => needBoolean(name, arg)).every(Boolean)),
    equals: takes(2, ([a, b]) => deepEqual(a, b)),
    greater: compareNumbers((a, b) => a > b),
    greaterOrEquals: compareNumbers((a, b) => a >= b),
    // Every argument has been evaluated already: Logic Apps evaluates both branches of if().
    if: takes(3, ([condition, whenTrue, whenFalse], _context, name) =>
        needBoolean(name, condition) ? whenTrue : whenFalse,
    ),
    less: compareNumbers((a, b) => a < b),
    lessOrEquals: compareNumbers((a, b) => a <= b),
    not: takes(1, ([value], _context, name) => !needBoolean(name, value)),
    or: takesAtLeast(2, (args, _context, name) => args.map((arg) => needBoolean(name, arg)).some(Boolean)),
};
