import { mapRunState, RunStates } from "../../runModel/runState";
import { needsReference, readReferenceJson, REFERENCE_CHECKS } from "../support/reference";
import {
    ActionResult,
    ConnectorAnswer,
    evaluate,
    ExpressionContext,
    parseExpression,
    runFlow,
    Value,
    WorkflowRun as FlowRun,
} from "../../tools/standIns/workflowEngine";
import { allActions, flow, swagger } from "./flowSupport";

/**
 * The flow run by the workflow engine (tools/standIns/workflowEngine) against a stand-in for the
 * Databricks Jobs connector, on a fake clock: what the app gets back in each case, how long it
 * waits, and that its run states are the control's.
 */

const POWER_APPS_LIMIT_SECONDS = 120;
const runStates = needsReference(REFERENCE_CHECKS.databricksRunStates);
const actionsByName = Object.fromEntries(allActions().map(({ name, action }) => [name, action]));
const rules = actionsByName.Run_state_rules.inputs as Record<string, Value>;

type Run = Record<string, Value>;

const running: Run = {
    run_id: 555,
    run_page_url: "https://adb-1.1.azuredatabricks.net/jobs/7/runs/555",
    status: { state: "RUNNING" },
    state: { life_cycle_state: "RUNNING" },
    tasks: [{ run_id: 556, task_key: "main" }],
};
const succeeded = (extra: Run = {}): Run => ({
    ...running,
    status: { state: "TERMINATED", termination_details: { code: "SUCCESS", type: "SUCCESS", message: "" } },
    state: { life_cycle_state: "TERMINATED", result_state: "SUCCESS", state_message: "" },
    end_time: 1767268815000,
    ...extra,
});

/** A stand-in connector: RunNow starts run 555; GetRun answers from a script of runs; GetRunOutput gives a notebook result. */
function connector(
    script: Run[],
    overrides: Partial<
        Record<"RunNow" | "GetRun" | "GetRunOutput", (parameters: Record<string, Value>) => ConnectorAnswer>
    > = {},
) {
    let polls = 0;
    return (operationId: string, parameters: Record<string, Value>): ConnectorAnswer => {
        const override = overrides[operationId as "RunNow"];
        if (override) return override(parameters);
        if (operationId === "RunNow") return { statusCode: 200, body: { run_id: 555, number_in_job: 555 } };
        if (operationId === "GetRun") return { statusCode: 200, body: script[Math.min(polls++, script.length - 1)] };
        if (operationId === "GetRunOutput")
            return { statusCode: 200, body: { notebook_output: { result: '{"rows": 42}', truncated: false } } };
        throw new Error(`unexpected ${operationId}`);
    };
}

const trigger = (extra: Record<string, Value> = {}) => ({
    job_id: "123456789012345",
    parameters_json: '{"region": "emea"}',
    ...extra,
});
const body = (run: FlowRun) => run.response?.body as Record<string, Value>;

describe("a run that ends within the wait", () => {
    let run: FlowRun;
    beforeAll(() => {
        run = runFlow(flow, {
            triggerBody: trigger({ idempotency_token: "tok-1" }),
            connector: connector([running, running, succeeded()]),
        });
    });

    test("responds with the run ID, Succeeded, the termination code, the run page and the notebook's exit value", () => {
        expect(run.response?.statusCode).toBe(200);
        expect(body(run)).toEqual({
            run_id: "555",
            state: "Succeeded",
            finished: true,
            result: "SUCCESS",
            message: "",
            run_page_url: "https://adb-1.1.azuredatabricks.net/jobs/7/runs/555",
            output: '{"rows": 42}',
        });
    });

    test("calls RunNow with the job ID as a number, the parameters JSON and the app's token, then GetRun until the end, then GetRunOutput of the task", () => {
        expect(run.calls.map((call) => [call.operationId, call.parameters])).toEqual([
            [
                "RunNow",
                {
                    "body/job_id": 123456789012345,
                    "body/job_parameters_json": '{"region": "emea"}',
                    "body/idempotency_token": "tok-1",
                },
            ],
            ["GetRun", { run_id: 555 }],
            ["GetRun", { run_id: 555 }],
            ["GetRun", { run_id: 555 }],
            ["GetRunOutput", { run_id: 556 }],
        ]);
    });

    test("the response's values have the types its schema declares", () => {
        const schema = (
            actionsByName.Respond_to_a_PowerApp_or_flow.inputs as {
                schema: { properties: Record<string, { type: string }> };
            }
        ).schema.properties;
        for (const [key, value] of Object.entries(body(run)))
            expect([key, typeof value]).toEqual([key, schema[key].type]);
    });
});

