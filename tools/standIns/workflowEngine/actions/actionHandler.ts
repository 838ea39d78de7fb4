import { Steps } from "../effects";
import { ActionResult, ExpressionContext } from "../expressions/context";
import { WorkflowResponse, WorkflowRun } from "../workflowRun";
import { ActionDefinition, ActionLocation } from "./definition";

export type VariableType = "string" | "integer" | "float" | "boolean" | "object" | "array";

/** The run an action takes part in, as its handler sees it. */
export interface RunState {
    run: WorkflowRun;
    expressions: ExpressionContext;
    variableTypes: Map<string, VariableType>;
    elapsedSeconds(): number;
    /** Told of the response as soon as the Response action runs: a host may answer its caller then, before the run ends. */
    onResponse?(response: WorkflowResponse): void;
    /** The Foreach and Until actions the current action runs inside, innermost last. */
    enclosingLoops: Array<{ type: string; name: string }>;
    /** Runs a nested actions map (a Scope's, a branch of an If or a Switch, an iteration of an Until or a Foreach) and gives the names of its actions. */
    runActions(actions: Record<string, ActionDefinition>, pointer: string): Steps<string[]>;
}

/** One action to run: where it is, what it says, and the run it belongs to. */
export interface ActionInvocation extends ActionLocation {
    action: ActionDefinition;
    state: RunState;
}

/** An action's result without its name (the engine adds it). */
export type ActionOutcome = Omit<ActionResult, "name">;

/**
 * Runs one type of action. An ExpressionError fails the action (InvalidTemplate) and the run goes
 * on; a WorkflowDefinitionError stops the run. Handlers that call a connector or wait return Steps.
 */
export type ActionHandler = (invocation: ActionInvocation) => ActionOutcome | Steps<ActionOutcome>;

export const SUCCEEDED: ActionOutcome = Object.freeze({ status: "Succeeded" });
