import { readSolutionSource } from "../../build/solution/solutionSource";
import { isObject } from "../../common/objects";
import type { Value, WorkflowDefinition } from "../workflowEngine";
import type { InvokeAuthorization } from "./invokeEndpoint";

/** A cloud flow the host can run: its workflow id (lower-case GUID; a Logic App's name), its name and its definition. */
export interface HostedFlow {
    id: string;
    name: string;
    definition: WorkflowDefinition;
    /** For a Logic App: the values of its workflow parameters ($connections, …) and who may call its trigger. */
    logicApp?: { parameterValues: Record<string, Value>; authorize: InvokeAuthorization };
}

/** One input of a "When Power Pages calls a flow" trigger: the title callers send, the slot key the flow reads, its type. */
export interface PowerPagesInput {
    title: string;
    slot: string;
    type: string;
}

/** The solution's cloud flows, read (and checked) by the solution packer's own reader. */
export function loadSolutionFlows(solutionDir: string): HostedFlow[] {
    return readSolutionSource(solutionDir).workflows.map((workflow) => {
        const definition = workflow.definition.properties?.definition;
        if (!isObject(definition) || !isObject(definition.actions))
            throw new Error(`${workflow.entryPath}: the flow has no properties.definition with actions.`);
        return { id: workflow.id, name: workflow.name, definition: definition as unknown as WorkflowDefinition };
    });
}

/** The Request trigger kinds the host serves: Power Pages' "When Power Pages calls a flow", Power Apps' (V2) trigger, and "When an HTTP request is received". */
export const REQUEST_TRIGGER_KINDS = ["PowerPages", "PowerAppV2", "Http"] as const;
export type RequestTriggerKind = (typeof REQUEST_TRIGGER_KINDS)[number];

/** A flow's Request trigger: its name (the key in triggers, "manual" as the designer writes it), its kind and its inputs' JSON schema. */
export interface RequestTrigger {
    name: string;
    kind: RequestTriggerKind;
    schema?: Record<string, unknown>;
}

/** The flow's trigger when it is its only trigger, of type Request and of a kind the host serves; else undefined. */
export function requestTrigger(flow: HostedFlow): RequestTrigger | undefined {
    const triggers = Object.entries(flow.definition.triggers ?? {});
    if (triggers.length !== 1) return undefined;
    const [[name, trigger]] = triggers;
    if (!isObject(trigger) || trigger.type !== "Request") return undefined;
    const kind = REQUEST_TRIGGER_KINDS.find((candidate) => candidate === trigger.kind);
    if (kind === undefined) return undefined;
    const schema = isObject(trigger.inputs) && isObject(trigger.inputs.schema) ? trigger.inputs.schema : undefined;
    return { name, kind, ...(schema ? { schema } : {}) };
}

/** The flow's trigger when it is `{"type": "Request", "kind": "PowerPages"}`, else undefined. */
function powerPagesTrigger(flow: HostedFlow): RequestTrigger | undefined {
    const trigger = requestTrigger(flow);
    return trigger?.kind === "PowerPages" ? trigger : undefined;
}

export function isPowerPagesFlow(flow: HostedFlow): boolean {
    return powerPagesTrigger(flow) !== undefined;
}

/** Whether the flow's trigger is called at its own URL (…/triggers/<name>/paths/invoke): an Http or a PowerAppV2 Request trigger. */
export function isInvokedFlow(flow: HostedFlow): boolean {
    const kind = requestTrigger(flow)?.kind;
    return kind === "Http" || kind === "PowerAppV2";
}

/** The inputs of the flow's PowerPages trigger, from its schema: each slot (text, text_1, …) with its title. */
export function powerPagesInputs(flow: HostedFlow): PowerPagesInput[] {
    const trigger = powerPagesTrigger(flow);
    if (trigger === undefined) throw new Error(`The flow "${flow.name}" (${flow.id}) has no PowerPages trigger.`);
    const properties = isObject(trigger.schema?.properties) ? trigger.schema.properties : {};
    return Object.entries(properties).map(([slot, input]) => {
        const title = isObject(input) && typeof input.title === "string" ? input.title : slot;
        const type = isObject(input) && typeof input.type === "string" ? input.type : "string";
        return { title, slot, type };
    });
}
