import { ActionHandler } from "./actionHandler";
import { apiConnection, openApiConnection } from "./connectors";
import { foreach, ifCondition, scope, switchAction, until } from "./control";
import { compose, query } from "./dataOperations";
import { response } from "./request";
import { wait } from "./schedule";
import { terminate } from "./terminate";
import { initializeVariable, setVariable } from "./variables";

/** The action types the engine runs, each with its handler, keyed by the action's `type`. */
export const ACTION_HANDLERS: Readonly<Record<string, ActionHandler>> = Object.freeze({
    ApiConnection: apiConnection,
    Compose: compose,
    Foreach: foreach,
    If: ifCondition,
    InitializeVariable: initializeVariable,
    OpenApiConnection: openApiConnection,
    Query: query,
    Response: response,
    Scope: scope,
    SetVariable: setVariable,
    Switch: switchAction,
    Terminate: terminate,
    Until: until,
    Wait: wait,
});

export const ACTION_TYPES: readonly string[] = Object.freeze(Object.keys(ACTION_HANDLERS).sort());

export function findActionHandler(type: string): ActionHandler | undefined {
    return Object.prototype.hasOwnProperty.call(ACTION_HANDLERS, type) ? ACTION_HANDLERS[type] : undefined;
}
