import {
    ActionDefinition,
    ActionResult,
    ConnectorAnswer,
    ExpressionContext,
    runWorkflow,
    RunOptions,
    Value,
    WorkflowRun,
} from "../../../tools/standIns/workflowEngine";

export const NOW = new Date(Date.UTC(2026, 4, 17, 9, 30, 0));

/** An expression context with a few variables, actions, parameters and a trigger body to read. */
export function expressionContext(): ExpressionContext {
    const actions: ActionResult[] = [
        {
            name: "Get_run",
            status: "Succeeded",
            outputs: { statusCode: 200, headers: {}, body: { run_id: 7 } },
            code: "OK",
        },
        { name: "Rules", status: "Succeeded", outputs: { a: 1 } },
        { name: "Broken", status: "Failed", code: "Http500", error: { code: "Http500", message: "boom" } },
        { name: "Not_taken", status: "Skipped" },
    ];
    return {
        variables: new Map<string, Value>([
            ["Count", 3],
            ["Run", { state: { life_cycle_state: "RUNNING" }, tasks: [{ run_id: 11 }] }],
        ]),
        triggerBody: { job_id: "42" },
        actions: new Map(actions.map((result) => [result.name, result])),
        parameters: { region: "emea" },
        workflow: { name: "wf", run: { name: "run-1" } },
        item: { job_id: "7" },
        loopItems: new Map<string, Value>([["Each_job", { job_id: "8" }]]),
        triggerOutputs: { headers: { "Content-Type": "application/json" }, body: { job_id: "42" } },
        now: () => NOW,
    };
}

/** A connector that answers each operation from a list, in turn (the last answer repeats); an Error in the list is thrown. */
export function scriptedConnector(script: Record<string, Array<ConnectorAnswer | Error>>): RunOptions["connector"] {
    const served: Record<string, number> = {};
    return (operationId) => {
        const answers = script[operationId];
        if (answers === undefined) throw new Error(`no answers for ${operationId}`);
        const index = Math.min(served[operationId] ?? 0, answers.length - 1);
        served[operationId] = index + 1;
        const answer = answers[index];
        if (answer instanceof Error) throw answer;
        return answer;
    };
}

/** Runs a definition made of these actions, at once, with a connector that has no operations unless given one. */
export function runActions(actions: Record<string, ActionDefinition>, options: Partial<RunOptions> = {}): WorkflowRun {
    return runWorkflow(
        { actions },
        { triggerBody: {}, connector: scriptedConnector({}), latencySeconds: 1, ...options },
    );
}

/** The status of each action that ran, by name. */
export function statuses(run: WorkflowRun): Record<string, string> {
    return Object.fromEntries([...run.results].map(([name, result]) => [name, result.status]));
}
