import { isObject } from "../../../../common/objects";
import { ActionResult, ExpressionContext } from "../context";
import { ExpressionError, Value } from "../values";
import { FunctionTable, needString, takes } from "./workflowFunction";

/** The result of an action that has run and was not skipped, for actions(), outputs() and body(). */
function actionThatRan(name: string, actionName: Value, context: ExpressionContext): ActionResult {
    const result = context.actions.get(needString(name, actionName));
    if (result === undefined) throw new ExpressionError(`${name}('${String(actionName)}'): the action has not run`);
    if (result.status === "Skipped")
        throw new ExpressionError(`${name}('${String(actionName)}'): the action was skipped`);
    return result;
}

/** Workflow functions (https://learn.microsoft.com/azure/logic-apps/workflow-definition-language-functions-reference#workflow-functions). */
export const WORKFLOW_FUNCTIONS: FunctionTable = {
    actions: takes(1, ([actionName], context, name) => {
        const result = actionThatRan(name, actionName, context);
        return JSON.parse(
            JSON.stringify({
                name: result.name,
                status: result.status,
                outputs: result.outputs ?? null,
                code: result.code ?? null,
                error: result.error ?? null,
            }),
        ) as Value;
    }),
    body: takes(1, ([actionName], context, name) => {
        const outputs = actionThatRan(name, actionName, context).outputs ?? null;
        return isObject(outputs) && "body" in outputs ? outputs.body : null;
    }),
    item: takes(0, (_args, context) => {
        if (context.item === undefined) throw new ExpressionError("item() outside the items of a Query or a Foreach");
        return context.item;
    }),
    items: takes(1, ([loopName], context, name) => {
        const loop = needString(name, loopName);
        const item = context.loopItems?.get(loop);
        if (item === undefined) throw new ExpressionError(`items('${loop}') outside the Foreach ${loop}`);
        return item;
    }),
    outputs: takes(1, ([actionName], context, name) => actionThatRan(name, actionName, context).outputs ?? null),
    parameters: takes(1, ([parameterName], context, name) => {
        const parameter = needString(name, parameterName);
        if (!Object.prototype.hasOwnProperty.call(context.parameters, parameter))
            throw new ExpressionError(`parameters('${parameter}') is not defined`);
        return context.parameters[parameter];
    }),
    triggerBody: takes(0, (_args, context) => context.triggerBody),
    triggerOutputs: takes(0, (_args, context) => context.triggerOutputs ?? { headers: {}, body: context.triggerBody }),
    variables: takes(1, ([variableName], context, name) => {
        const variable = needString(name, variableName);
        if (!context.variables.has(variable)) throw new ExpressionError(`variables('${variable}') is not initialized`);
        return context.variables.get(variable) as Value;
    }),
    workflow: takes(0, (_args, context) => context.workflow),
};
