import { isObject } from "../../../common/objects";
import { functionFor } from "../expressions/evaluator";
import { evaluateString, evaluateTemplate } from "../expressions/templates";
import { ExpressionError } from "../expressions/values";
import { ActionInvocation } from "./actionHandler";
import { WorkflowDefinitionError } from "./definition";

/** The comparisons the designer writes in a condition's object form, each the function of the same name. */
export const CONDITION_OPERATORS: readonly string[] = [
    "equals",
    "contains",
    "greater",
    "greaterOrEquals",
    "less",
    "lessOrEquals",
    "startsWith",
    "endsWith",
];

/**
 * An If's or an Until's condition: an expression string ("@equals(...)"), or the designer's object
 * form: `{"and": [...]}`, `{"or": [...]}`, `{"not": {...}}`, or `{"<comparison>": [left, right]}`.
 */
export function evaluateCondition(condition: unknown, invocation: ActionInvocation): boolean {
    const context = invocation.state.expressions;
    if (typeof condition === "string") {
        const value = evaluateString(condition, context);
        if (typeof value !== "boolean") throw new ExpressionError(`a condition gave ${JSON.stringify(value)}`);
        return value;
    }
    const entries = isObject(condition) ? Object.entries(condition) : [];
    if (entries.length !== 1)
        throw new WorkflowDefinitionError(
            invocation,
            `a condition must be an expression or an object of one operator, not ${JSON.stringify(condition)}`,
        );
    const [[operator, operand]] = entries;
    if (operator === "not") return !evaluateCondition(operand, invocation);
    if (!Array.isArray(operand))
        throw new WorkflowDefinitionError(invocation, `the condition operator ${operator} needs a list`);
    if (operator === "and" || operator === "or") {
        const values = operand.map((part) => evaluateCondition(part, invocation));
        return operator === "and" ? values.every(Boolean) : values.some(Boolean);
    }
    if (!CONDITION_OPERATORS.includes(operator))
        throw new ExpressionError(`condition operator ${operator} is not modelled`);
    const values = operand.map((side) => evaluateTemplate(side, context));
    return functionFor(operator, values.length).apply(values, context, operator) as boolean;
}
