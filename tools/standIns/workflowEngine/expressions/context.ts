import { Value } from "./values";

export type ActionStatus = "Succeeded" | "Failed" | "Skipped" | "TimedOut";

/** What an action left behind once it ran: what actions(), outputs() and body() read, and what runAfter tests. */
export interface ActionResult {
    name: string;
    status: ActionStatus;
    /** An HTTP action's statusCode, headers and body, or a Compose's value. */
    outputs?: Value;
    code?: string;
    error?: { code: string; message: string };
}

/** What an expression can read from the run it is evaluated in. */
export interface ExpressionContext {
    variables: Map<string, Value>;
    triggerBody: Value;
    /** Results of the actions that have run. */
    actions: Map<string, ActionResult>;
    parameters: Record<string, Value>;
    workflow: Value;
    /** What triggerOutputs() gives: the trigger's headers and body (for a Request trigger, the request's). Default: no headers, triggerBody as the body. */
    triggerOutputs?: Value;
    /** The array item a Query's where expression, or the innermost Foreach's iteration, is evaluated for, which item() gives. */
    item?: Value;
    /** The current item of each enclosing Foreach, by the Foreach's name, which items('<name>') gives. */
    loopItems?: ReadonlyMap<string, Value>;
    now(): Date;
}