test("without a token from the app, the flow run's name is the idempotency token (a retried RunNow starts no second run)", () => {
    for (const token of [undefined, ""]) {
        const run = runFlow(flow, {
            triggerBody: trigger(token === undefined ? {} : { idempotency_token: token }),
            runName: "08584621CU42",
            connector: connector([succeeded()]),
        });
        expect(run.calls[0].parameters["body/idempotency_token"]).toBe("08584621CU42");
    }
    const runNowRetry = (actionsByName.Run_now.inputs as { retryPolicy: { count: number } }).retryPolicy;
    expect(runNowRetry.count).toBeGreaterThan(0);
});

test("a multi-task run: no GetRunOutput (Databricks answers 400 for the parent run), empty output", () => {
    const multi = succeeded({ tasks: [{ run_id: 556 }, { run_id: 557 }] });
    const run = runFlow(flow, { triggerBody: trigger(), connector: connector([multi]) });
    expect(run.calls.map((call) => call.operationId)).toEqual(["RunNow", "GetRun"]);
    expect(body(run)).toMatchObject({ state: "Succeeded", finished: true, output: "" });
});

test("a failed run: Failed, Databricks' code and message, and the task's error from GetRunOutput", () => {
    const failed = succeeded({
        status: {
            state: "TERMINATED",
            termination_details: {
                code: "RUN_EXECUTION_ERROR",
                type: "CLIENT_ERROR",
                message: "Task main failed with message: boom.",
            },
        },
        state: { life_cycle_state: "TERMINATED", result_state: "FAILED", state_message: "boom" },
    });
    const run = runFlow(flow, {
        triggerBody: trigger(),
        connector: connector([failed], {
            GetRunOutput: () => ({ statusCode: 200, body: { error: "ZeroDivisionError: division by zero" } }),
        }),
    });
    expect(body(run)).toMatchObject({
        state: "Failed",
        finished: true,
        result: "RUN_EXECUTION_ERROR",
        message: "Task main failed with message: boom. ZeroDivisionError: division by zero",
        output: "",
    });
});

test("a task output that cannot be read does not hide the run's end", () => {
    const run = runFlow(flow, {
        triggerBody: trigger(),
        connector: connector([succeeded()], {
            GetRunOutput: () => ({
                statusCode: 400,
                body: { error_code: "INVALID_PARAMETER_VALUE", message: "Run output expired." },
            }),
        }),
    });
    expect(body(run)).toMatchObject({ state: "Succeeded", finished: true, result: "SUCCESS", output: "" });
    expect(body(run).message).toMatch(/^The task output could not be read: .*Run output expired\./);
});

