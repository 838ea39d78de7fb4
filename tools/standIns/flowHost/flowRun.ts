import { randomInt } from "node:crypto";
import { isObject } from "../../common/objects";
import {
    ApiConnectionCall,
    ConnectorAnswer,
    runWorkflowAsync,
    Value,
    WorkflowDefinition,
    WorkflowResponse,
    WorkflowRun,
} from "../workflowEngine";
import { EnvironmentValues, environmentParameters } from "./environment";
import { HostedFlow, powerPagesInputs } from "./hostedFlows";

/** Inputs that do not fit the flow's trigger: an unknown title or a value of the wrong type. The caller gets 400. */
export class TriggerInputError extends Error {}

export interface FlowRunSettings {
    connector: (operationId: string, parameters: Record<string, Value>) => Promise<ConnectorAnswer>;
    /** A Logic App's ApiConnection actions: method + path through a connection. */
    apiConnection?: (call: ApiConnectionCall) => Promise<ConnectorAnswer>;
    environment: EnvironmentValues;
}

/** What the site answers the caller: the Response action's status, headers and body, or 202 and no body for a flow without one. */
export interface FlowAnswer {
    status: number;
    headers?: Record<string, Value>;
    body?: Value;
    /** The run, which may go on after the answer (always, for a flow without a Response); it ends with the run's status. */
    running?: Promise<WorkflowRun>;
    /** Why the run ended without running its Response action: the host logs it, the caller gets `status` (Power Pages masks the reason). */
    unanswered?: string;
}

/** How the caller hears of a run that ends (Failed, Cancelled, or Succeeded by a Terminate) before its Response action ran. */
export interface NoReply {
    status: number;
    body: Value;
}

/** What a Power Pages site answers for a flow that fails before its reply: Microsoft documents nothing; the host masks it as a 500, as the site's other failures. */
export const POWER_PAGES_NO_REPLY: NoReply = {
    status: 500,
    body: { error: { code: "500", message: "An error has occurred." } },
};

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

/** Whether a Response action sits anywhere in the actions: at the top, or in a Scope, If, Switch, Until or Foreach. */
function hasResponseAction(actions: WorkflowDefinition["actions"]): boolean {
    return Object.values(actions).some((action) => {
        if (action.type === "Response") return true;
        const branches = [action.actions, action.else?.actions, action.default?.actions];
        for (const branch of Object.values(action.cases ?? {})) if (isObject(branch)) branches.push(branch.actions);
        return branches.filter(isObject).some((group) => hasResponseAction(group as WorkflowDefinition["actions"]));
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

/** What a run of the flow is given and how its answer is shaped, by the trigger's kind. */
export interface FlowRunRequest {
    triggerBody: Value;
    /** The request's headers and body, for triggerOutputs(). */
    triggerOutputs?: Value;
    /** Power Pages hands the page the Response's output keys in lower case; other callers get them as they are. */
    lowerCaseKeys: boolean;
    noReply: NoReply;
}

/**
 * Runs the flow with the workflow engine and answers with its Response action as soon as it runs
 * (202 at once for a flow without one). A WorkflowDefinitionError (something the engine cannot
 * run, named by action) rejects. A run that ends before its Response ran gets `noReply`, and the
 * reason in `unanswered`.
 */
export async function answerWithFlow(
    flow: HostedFlow,
    request: FlowRunRequest,
    settings: FlowRunSettings,
): Promise<FlowAnswer> {
    let answered: (response: WorkflowResponse) => void = () => undefined;
    const responded = new Promise<WorkflowResponse>((resolve) => (answered = resolve));
    const run = runWorkflowAsync(flow.definition, {
        triggerBody: request.triggerBody,
        triggerOutputs: request.triggerOutputs,
        parameters: flow.logicApp?.parameterValues ?? environmentParameters(flow.definition, settings.environment),
        workflowName: flow.id,
        runName: newRunName(),
        connector: settings.connector,
        apiConnection: settings.apiConnection,
        onResponse: (response) => answered(response),
    });
    if (!hasResponseAction(flow.definition.actions)) return { status: 202, running: run };
    const first = await Promise.race([
        responded.then((response) => ({ response, ended: undefined })),
        run.then((ended) => ({ response: ended.response, ended })),
    ]);
    if (first.response === undefined) {
        const ended = first.ended as WorkflowRun;
        const why = ended.error ? `: ${ended.error.code}: ${ended.error.message}` : "";
        const unanswered = `The flow "${flow.name}" ended ${ended.status}${ended.terminated ? ` (Terminate '${ended.terminated.action}')` : ""} without running its Response action${why}`;
        return { ...request.noReply, running: run, unanswered };
    }
    const { statusCode, headers, body } = first.response;
    return { status: statusCode, headers, body: request.lowerCaseKeys ? lowerCaseKeys(body) : body, running: run };
}

/** Runs a Power Pages flow with the inputs a page sent, by title. */
export function runHostedFlow(
    flow: HostedFlow,
    inputs: Record<string, Value>,
    settings: FlowRunSettings,
): Promise<FlowAnswer> {
    return answerWithFlow(
        flow,
        { triggerBody: triggerBodyFor(flow, inputs), lowerCaseKeys: true, noReply: POWER_PAGES_NO_REPLY },
        settings,
    );
}
