import { Steps } from "../effects";
import { ActionHandler, ActionInvocation, ActionOutcome } from "./actionHandler";
import { evaluateCondition } from "./conditions";
import { readActions, WorkflowDefinitionError } from "./definition";

/** The platform's default iteration limit of an Until. */
const DEFAULT_UNTIL_COUNT = 60;

/** A container action fails when one of the actions it ran failed or timed out. */
function outcomeOf({ state }: ActionInvocation, names: string[]): ActionOutcome {
    const failed = names.some((name) => {
        const status = state.run.results.get(name)?.status;
        return status === "Failed" || status === "TimedOut";
    });
    return { status: failed ? "Failed" : "Succeeded" };
}

function* runNested(invocation: ActionInvocation, actions: unknown, pointer: string): Steps<string[]> {
    return yield* invocation.state.runActions(readActions(actions, pointer), pointer);
}

/** Scope: runs its actions. */
export const scope: ActionHandler = function* (invocation): Steps<ActionOutcome> {
    return outcomeOf(
        invocation,
        yield* runNested(invocation, invocation.action.actions, `${invocation.pointer}/actions`),
    );
};

/** If: runs its actions when its condition holds, else the actions of its else branch. */
export const ifCondition: ActionHandler = function* (invocation): Steps<ActionOutcome> {
    const { action, pointer } = invocation;
    const names = evaluateCondition(action.expression, invocation)
        ? yield* runNested(invocation, action.actions, `${pointer}/actions`)
        : yield* runNested(invocation, action.else?.actions, `${pointer}/else/actions`);
    return outcomeOf(invocation, names);
};

/** Until: runs its actions, then tests its condition, until the condition holds or limit.count iterations have run. limit.timeout is not modelled. */
export const until: ActionHandler = function* (invocation): Steps<ActionOutcome> {
    const { action, pointer } = invocation;
    const count = action.limit?.count ?? DEFAULT_UNTIL_COUNT;
    if (!Number.isInteger(count) || count < 1)
        throw new WorkflowDefinitionError(invocation, "limit.count must be a whole number of at least 1");
    let names: string[] = [];
    for (let iteration = 0; iteration < count; iteration++) {
        names = yield* runNested(invocation, action.actions, `${pointer}/actions`);
        if (evaluateCondition(action.expression, invocation)) break;
    }
    return outcomeOf(invocation, names);
};
