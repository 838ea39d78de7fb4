import { readSolutionSource } from "../../build/solution/solutionSource";
import { isObject } from "../../common/objects";
import type { WorkflowDefinition } from "../workflowEngine";

/** A cloud flow the host can run: its workflow id (lower-case GUID), its name and its definition. */
export interface HostedFlow {
    id: string;
    name: string;
    definition: WorkflowDefinition;
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

/** The flow's trigger when it is `{"type": "Request", "kind": "PowerPages"}`, else undefined. */
function powerPagesTrigger(flow: HostedFlow): Record<string, unknown> | undefined {
    const triggers = Object.values(flow.definition.triggers ?? {});
    const trigger = triggers.length === 1 ? triggers[0] : undefined;
    return isObject(trigger) && trigger.type === "Request" && trigger.kind === "PowerPages" ? trigger : undefined;
}

export function isPowerPagesFlow(flow: HostedFlow): boolean {
    return powerPagesTrigger(flow) !== undefined;
}

/** The inputs of the flow's PowerPages trigger, from its schema: each slot (text, text_1, …) with its title. */
export function powerPagesInputs(flow: HostedFlow): PowerPagesInput[] {
    const trigger = powerPagesTrigger(flow);
    if (trigger === undefined) throw new Error(`The flow "${flow.name}" (${flow.id}) has no PowerPages trigger.`);
    const schema = isObject(trigger.inputs) ? trigger.inputs.schema : undefined;
    const properties = isObject(schema) && isObject(schema.properties) ? schema.properties : {};
    return Object.entries(properties).map(([slot, input]) => {
        const title = isObject(input) && typeof input.title === "string" ? input.title : slot;
        const type = isObject(input) && typeof input.type === "string" ? input.type : "string";
        return { title, slot, type };
    });
}
