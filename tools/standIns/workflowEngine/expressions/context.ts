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
    /** The array item a Query's where expression is evaluated for, which item() gives. */
    item?: Value;
    now(): Date;
}