describe("a run that outlives the wait", () => {
    test("ends with finished false, its current state, and a message that says so and gives the run ID to follow", () => {
        const run = runFlow(flow, { triggerBody: trigger(), connector: connector([running]) });
        expect(body(run)).toMatchObject({
            run_id: "555",
            state: "Running",
            finished: false,
            result: "",
            output: "",
            run_page_url: running.run_page_url,
        });
        expect(body(run).message).toBe(
            "The run had not finished after the wait of 90 seconds (state: Running). It goes on in Databricks; follow it with run ID 555.",
        );
        expect(run.calls.some((call) => call.operationId === "GetRunOutput")).toBe(false);
    });

    test("the default wait (90 s) ends the response before Power Apps' 120-second limit, even with slow calls and retried polls", () => {
        for (const latencySeconds of [0.2, 1, 3]) {
            const run = runFlow(flow, { triggerBody: trigger(), latencySeconds, connector: connector([running]) });
            expect(run.responseAtSeconds).toBeLessThan(POWER_APPS_LIMIT_SECONDS);
            expect(run.responseAtSeconds).toBeGreaterThanOrEqual(90);
        }
        // The largest wait a maker may ask for, with every last poll retried once after a 503.
        let polls = 0;
        const flaky = connector([running], {
            GetRun: () =>
                polls++ % 2 === 0 ? { statusCode: 503, body: "unavailable" } : { statusCode: 200, body: running },
        });
        const run = runFlow(flow, {
            triggerBody: trigger({ max_wait_seconds: 1000 }),
            latencySeconds: 2,
            connector: flaky,
        });
        expect(body(run).message).toContain("after the wait of 100 seconds");
        expect(run.responseAtSeconds).toBeLessThan(POWER_APPS_LIMIT_SECONDS);
    });

    test("polls with a growing delay: 2, 3, 4, 6, 9, 13, then every 15 seconds, the last one cut at the deadline", () => {
        const run = runFlow(flow, { triggerBody: trigger(), latencySeconds: 0, connector: connector([running]) });
        const polls = run.calls.filter((call) => call.operationId === "GetRun").map((call) => call.at);
        const gaps = polls.map((at, index) => at - (index === 0 ? 0 : polls[index - 1]));
        expect(gaps).toEqual([2, 3, 4, 6, 9, 13, 15, 15, 15, 8]);
        expect(polls[polls.length - 1]).toBe(90);
    });

    test("the maker's wait is clamped to 0-100 seconds and rounded; 0 still polls once", () => {
        const waitOf = (value: Value) => {
            const run = runFlow(flow, {
                triggerBody: trigger(value === undefined ? {} : { max_wait_seconds: value }),
                latencySeconds: 0,
                connector: connector([running]),
            });
            return [
                run.variables.get("MaxWaitSeconds"),
                run.calls.filter((call) => call.operationId === "GetRun").length,
            ];
        };
        expect(waitOf(null)).toEqual([90, 10]);
        expect(waitOf(30)).toEqual([30, 6]);
        expect(waitOf(45.5)).toEqual([46, 7]);
        expect(waitOf(500)).toEqual([100, 11]);
        expect(waitOf(-5)).toEqual([0, 1]);
        expect(waitOf(0)).toEqual([0, 1]);
    });
});

describe("failed connector calls end in a response the app can read", () => {
    test("RunNow answered 400 INVALID_PARAMETER_VALUE: Error, Databricks' error code and message, no run ID", () => {
        const run = runFlow(flow, {
            triggerBody: trigger(),
            connector: connector([], {
                RunNow: () => ({
                    statusCode: 400,
                    body: { error_code: "INVALID_PARAMETER_VALUE", message: "Job 123456789012345 does not exist." },
                }),
            }),
        });
        expect(body(run)).toEqual({
            run_id: "",
            state: "Error",
            finished: false,
            result: "INVALID_PARAMETER_VALUE",
            message: "Starting the run (RunNow) failed: Job 123456789012345 does not exist.",
            run_page_url: "",
            output: "",
        });
        expect(run.calls.map((call) => call.operationId)).toEqual(["RunNow"]);
    });

    test("GetRun answered the gateway's HTML 403: Error, the HTTP status, the page's text, and the run ID to retry with", () => {
        const run = runFlow(flow, {
            triggerBody: trigger(),
            connector: connector([], {
                GetRun: () => ({ statusCode: 403, body: "<html><body>User not authorized.</body></html>" }),
            }),
        });
        expect(body(run)).toMatchObject({
            run_id: "555",
            state: "Error",
            finished: false,
            result: "HTTP 403",
            message: "Getting the run (GetRun) failed: <html><body>User not authorized.</body></html>",
        });
    });

    test("a job ID that is not a number fails RunNow's input: Error with the platform's code, not a failed flow", () => {
        const run = runFlow(flow, { triggerBody: trigger({ job_id: "12a" }), connector: connector([succeeded()]) });
        expect(run.calls).toEqual([]);
        expect(body(run)).toMatchObject({ state: "Error", finished: false, result: "InvalidTemplate" });
        expect(body(run).message).toMatch(
            /^Starting the run \(RunNow\) failed: Unable to process template language expressions in action 'Run_now'/,
        );
    });

    test("a connector that cannot be reached (no HTTP answer) and a JSON error without a code", () => {
        const unreachable = runFlow(flow, {
            triggerBody: trigger(),
            connector: connector([], {
                RunNow: () => {
                    throw new Error("connection refused");
                },
            }),
        });
        expect(body(unreachable)).toMatchObject({
            state: "Error",
            result: "ConnectionFailure",
            message: "Starting the run (RunNow) failed: connection refused",
        });
        const bare = runFlow(flow, {
            triggerBody: trigger(),
            connector: connector([], { GetRun: () => ({ statusCode: 500, body: { message: "Internal error" } }) }),
        });
        expect(body(bare)).toMatchObject({
            state: "Error",
            result: "HTTP 500",
            message: "Getting the run (GetRun) failed: Internal error",
        });
        expect(bare.calls.filter((call) => call.operationId === "GetRun")).toHaveLength(2);
    });
});

