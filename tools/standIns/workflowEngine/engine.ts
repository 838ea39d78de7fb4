import { isObject } from "../../common/objects";
import { ActionInvocation, ActionOutcome, RunState } from "./actions/actionHandler";
import {
    ActionDefinition,
    ActionLocation,
    readActions,
    WorkflowDefinition,
    WorkflowDefinitionError,
} from "./actions/definition";
import { ACTION_TYPES, findActionHandler } from "./actions";
import { Steps } from "./effects";
import { ActionResult, ActionStatus } from "./expressions/context";
import { ExpressionError, Value } from "./expressions/values";
import { runOutcome } from "./runStatus";
import { WorkflowResponse, WorkflowRun } from "./workflowRun";

/** The statuses runAfter may name: the ones Microsoft documents for "run after" (Cancelled is a run's status, not one of them). */
export const RUN_AFTER_STATUSES: readonly ActionStatus[] = Object.freeze([
    "Succeeded",
    "Failed",
    "Skipped",
    "TimedOut",
]);

/** What the engine needs from whoever runs it, besides the answers to its effects. */
export interface EngineHost {
    triggerBody: Value;
    /** What triggerOutputs() gives (a Request trigger's headers and body); default: no headers, triggerBody as the body. */
    triggerOutputs?: Value;
    /** The value of each definition parameter. */
    parameters: Record<string, Value>;
    /** What workflow() gives. */
    workflow: Value;
    /** The current time, in milliseconds since the Unix epoch. */
    now(): number;
    onResponse?(response: WorkflowResponse): void;
}

function isSteps(value: ActionOutcome | Steps<ActionOutcome>): value is Steps<ActionOutcome> {
    return typeof (value as Steps<ActionOutcome>).next === "function";
}

/** The predecessors an action runs after, each with the statuses that let it run. */
function readRunAfter(action: ActionDefinition, where: ActionLocation): Record<string, string[]> {
    const runAfter: unknown = action.runAfter ?? {};
    const valid =
        isObject(runAfter) &&
        Object.values(runAfter).every(
            (statuses) => Array.isArray(statuses) && statuses.every((status) => RUN_AFTER_STATUSES.includes(status)),
        );
    if (!valid)
        throw new WorkflowDefinitionError(
            where,
            `runAfter must map each predecessor to a list of ${RUN_AFTER_STATUSES.join(", ")}` +
                (JSON.stringify(runAfter).includes('"Cancelled"')
                    ? " (Cancelled is not a status runAfter can name)"
                    : ""),
        );
    return runAfter as Record<string, string[]>;
}

/**
 * Runs a workflow definition's actions in runAfter order: an action runs once every action it
 * names has ended, if each ended in one of the statuses it lists, and is Skipped otherwise. Once a
 * Terminate action has run, every action that has not run yet is Skipped, at every level.
 * Triggers are not run: the host gives the trigger's body. Connector calls and waits are effects
 * (see effects.ts), answered by the host that drives these steps.
 */
export function* executeWorkflow(definition: WorkflowDefinition, host: EngineHost): Steps<WorkflowRun> {
    const startedAt = host.now();
    const run: WorkflowRun = {
        status: "Succeeded",
        calls: [],
        apiConnectionCalls: [],
        results: new Map(),
        variables: new Map(),
    };
    const state: RunState = {
        run,
        expressions: {
            variables: run.variables,
            triggerBody: host.triggerBody,
            triggerOutputs: host.triggerOutputs,
            actions: run.results,
            parameters: host.parameters,
            workflow: host.workflow,
            now: () => new Date(host.now()),
        },
        variableTypes: new Map(),
        elapsedSeconds: () => (host.now() - startedAt) / 1000,
        onResponse: host.onResponse,
        enclosingLoops: [],
        runActions,
    };

    function* execute(invocation: ActionInvocation): Steps<ActionResult> {
        const { name, action } = invocation;
        const handler = findActionHandler(action.type);
        if (handler === undefined)
            throw new WorkflowDefinitionError(
                invocation,
                `type ${action.type} is not one this engine runs (${ACTION_TYPES.join(", ")})`,
            );
        try {
            const outcome = handler(invocation);
            return { name, ...(isSteps(outcome) ? yield* outcome : outcome) };
        } catch (error) {
            if (!(error instanceof ExpressionError)) throw error;
            const message = `Unable to process template language expressions in action '${name}': ${error.message}`;
            return { name, status: "Failed", code: "InvalidTemplate", error: { code: "InvalidTemplate", message } };
        }
    }

    function* runActions(actions: Record<string, ActionDefinition>, pointer: string): Steps<string[]> {
        const names = Object.keys(actions);
        const runAfter = new Map(
            names.map((name) => [name, readRunAfter(actions[name], { name, pointer: `${pointer}/${name}` })]),
        );
        const done = new Set<string>();
        for (const name of names) run.results.delete(name);
        while (done.size < names.length) {
            const ready = names.find(
                (name) => !done.has(name) && Object.keys(runAfter.get(name) ?? {}).every((before) => done.has(before)),
            );
            if (ready === undefined)
                throw new WorkflowDefinitionError(
                    pointer,
                    `runAfter cycle or unknown predecessor among ${names.filter((name) => !done.has(name)).join(", ")}`,
                );
            const runs =
                run.terminated === undefined &&
                Object.entries(runAfter.get(ready) ?? {}).every(([before, statuses]) =>
                    statuses.includes(run.results.get(before)?.status ?? "Skipped"),
                );
            const invocation = { name: ready, pointer: `${pointer}/${ready}`, action: actions[ready], state };
            run.results.set(ready, runs ? yield* execute(invocation) : { name: ready, status: "Skipped" });
            done.add(ready);
        }
        return names;
    }

    const topLevel = readActions(definition.actions, "/actions");
    yield* runActions(topLevel, "/actions");
    const outcome = run.terminated ?? runOutcome(topLevel, run.results);
    run.status = outcome.status;
    if (outcome.error !== undefined) run.error = outcome.error;
    return run;
}
