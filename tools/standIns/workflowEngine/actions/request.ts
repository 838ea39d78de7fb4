import { isObject } from "../../../common/objects";
import { evaluateTemplate } from "../expressions/templates";
import { ExpressionError } from "../expressions/values";
import { WorkflowResponse } from "../workflowRun";
import { ActionHandler, SUCCEEDED } from "./actionHandler";
import { readObject, WorkflowDefinitionError } from "./definition";

/** Response: answers the workflow's caller (once per run) with a status code, headers and a body. */
export const response: ActionHandler = (invocation) => {
    const { action, state } = invocation;
    const inputs = readObject(action.inputs, invocation, "inputs");
    if (inputs.statusCode === undefined) throw new WorkflowDefinitionError(invocation, "inputs.statusCode is missing");
    if (state.run.response) throw new ExpressionError("a second Response");
    const statusCode = evaluateTemplate(inputs.statusCode, state.expressions);
    if (typeof statusCode !== "number" || !Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599)
        throw new ExpressionError(`a Response's statusCode of ${JSON.stringify(statusCode)}`);
    const headers = evaluateTemplate(inputs.headers ?? {}, state.expressions);
    if (!isObject(headers)) throw new ExpressionError(`a Response's headers of ${JSON.stringify(headers)}`);
    const answer: WorkflowResponse = { statusCode, headers, body: evaluateTemplate(inputs.body, state.expressions) };
    state.run.response = answer;
    state.run.responseAtSeconds = state.elapsedSeconds();
    state.onResponse?.(answer);
    return SUCCEEDED;
};