describe("the normalized state is the control's (runModel/runState.ts)", () => {
    const setState = (actionsByName.Set_State.inputs as { value: string }).value.slice(1);
    const setFinished = (actionsByName.Set_Finished.inputs as { value: string }).value.slice(1);
    const enumOf = (definition: string, ...path: string[]) => {
        let schema = swagger.definitions[definition] as { properties?: Record<string, unknown>; enum?: string[] };
        for (const field of path) schema = (schema.properties?.[field] ?? {}) as typeof schema;
        return schema.enum ?? [];
    };
    const context = (run: Value, state = ""): ExpressionContext => ({
        variables: new Map<string, Value>([
            ["Run", run],
            ["State", state],
        ]),
        triggerBody: {},
        actions: new Map<string, ActionResult>([
            ["Run_state_rules", { name: "Run_state_rules", status: "Succeeded", outputs: rules }],
        ]),
        parameters: {},
        workflow: {},
        now: () => new Date(0),
    });
    const flowState = (run: Value) => evaluate(parseExpression(setState), context(run));

    test("for every combination of status.state, termination code and type, and result_state (TIMEDOUT among them)", () => {
        const statusStates = [...enumOf("RunStatus", "state"), "NEW_STATE", undefined];
        const codes = [...enumOf("RunStatus", "termination_details", "code"), "NEW_CODE", undefined];
        const types = [...enumOf("RunStatus", "termination_details", "type"), "NEW_TYPE", undefined];
        expect([statusStates.length, codes.length, types.length]).toEqual([9, 27, 6]);
        let compared = 0;
        for (const state of statusStates) {
            for (const code of codes) {
                for (const type of types) {
                    for (const resultState of ["TIMEDOUT", "FAILED", undefined]) {
                        const run = JSON.parse(
                            JSON.stringify({
                                status: { state, termination_details: { code, type } },
                                state: {
                                    life_cycle_state: resultState ? "TERMINATED" : undefined,
                                    result_state: resultState,
                                },
                            }),
                        ) as Value;
                        expect([run, flowState(run)]).toEqual([run, mapRunState(run).state]);
                        compared++;
                    }
                }
            }
        }
        expect(compared).toBe(9 * 27 * 6 * 3);
    });

    runStates.test("from the deprecated state alone, for every life_cycle_state and result_state", () => {
        const lifeCycles = [...enumOf("RunState", "life_cycle_state"), "NEW_STATE", undefined];
        const results = [...enumOf("RunState", "result_state"), "NEW_RESULT", undefined];
        const databricks = (name: string) =>
            readReferenceJson<{ components: { schemas: Record<string, { enum?: string[] }> } }>(
                "databricks/stackql-sdkgen-2026-02/jobs.json",
            ).components.schemas[name]?.enum ?? [];
        expect(lifeCycles).toEqual(expect.arrayContaining(databricks("RunLifeCycleState")));
        for (const lifeCycle of lifeCycles) {
            for (const result of results) {
                const run = JSON.parse(
                    JSON.stringify({ state: { life_cycle_state: lifeCycle, result_state: result } }),
                ) as Value;
                expect([run, flowState(run)]).toEqual([run, mapRunState(run).state]);
            }
        }
        expect(flowState({})).toBe("Unknown");
        expect(flowState({ status: {} })).toBe("Unknown");
    });

    test("uses the control's vocabulary, and is finished for the control's terminal states and for Unknown with an end time", () => {
        const states = new Set([
            ...Object.values(rules).flatMap((table) =>
                table !== null && typeof table === "object" && !Array.isArray(table) ? Object.values(table) : [],
            ),
        ]);
        for (const state of states) expect(RunStates).toContain(state);
        const finished = (state: string, run: Value = {}) =>
            evaluate(parseExpression(setFinished), context(run, state));
        for (const state of ["Succeeded", "SucceededWithFailures", "Failed", "TimedOut", "Canceled", "Skipped"])
            expect([state, finished(state)]).toEqual([state, true]);
        for (const state of ["Queued", "Pending", "Running", "Terminating", "Blocked", "Waiting", "Unknown"])
            expect([state, finished(state)]).toEqual([state, false]);
        expect(finished("Unknown", { end_time: 1767268815000 })).toBe(true);
        expect(finished("Unknown", { end_time: 0 })).toBe(false);
    });
});
