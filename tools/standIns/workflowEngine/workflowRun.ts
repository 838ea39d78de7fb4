import { ApiConnectionCall, ConnectorCall } from "./effects";
import { ActionResult } from "./expressions/context";
import { Value } from "./expressions/values";

/** What a Response action answered the caller. */
export interface WorkflowResponse {
    statusCode: number;
    headers: Record<string, Value>;
    body: Value;
}

/** How a run ended: the statuses a Terminate action can give a run, and the ones the platform derives from its actions. */
export type RunStatus = "Succeeded" | "Failed" | "Cancelled";

/** A run's error: the Terminate action's runError, or the platform's code for a run whose actions failed. */
export interface RunError {
    code: string;
    message: string;
}

/** A Terminate action that ended the run: its name and the status it gave the run. */
export interface Termination {
    action: string;
    status: RunStatus;
    error?: RunError;
}

/** What a run of a workflow leaves behind. */
export interface WorkflowRun {
    /**
     * How the run ended: a Terminate action's runStatus, or else Failed when a branch of the
     * top-level actions ended in failure, else Succeeded (set when the run ends).
     */
    status: RunStatus;
    /** Why the run failed: a Terminate's runError, or ActionFailed naming the actions whose failure no action handled. */
    error?: RunError;
    /** The Terminate action that ended the run, if one did. */
    terminated?: Termination;
    response?: WorkflowResponse;
    /** Every connector call, retries included, in order. */
    calls: ConnectorCall[];
    /** Every ApiConnection call, retries included, in order. */
    apiConnectionCalls: ApiConnectionCall[];
    /** Seconds from the trigger to the response. */
    responseAtSeconds?: number;
    /** The last result of each action, by name (an Until's or a Foreach's actions: of its last iteration). */
    results: Map<string, ActionResult>;
    variables: Map<string, Value>;
}
