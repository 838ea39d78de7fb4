import { Steps, waitSeconds } from "../effects";
import { isObject } from "../../../common/objects";
import { evaluateTemplate } from "../expressions/templates";
import { ExpressionError } from "../expressions/values";
import { ActionHandler, ActionOutcome, SUCCEEDED } from "./actionHandler";
import { readObject } from "./definition";

/** Wait (the designer's Delay): an interval of whole seconds, `{"count": n, "unit": "Second"}`. */
export const wait: ActionHandler = function* (invocation): Steps<ActionOutcome> {
    const inputs = readObject(invocation.action.inputs, invocation, "inputs");
    const interval = evaluateTemplate(inputs.interval ?? {}, invocation.state.expressions);
    const count = isObject(interval) ? interval.count : undefined;
    if (
        !isObject(interval) ||
        interval.unit !== "Second" ||
        typeof count !== "number" ||
        !Number.isInteger(count) ||
        count < 1
    ) {
        throw new ExpressionError(`a Wait of ${JSON.stringify(interval)}`);
    }
    yield* waitSeconds(count);
    return SUCCEEDED;
};
