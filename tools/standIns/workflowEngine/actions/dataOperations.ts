import { evaluateString, evaluateTemplate } from "../expressions/templates";
import { ExpressionError, typeName } from "../expressions/values";
import { ActionHandler } from "./actionHandler";
import { readObject, WorkflowDefinitionError } from "./definition";

/** Compose: its outputs are its inputs, evaluated. */
export const compose: ActionHandler = ({ action, state }) => ({
    status: "Succeeded",
    outputs: evaluateTemplate(action.inputs, state.expressions),
});

/** Query (the designer's "Filter array"): the items of inputs.from for which inputs.where, evaluated with item() as the item, is true. */
export const query: ActionHandler = (invocation) => {
    const { action, state } = invocation;
    const inputs = readObject(action.inputs, invocation, "inputs");
    if (typeof inputs.where !== "string")
        throw new WorkflowDefinitionError(invocation, "inputs.where must be an expression");
    const where = inputs.where;
    const from = evaluateTemplate(inputs.from, state.expressions);
    if (!Array.isArray(from))
        throw new ExpressionError(
            `the 'from' property value of a Query is of type ${typeName(from)}; it must be an array`,
        );
    const body = from.filter((item) => {
        const keep = evaluateString(where, { ...state.expressions, item });
        if (typeof keep !== "boolean") throw new ExpressionError(`a Query's where gave ${JSON.stringify(keep)}`);
        return keep;
    });
    return { status: "Succeeded", outputs: { body } };
};
