import { ConnectorCall } from "./effects";
import { ActionResult } from "./expressions/context";
import { Value } from "./expressions/values";

/** What a Response action answered the caller. */
export interface WorkflowResponse {
    statusCode: number;
    headers: Record<string, Value>;
    body: Value;
}

/** What a run of a workflow leaves behind. */
export interface WorkflowRun {
    response?: WorkflowResponse;
    /** Every connector call, retries included, in order. */
    calls: ConnectorCall[];
    /** Seconds from the trigger to the response. */
    responseAtSeconds?: number;
    /** The last result of each action, by name (an Until's actions: of its last iteration). */
    results: Map<string, ActionResult>;
    variables: Map<string, Value>;
}
