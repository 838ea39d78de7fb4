import { randomInt } from "node:crypto";
import { isObject } from "../../common/objects";
import { ConnectorAnswer, runWorkflowAsync, Value, WorkflowDefinition, WorkflowResponse } from "../workflowEngine";
import { EnvironmentValues, environmentParameters } from "./environment";
import { HostedFlow, powerPagesInputs } from "./hostedFlows";

/** Inputs that do not fit the flow's trigger: an unknown title or a value of the wrong type. The caller gets 400. */
export class TriggerInputError extends Error {}

export interface FlowRunSettings {
    connector: (operationId: string, parameters: Record<string, Value>) => Promise<ConnectorAnswer>;
    environment: EnvironmentValues;
}

/** What the site answers the page: the Response action's status and body, or 202 and no body for a flow without one. */
export interface FlowAnswer {
    status: number;
    body?: Value;
    /** The run, which may go on after the answer (always, for a flow without a Response). */
    running?: Promise<unknown>;
}

const JSON_TYPES: Record<string, (value: Value) => boolean> = {
    string: (value) => typeof value === "string",
    number: (value) => typeof value === "number",
    integer: (value) => Number.isInteger(value),
    boolean: (value) => typeof value === "boolean",
    object: (value) => isObject(value),
    array: (value) => Array.isArray(value),
};

/** The trigger body: the inputs sent by title, keyed by the trigger schema's slot (text, text_1, …). */
export function triggerBodyFor(flow: HostedFlow, inputs: Record<string, Value>): Record<string, Value> {
    const slots = powerPagesInputs(flow);
    const body: Record<string, Value> = {};
    for (const [title, value] of Object.entries(inputs)) {
        const input = slots.find((slot) => slot.title === title);
        if (input === undefined) {
            const known = slots.map((slot) => slot.title).join(", ") || "none";
            throw new TriggerInputError(
                `The flow "${flow.name}" has no input titled "${title}" (its inputs: ${known}).`,
            );
        }
        const fits = JSON_TYPES[input.type];
        if (fits !== undefined && value !== null && !fits(value))
            throw new TriggerInputError(`The input "${title}" of the flow "${flow.name}" must be a ${input.type}.`);
        body[input.slot] = value;
    }
    return body;
}

function hasResponseAction(actions: WorkflowDefinition["actions"]): boolean {
    return Object.values(actions).some((action) => {
        const nested = action as { type?: unknown; actions?: unknown; else?: { actions?: unknown } };
        if (nested.type === "Response") return true;
        const inner = [nested.actions, nested.else?.actions].filter(isObject);
        return inner.some((group) => hasResponseAction(group as WorkflowDefinition["actions"]));
    });
}

/** A run name shaped like Power Automate's (08584…CU…): the flow's default idempotency token reads it, so each run needs its own. */
function newRunName(): string {
    const digits = Array.from({ length: 25 }, () => randomInt(10)).join("");
    return `08584${digits}CU${String(randomInt(100)).padStart(2, "0")}`;
}

/** Power Pages hands the page the Response's output keys in lower case. */
function lowerCaseKeys(body: Value): Value {
    if (!isObject(body) || Array.isArray(body)) return body;
    return Object.fromEntries(Object.entries(body).map(([key, value]) => [key.toLowerCase(), value as Value]));
}

/**
 * Runs the flow with the workflow engine. A WorkflowDefinitionError (something the engine cannot
 * run, named by action) rejects; so does a flow with a Response action that ends without running it.
 */
export async function runHostedFlow(
    flow: HostedFlow,
    inputs: Record<string, Value>,
    settings: FlowRunSettings,
): Promise<FlowAnswer> {
    const triggerBody = triggerBodyFor(flow, inputs);
    let answered: (response: WorkflowResponse) => void = () => undefined;
    const responded = new Promise<WorkflowResponse>((resolve) => (answered = resolve));
    const run = runWorkflowAsync(flow.definition, {
        triggerBody,
        parameters: environmentParameters(flow.definition, settings.environment),
        workflowName: flow.id,
        runName: newRunName(),
        connector: settings.connector,
        onResponse: (response) => answered(response),
    });
    if (!hasResponseAction(flow.definition.actions)) return { status: 202, running: run };
    const first = await Promise.race([
        responded.then((response) => ({ response })),
        run.then((ended) => ({ response: ended.response })),
    ]);
    if (first.response === undefined)
        throw new Error(`The flow "${flow.name}" ended without running its Response action.`);
    return { status: first.response.statusCode, body: lowerCaseKeys(first.response.body), running: run };
}
