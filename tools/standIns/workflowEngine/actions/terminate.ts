import { isObject } from "../../../common/objects";
import { evaluateTemplate } from "../expressions/templates";
import { ExpressionError } from "../expressions/values";
import { RunError, RunStatus } from "../workflowRun";
import { ActionHandler, SUCCEEDED } from "./actionHandler";
import { readObject, WorkflowDefinitionError } from "./definition";

const RUN_STATUSES: readonly RunStatus[] = ["Succeeded", "Failed", "Cancelled"];

/**
 * Terminate: ends the run at once with inputs.runStatus (Succeeded, Failed or Cancelled) and, for
 * Failed, inputs.runError's code and message; every action that has not run yet is Skipped, in
 * the containers around it too. Microsoft's schema reference says it cannot appear inside a
 * Foreach or an Until: there it is a definition error.
 */
export const terminate: ActionHandler = (invocation) => {
    const { action, state } = invocation;
    const loop = state.enclosingLoops[state.enclosingLoops.length - 1];
    if (loop !== undefined)
        throw new WorkflowDefinitionError(
            invocation,
            `a Terminate cannot be inside a Foreach or an Until; this one is inside the ${loop.type} '${loop.name}'`,
        );
    const inputs = readObject(action.inputs, invocation, "inputs");
    const status = inputs.runStatus as RunStatus;
    if (!RUN_STATUSES.includes(status))
        throw new WorkflowDefinitionError(invocation, `inputs.runStatus must be one of ${RUN_STATUSES.join(", ")}`);
    if (inputs.runError !== undefined && status !== "Failed")
        throw new WorkflowDefinitionError(invocation, "inputs.runError applies only to the runStatus Failed");
    let error: RunError | undefined;
    if (inputs.runError !== undefined) {
        const runError = evaluateTemplate(
            readObject(inputs.runError, invocation, "inputs.runError"),
            state.expressions,
        );
        const { code = "", message = "" } = isObject(runError) ? runError : {};
        if (typeof code !== "string" || typeof message !== "string")
            throw new ExpressionError(
                `a Terminate's runError of ${JSON.stringify(runError)}: code and message are text`,
            );
        error = { code, message };
    }
    state.run.terminated = { action: invocation.name, status, ...(error ? { error } : {}) };
    return SUCCEEDED;
};
