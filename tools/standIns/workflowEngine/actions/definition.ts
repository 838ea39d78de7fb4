import { isObject } from "../../../common/objects";

/** An action as a workflow definition holds it. The engine checks each field it reads, and names the action when one is wrong. */
export interface ActionDefinition {
    type: string;
    kind?: string;
    runAfter?: Record<string, string[]>;
    inputs?: unknown;
    /** A Scope's, an If's (when true), an Until's or a Foreach's actions. */
    actions?: Record<string, ActionDefinition>;
    else?: { actions?: Record<string, ActionDefinition> };
    /** An If's or an Until's condition; a Switch's value. */
    expression?: unknown;
    limit?: { count?: number; timeout?: string };
    /** A Switch's cases by name, each with its constant value and its actions. */
    cases?: Record<string, { case?: unknown; actions?: Record<string, ActionDefinition> }>;
    /** A Switch's actions when no case matches. */
    default?: { actions?: Record<string, ActionDefinition> };
    /** A Foreach's array. */
    foreach?: unknown;
    runtimeConfiguration?: { concurrency?: { repetitions?: unknown } };
    operationOptions?: unknown;
}

/** The `definition` of a Power Automate flow or of a Logic App: what the engine runs. */
export interface WorkflowDefinition {
    actions: Record<string, ActionDefinition>;
    triggers?: Record<string, unknown>;
    /** Definition parameters; parameters('<name>') reads the value given to the run, or else the parameter's defaultValue. */
    parameters?: Record<string, unknown>;
}

/** Where an action sits in its definition, for messages: its name and JSON pointer (e.g. /actions/Run_and_wait/actions/Run_now). */
export interface ActionLocation {
    name: string;
    pointer: string;
}

/** A definition the engine cannot run: a wrong or missing field, an unknown action type, a runAfter cycle. The run stops. */
export class WorkflowDefinitionError extends Error {
    constructor(where: ActionLocation | string, problem: string) {
        super(`${typeof where === "string" ? where : `action '${where.name}' (${where.pointer})`}: ${problem}`);
        this.name = "WorkflowDefinitionError";
    }
}

/** The actions map at `pointer`: an object of action definitions (each one's type checked when it runs), or nothing. */
export function readActions(value: unknown, pointer: string): Record<string, ActionDefinition> {
    if (value === undefined) return {};
    if (!isObject(value))
        throw new WorkflowDefinitionError(pointer, "the actions must be an object of actions by name");
    for (const [name, action] of Object.entries(value)) {
        if (!isObject(action) || typeof action.type !== "string")
            throw new WorkflowDefinitionError(
                { name, pointer: `${pointer}/${name}` },
                'an action must be an object with a "type"',
            );
    }
    return value as Record<string, ActionDefinition>;
}

/** A field of an action that must be an object; `field` names it in the message (e.g. "inputs.host"). */
export function readObject(value: unknown, where: ActionLocation, field: string): Record<string, unknown> {
    if (!isObject(value)) throw new WorkflowDefinitionError(where, `${field} must be an object`);
    return value;
}

export function readString(value: unknown, where: ActionLocation, field: string): string {
    if (typeof value !== "string" || value === "")
        throw new WorkflowDefinitionError(where, `${field} must be a non-empty string`);
    return value;
}
