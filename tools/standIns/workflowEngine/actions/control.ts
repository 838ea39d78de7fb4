import { isObject } from "../../../common/objects";
import { Steps } from "../effects";
import { evaluateTemplate } from "../expressions/templates";
import { ExpressionError, typeName, Value } from "../expressions/values";
import { ActionHandler, ActionInvocation, ActionOutcome } from "./actionHandler";
import { evaluateCondition } from "./conditions";
import { readActions, readObject, WorkflowDefinitionError } from "./definition";

/** The platform's default iteration limit of an Until. */
const DEFAULT_UNTIL_COUNT = 60;
/** The most iterations a Foreach's runtimeConfiguration.concurrency.repetitions may ask to run at once. */
const MAX_FOREACH_REPETITIONS = 50;

const failedOrTimedOut = ({ state }: ActionInvocation, names: string[]): boolean =>
    names.some((name) => {
        const status = state.run.results.get(name)?.status;
        return status === "Failed" || status === "TimedOut";
    });

/** A container action fails when one of the actions it ran failed or timed out. */
function outcomeOf(invocation: ActionInvocation, names: string[]): ActionOutcome {
    return { status: failedOrTimedOut(invocation, names) ? "Failed" : "Succeeded" };
}

function* runNested(invocation: ActionInvocation, actions: unknown, pointer: string): Steps<string[]> {
    return yield* invocation.state.runActions(readActions(actions, pointer), pointer);
}

/** Runs a loop's body with the loop recorded as enclosing it (a Terminate may not run inside a loop). */
function* inLoop<T>(invocation: ActionInvocation, body: Steps<T>): Steps<T> {
    const loops = invocation.state.enclosingLoops;
    loops.push({ type: invocation.action.type, name: invocation.name });
    try {
        return yield* body;
    } finally {
        loops.pop();
    }
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
        names = yield* inLoop(invocation, runNested(invocation, action.actions, `${pointer}/actions`));
        if (evaluateCondition(action.expression, invocation)) break;
    }
    return outcomeOf(invocation, names);
};

/** A Switch's cases, checked: each an object with a constant string or number `case`, no value twice. */
function switchCases(invocation: ActionInvocation): Array<{ name: string; value: string | number; actions: unknown }> {
    const cases = readObject(invocation.action.cases ?? {}, invocation, "cases");
    const seen = new Map<string | number, string>();
    return Object.entries(cases).map(([name, definition]) => {
        const value = readObject(definition, invocation, `cases.${name}`).case;
        const isConstant =
            typeof value === "number" ||
            (typeof value === "string" && (!value.startsWith("@") || value.startsWith("@@")));
        if (!isConstant)
            throw new WorkflowDefinitionError(
                invocation,
                `cases.${name}.case must be a constant string or number, not ${JSON.stringify(value)}`,
            );
        const constant = typeof value === "string" && value.startsWith("@@") ? value.slice(1) : value;
        const twin = seen.get(constant);
        if (twin !== undefined)
            throw new WorkflowDefinitionError(
                invocation,
                `cases.${name} has the value ${JSON.stringify(constant)} of cases.${twin}: each case's value must be unique`,
            );
        seen.set(constant, name);
        return { name, value: constant, actions: (definition as { actions?: unknown }).actions };
    });
}

/**
 * Switch: runs the actions of the case whose value equals the expression's value (a string or an
 * integer; a case matches a value of its own type only), else the default actions; fails when an
 * action of the branch it ran failed or timed out.
 */
export const switchAction: ActionHandler = function* (invocation): Steps<ActionOutcome> {
    const { action, pointer, state } = invocation;
    const cases = switchCases(invocation);
    if (action.expression === undefined) throw new WorkflowDefinitionError(invocation, "expression is missing");
    const value = evaluateTemplate(action.expression, state.expressions);
    if (typeof value !== "string" && !(typeof value === "number" && Number.isInteger(value)))
        throw new ExpressionError(
            `a Switch's expression gave a ${typeName(value)}; it must give a string or an integer`,
        );
    const chosen = cases.find((candidate) => candidate.value === value);
    const names = chosen
        ? yield* runNested(invocation, chosen.actions, `${pointer}/cases/${chosen.name}/actions`)
        : yield* runNested(invocation, action.default?.actions, `${pointer}/default/actions`);
    return outcomeOf(invocation, names);
};

/** A Foreach's runtimeConfiguration and operationOptions, checked; every iteration runs one after the other whatever they say. */
function checkForeachSettings(invocation: ActionInvocation): void {
    const { runtimeConfiguration, operationOptions } = invocation.action;
    const repetitions = isObject(runtimeConfiguration?.concurrency)
        ? runtimeConfiguration.concurrency.repetitions
        : undefined;
    if (
        repetitions !== undefined &&
        !(
            Number.isInteger(repetitions) &&
            (repetitions as number) >= 1 &&
            (repetitions as number) <= MAX_FOREACH_REPETITIONS
        )
    )
        throw new WorkflowDefinitionError(
            invocation,
            `runtimeConfiguration.concurrency.repetitions must be a whole number from 1 to ${MAX_FOREACH_REPETITIONS}`,
        );
    if (operationOptions !== undefined && operationOptions !== "Sequential")
        throw new WorkflowDefinitionError(invocation, 'operationOptions of a Foreach must be "Sequential" or left out');
}

/**
 * Foreach: runs its actions once for each item of its array, one iteration after the other
 * (runtimeConfiguration.concurrency is accepted, not modelled); item() and items('<name>') give
 * the item. It fails when an action failed or timed out in any iteration.
 */
export const foreach: ActionHandler = function* (invocation): Steps<ActionOutcome> {
    const { action, name, pointer, state } = invocation;
    checkForeachSettings(invocation);
    if (action.foreach === undefined) throw new WorkflowDefinitionError(invocation, "foreach is missing");
    const items = evaluateTemplate(action.foreach, state.expressions);
    if (!Array.isArray(items))
        throw new ExpressionError(`a Foreach's foreach gave a ${typeName(items)}; it must give an array`);
    const context = state.expressions;
    const outer = { item: context.item, loopItems: context.loopItems };
    let failed = false;
    try {
        for (const item of items) {
            context.item = item;
            context.loopItems = new Map<string, Value>([...(outer.loopItems ?? []), [name, item]]);
            const names = yield* inLoop(invocation, runNested(invocation, action.actions, `${pointer}/actions`));
            failed ||= failedOrTimedOut(invocation, names);
        }
    } finally {
        context.item = outer.item;
        context.loopItems = outer.loopItems;
    }
    return { status: failed ? "Failed" : "Succeeded" };
};
