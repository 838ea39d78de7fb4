import { ActionResult, evaluateString, evaluateTemplate, ExpressionContext, ExpressionError, Value } from "./workflowExpressions";

/**
 * A small interpreter of a cloud flow's definition, for tests: the action types the flow uses
 * (InitializeVariable, SetVariable, Compose, Wait, OpenApiConnection, Response, Scope, If, Until),
 * runAfter with its statuses, retry policies, and a fake clock, with connector calls answered by the
 * test. What the platform does beyond this (concurrency, tracking, real time) is not modelled.
 */

interface ActionDefinition {
    type: string;
    kind?: string;
    runAfter?: Record<string, string[]>;
    inputs?: Record<string, unknown> | string | unknown;
    actions?: Record<string, ActionDefinition>;
    else?: { actions?: Record<string, ActionDefinition> };
    expression?: unknown;
    limit?: { count?: number; timeout?: string };
}

export interface ConnectorAnswer {
    statusCode: number;
    body: Value;
}

export interface ConnectorCall {
    operationId: string;
    parameters: Record<string, Value>;
    /** Seconds since the flow started. */
    at: number;
}

export interface RunOptions {
    triggerBody: Record<string, Value>;
    /** Answers a connector call; throw to make the call fail without an HTTP answer. */
    connector(operationId: string, parameters: Record<string, Value>, call: ConnectorCall): ConnectorAnswer;
    /** How long each connector call takes, in seconds. */
    latencySeconds?: number;
    runName?: string;
}

export interface FlowRun {
    response?: { statusCode: number; body: Value };
    calls: ConnectorCall[];
    /** Seconds from the trigger to the response. */
    responseAtSeconds?: number;
    results: Map<string, ActionResult>;
    variables: Map<string, Value>;
}

const START = Date.UTC(2026, 0, 1, 12, 0, 0);

