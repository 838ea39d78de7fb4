import { isObject } from "../../../common/objects";
import { evaluateTemplate } from "../expressions/templates";
import { ExpressionError, Value } from "../expressions/values";
import { ActionHandler, ActionInvocation, SUCCEEDED, VariableType } from "./actionHandler";
import { readObject, readString, WorkflowDefinitionError } from "./definition";

const HOLDS: Record<VariableType, (value: Value) => boolean> = {
    string: (value) => typeof value === "string",
    integer: (value) => typeof value === "number" && Number.isInteger(value),
    float: (value) => typeof value === "number",
    boolean: (value) => typeof value === "boolean",
    object: (value) => isObject(value),
    array: (value) => Array.isArray(value),
};

const isVariableType = (type: unknown): type is VariableType =>
    typeof type === "string" && Object.prototype.hasOwnProperty.call(HOLDS, type);

function assign({ state }: ActionInvocation, name: string, value: Value): void {
    const type = state.variableTypes.get(name) as VariableType;
    if (!HOLDS[type](value))
        throw new ExpressionError(`variable ${name} of type ${type} cannot hold ${JSON.stringify(value)}`);
    state.run.variables.set(name, value);
}

/** InitializeVariable: declares one variable with its type and first value. */
export const initializeVariable: ActionHandler = (invocation) => {
    const { action, state } = invocation;
    const variables = readObject(action.inputs, invocation, "inputs").variables;
    if (!Array.isArray(variables) || variables.length !== 1)
        throw new WorkflowDefinitionError(invocation, "inputs.variables must be a list of one variable");
    const variable = readObject(variables[0], invocation, "inputs.variables[0]");
    const name = readString(variable.name, invocation, "inputs.variables[0].name");
    if (!isVariableType(variable.type))
        throw new WorkflowDefinitionError(
            invocation,
            `inputs.variables[0].type must be one of ${Object.keys(HOLDS).join(", ")}`,
        );
    if (state.run.variables.has(name)) throw new ExpressionError(`variable ${name} is initialized twice`);
    state.variableTypes.set(name, variable.type);
    assign(invocation, name, evaluateTemplate(variable.value ?? null, state.expressions));
    return SUCCEEDED;
};

/** SetVariable: gives an initialized variable a new value of its type. */
export const setVariable: ActionHandler = (invocation) => {
    const { action, state } = invocation;
    const inputs = readObject(action.inputs, invocation, "inputs");
    const name = readString(inputs.name, invocation, "inputs.name");
    if (!state.run.variables.has(name)) throw new ExpressionError(`variable ${name} is not initialized`);
    assign(invocation, name, evaluateTemplate(inputs.value, state.expressions));
    return SUCCEEDED;
};
