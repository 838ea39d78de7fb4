import { isObject } from "../../common/objects";
import { WorkflowDefinition } from "./actions/definition";
import {
    ApiConnectionCall,
    ConnectorAnswer,
    ConnectorCall,
    ConnectorOutcome,
    EffectReply,
    EngineEffect,
} from "./effects";
import { EngineHost, executeWorkflow } from "./engine";
import { Value } from "./expressions/values";
import { WorkflowResponse, WorkflowRun } from "./workflowRun";

/** What every run is given, whoever drives it. */
interface CommonRunOptions {
    /** The trigger's body: what triggerBody() gives (for a Request trigger, the request's JSON body). */
    triggerBody: Value;
    /** What triggerOutputs() gives: for a Request trigger, `{headers, body}` of the request. Default: no headers and triggerBody as the body. */
    triggerOutputs?: Value;
    /** Values of definition parameters; a parameter not given here takes its defaultValue. */
    parameters?: Record<string, Value>;
    workflowName?: string;
    /** The run's name, as workflow()['run']['name'] gives it. */
    runName?: string;
}

/** A run on a virtual clock, with a connector that answers at once: for tests and simulations. */
export interface RunOptions extends CommonRunOptions {
    /** Answers a connector call; throw to make the call fail without an HTTP answer. */
    connector(operationId: string, parameters: Record<string, Value>, call: ConnectorCall): ConnectorAnswer;
    /** Answers an ApiConnection action's request (method, path, queries, body through a connection); throw for no HTTP answer. */
    apiConnection?(call: ApiConnectionCall): ConnectorAnswer;
    /** How long each connector call takes on the virtual clock, in seconds (default 0.5). */
    latencySeconds?: number;
    /** When the virtual clock starts (default 2026-01-01T12:00:00Z). */
    startAt?: Date;
}

/** A run with a connector that may answer later, on a clock the host gives (real time by default): for hosts that call real connectors. */
export interface AsyncRunOptions extends CommonRunOptions {
    /** Answers a connector call; reject (or throw) to make the call fail without an HTTP answer. */
    connector(
        operationId: string,
        parameters: Record<string, Value>,
        call: ConnectorCall,
    ): Promise<ConnectorAnswer> | ConnectorAnswer;
    /** Answers an ApiConnection action's request; reject (or throw) for no HTTP answer. */
    apiConnection?(call: ApiConnectionCall): Promise<ConnectorAnswer> | ConnectorAnswer;
    clock?: { now(): number; sleep(milliseconds: number): Promise<void> };
    /** Told of the response when the Response action runs, before the run ends. */
    onResponse?(response: WorkflowResponse): void;
}

const VIRTUAL_START = Date.UTC(2026, 0, 1, 12, 0, 0);
const DEFAULT_RUN_NAME = "08584600000000000000000000000CU01";
const DEFAULT_LATENCY_SECONDS = 0.5;

const REAL_TIME = {
    now: () => Date.now(),
    sleep: (milliseconds: number) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds)),
};

/** Each definition parameter's value: the one given to the run, or else its defaultValue. */
function parameterValues(definition: WorkflowDefinition, given: Record<string, Value> = {}): Record<string, Value> {
    const values: Record<string, Value> = {};
    for (const [name, parameter] of Object.entries(definition.parameters ?? {})) {
        if (isObject(parameter) && parameter.defaultValue !== undefined) values[name] = parameter.defaultValue as Value;
    }
    return { ...values, ...given };
}

function engineHost(definition: WorkflowDefinition, options: CommonRunOptions, now: () => number): EngineHost {
    const workflowName = options.workflowName ?? "workflow";
    const runName = options.runName ?? DEFAULT_RUN_NAME;
    return {
        triggerBody: options.triggerBody,
        triggerOutputs: options.triggerOutputs,
        parameters: parameterValues(definition, options.parameters),
        workflow: {
            id: `/workflows/${workflowName}`,
            name: workflowName,
            run: {
                id: `/workflows/${workflowName}/runs/${runName}`,
                name: runName,
                type: "Microsoft.Logic/workflows/runs",
            },
        },
        now,
    };
}

const unreachable = (error: unknown): ConnectorOutcome => ({
    unreachable: error instanceof Error ? error.message : String(error),
});

/** The driver's answer to a connector or an ApiConnection effect (a wait is the caller's). */
function answerCall(
    effect: Exclude<EngineEffect, { kind: "wait" }>,
    options: Pick<RunOptions | AsyncRunOptions, "connector" | "apiConnection">,
): Promise<ConnectorAnswer> | ConnectorAnswer {
    if (effect.kind === "connector")
        return options.connector(effect.call.operationId, effect.call.parameters, effect.call);
    if (options.apiConnection === undefined)
        throw new Error(
            `No ApiConnection driver: the host cannot send ${effect.call.method} ${effect.call.path} through ${effect.call.connection}.`,
        );
    return options.apiConnection(effect.call);
}

/** Runs a workflow definition at once, on a virtual clock: a Wait or a retry interval moves the clock instead of waiting. */
export function runWorkflow(definition: WorkflowDefinition, options: RunOptions): WorkflowRun {
    let clock = options.startAt?.getTime() ?? VIRTUAL_START;
    const latency = (options.latencySeconds ?? DEFAULT_LATENCY_SECONDS) * 1000;
    const reply = (effect: EngineEffect): EffectReply => {
        if (effect.kind === "wait") {
            clock += effect.seconds * 1000;
            return undefined;
        }
        clock += latency;
        try {
            return { answer: answerCall(effect, options) as ConnectorAnswer };
        } catch (error) {
            return unreachable(error);
        }
    };
    const steps = executeWorkflow(
        definition,
        engineHost(definition, options, () => clock),
    );
    let step = steps.next();
    while (!step.done) step = steps.next(reply(step.value));
    return step.value;
}

/** Runs a workflow definition with a connector that may answer asynchronously, waiting on the given clock (real time by default). */
export async function runWorkflowAsync(definition: WorkflowDefinition, options: AsyncRunOptions): Promise<WorkflowRun> {
    const clock = options.clock ?? REAL_TIME;
    const reply = async (effect: EngineEffect): Promise<EffectReply> => {
        if (effect.kind === "wait") {
            await clock.sleep(effect.seconds * 1000);
            return undefined;
        }
        try {
            return { answer: await answerCall(effect, options) };
        } catch (error) {
            return unreachable(error);
        }
    };
    const steps = executeWorkflow(definition, {
        ...engineHost(definition, options, () => clock.now()),
        onResponse: options.onResponse,
    });
    let step = steps.next();
    while (!step.done) step = steps.next(await reply(step.value));
    return step.value;
}

/** Runs a Power Automate flow as its solution file holds it (the definition under properties). */
export function runFlow(flow: { properties: { definition: WorkflowDefinition } }, options: RunOptions): WorkflowRun {
    return runWorkflow(flow.properties.definition, options);
}