export function runFlow(flow: { properties: { definition: { actions: Record<string, ActionDefinition>; triggers: Record<string, unknown> } } }, options: RunOptions): FlowRun {
    let clock = START;
    const variableTypes = new Map<string, string>();
    const run: FlowRun = { calls: [], results: new Map(), variables: new Map() };
    const context: ExpressionContext = {
        variables: run.variables,
        triggerBody: options.triggerBody,
        actions: run.results,
        parameters: { $authentication: {}, $connections: {} },
        workflow: { id: "/workflows/fixture", name: "fixture", run: { id: "/workflows/fixture/runs/x", name: options.runName ?? "08584600000000000000000000000CU01", type: "Microsoft.Logic/workflows/runs" } },
        now: () => new Date(clock),
    };
    const elapsed = () => (clock - START) / 1000;

    const checkType = (name: string, value: Value) => {
        const type = variableTypes.get(name);
        const ok =
            (type === "string" && typeof value === "string") ||
            (type === "integer" && typeof value === "number" && Number.isInteger(value)) ||
            (type === "float" && typeof value === "number") ||
            (type === "boolean" && typeof value === "boolean") ||
            (type === "object" && value !== null && typeof value === "object" && !Array.isArray(value)) ||
            (type === "array" && Array.isArray(value));
        if (!ok) throw new ExpressionError(`variable ${name} of type ${String(type)} cannot hold ${JSON.stringify(value)}`);
    };

    const condition = (expression: unknown): boolean => {
        if (typeof expression === "string") {
            const value = evaluateString(expression, context);
            if (typeof value !== "boolean") throw new ExpressionError(`a condition gave ${JSON.stringify(value)}`);
            return value;
        }
        const [[operator, operand]] = Object.entries(expression as Record<string, unknown>);
        if (operator === "and" || operator === "or") {
            const values = (operand as unknown[]).map(condition);
            return operator === "and" ? values.every(Boolean) : values.some(Boolean);
        }
        if (operator === "not") return !condition(operand);
        const [left, right] = (operand as unknown[]).map((side) => evaluateTemplate(side, context));
        switch (operator) {
            case "equals":
                return JSON.stringify(left) === JSON.stringify(right);
            case "greater":
                return (left as number) > (right as number);
            case "less":
                return (left as number) < (right as number);
            default:
                throw new ExpressionError(`condition operator ${operator} is not modelled`);
        }
    };

    const childrenFailed = (names: string[]) => names.some((name) => run.results.get(name)?.status === "Failed" || run.results.get(name)?.status === "TimedOut");

    const execute = (name: string, action: ActionDefinition): ActionResult => {
        const inputs = action.inputs as Record<string, unknown>;
        try {
            switch (action.type) {
                case "InitializeVariable": {
                    const [variable] = inputs.variables as Array<{ name: string; type: string; value?: unknown }>;
                    if (run.variables.has(variable.name)) throw new ExpressionError(`variable ${variable.name} is initialized twice`);
                    variableTypes.set(variable.name, variable.type);
                    const value = evaluateTemplate(variable.value ?? null, context);
                    checkType(variable.name, value);
                    run.variables.set(variable.name, value);
                    return { name, status: "Succeeded" };
                }
                case "SetVariable": {
                    const variable = inputs.name as string;
                    if (!run.variables.has(variable)) throw new ExpressionError(`variable ${variable} is not initialized`);
                    const value = evaluateTemplate(inputs.value, context);
                    checkType(variable, value);
                    run.variables.set(variable, value);
                    return { name, status: "Succeeded" };
                }
                case "Compose":
                    return { name, status: "Succeeded", outputs: evaluateTemplate(action.inputs, context) };
                case "Wait": {
                    const interval = evaluateTemplate((inputs.interval as Record<string, unknown>) ?? {}, context) as { count: Value; unit: Value };
                    if (interval.unit !== "Second" || typeof interval.count !== "number" || !Number.isInteger(interval.count) || interval.count < 1) {
                        throw new ExpressionError(`a Wait of ${JSON.stringify(interval)}`);
                    }
                    clock += interval.count * 1000;
                    return { name, status: "Succeeded" };
                }
                case "OpenApiConnection":
                    return connectorCall(name, inputs);
                case "Response": {
                    if (run.response) throw new ExpressionError("a second Response");
                    run.response = { statusCode: inputs.statusCode as number, body: evaluateTemplate(inputs.body, context) };
                    run.responseAtSeconds = elapsed();
                    return { name, status: "Succeeded" };
                }
                case "Scope": {
                    const names = runActions(action.actions ?? {});
                    return { name, status: childrenFailed(names) ? "Failed" : "Succeeded" };
                }
                case "If": {
                    const branch = condition(action.expression) ? action.actions ?? {} : action.else?.actions ?? {};
                    const names = runActions(branch);
                    return { name, status: childrenFailed(names) ? "Failed" : "Succeeded" };
                }
                case "Until": {
                    const count = action.limit?.count ?? 60;
                    let names: string[] = [];
                    for (let iteration = 0; iteration < count; iteration++) {
                        names = runActions(action.actions ?? {});
                        if (condition(action.expression)) break;
                    }
                    return { name, status: childrenFailed(names) ? "Failed" : "Succeeded" };
                }
                default:
                    throw new Error(`action type ${action.type} is not modelled`);
            }
        } catch (error) {
            if (!(error instanceof ExpressionError)) throw error;
            return { name, status: "Failed", code: "InvalidTemplate", error: { code: "InvalidTemplate", message: `Unable to process template language expressions in action '${name}': ${error.message}` } };
        }
    };

    const connectorCall = (name: string, inputs: Record<string, unknown>): ActionResult => {
        const host = inputs.host as { operationId: string };
        const parameters = evaluateTemplate(inputs.parameters ?? {}, context) as Record<string, Value>;
        const retry = inputs.retryPolicy as { type?: string; count?: number; interval?: string } | undefined;
        const retries = retry?.type === "none" ? 0 : retry?.count ?? 4;
        const intervalSeconds = Number(/^PT(\d+)S$/.exec(retry?.interval ?? "PT7S")?.[1] ?? 7);
        for (let attempt = 0; ; attempt++) {
            const call: ConnectorCall = { operationId: host.operationId, parameters, at: elapsed() };
            run.calls.push(call);
            clock += (options.latencySeconds ?? 0.5) * 1000;
            let answer: ConnectorAnswer;
            try {
                answer = options.connector(host.operationId, parameters, call);
            } catch (error) {
                return { name, status: "Failed", code: "ConnectionFailure", error: { code: "ConnectionFailure", message: (error as Error).message } };
            }
            const transient = answer.statusCode === 408 || answer.statusCode === 429 || answer.statusCode >= 500;
            if (transient && attempt < retries) {
                clock += intervalSeconds * 1000;
                continue;
            }
            const ok = answer.statusCode >= 200 && answer.statusCode < 300;
            return {
                name,
                status: ok ? "Succeeded" : "Failed",
                outputs: { statusCode: answer.statusCode, headers: {}, body: answer.body },
                code: ok ? "OK" : `Http${answer.statusCode}`,
            };
        }
    };

    const runActions = (actions: Record<string, ActionDefinition>): string[] => {
        const names = Object.keys(actions);
        const done = new Set<string>();
        for (const name of names) run.results.delete(name);
        while (done.size < names.length) {
            const ready = names.find((name) => !done.has(name) && Object.keys(actions[name].runAfter ?? {}).every((before) => done.has(before)));
            if (ready === undefined) throw new Error(`runAfter cycle or unknown predecessor among ${names.filter((name) => !done.has(name)).join(", ")}`);
            const action = actions[ready];
            const runs = Object.entries(action.runAfter ?? {}).every(([before, statuses]) => statuses.includes(run.results.get(before)?.status ?? "Skipped"));
            run.results.set(ready, runs ? execute(ready, action) : { name: ready, status: "Skipped" });
            done.add(ready);
        }
        return names;
    };

    runActions(flow.properties.definition.actions);
    return run;
}
