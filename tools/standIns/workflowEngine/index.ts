/**
 * The workflow engine: runs the actions of a Power Automate flow's or a Logic App's workflow
 * definition, with its expressions, on a virtual clock or on real time, with connector calls
 * answered by the caller. README.md says what it supports.
 */
export { runFlow, runWorkflow, runWorkflowAsync } from "./run";
export type { AsyncRunOptions, RunOptions } from "./run";
export type { RunError, RunStatus, Termination, WorkflowResponse, WorkflowRun } from "./workflowRun";
export { RUN_AFTER_STATUSES } from "./engine";
export type { ApiConnectionCall, ApiConnectionRequest, ConnectorAnswer, ConnectorCall } from "./effects";
export { ACTION_HANDLERS, ACTION_TYPES } from "./actions";
export { CONDITION_OPERATORS } from "./actions/conditions";
export { WorkflowDefinitionError } from "./actions/definition";
export type { ActionDefinition, WorkflowDefinition } from "./actions/definition";

export { ExpressionError } from "./expressions/values";
export type { Value } from "./expressions/values";
export type { ActionResult, ActionStatus, ExpressionContext } from "./expressions/context";
export { parseExpression } from "./expressions/parser";
export type { ExpressionNode } from "./expressions/parser";
export { evaluate, evaluateExpression } from "./expressions/evaluator";
export { evaluateString, evaluateTemplate } from "./expressions/templates";
export { FUNCTIONS, FUNCTIONS_BY_CATEGORY, KNOWN_FUNCTIONS } from "./expressions/functions";
export type { WorkflowFunction } from "./expressions/functions";
export { accesses, expressionsIn, functionsCalled, stringsIn } from "./expressions/analysis";
