import {
    ActionDefinition,
    ApiConnectionCall,
    ConnectorAnswer,
    runWorkflow,
} from "../../../tools/standIns/workflowEngine";
import { statuses } from "./support";

/** The ApiConnection action, as Logic Apps writes a custom connector's call: method, path, queries and body through a connection. */

const CONNECTIONS = { databricksjobs: { connectionId: "/local/connections/databricks-jobs" } };

function apiCall(inputs: Record<string, unknown>, extra: Partial<ActionDefinition> = {}): ActionDefinition {
    return {
        type: "ApiConnection",
        inputs: {
            host: { connection: { name: "@parameters('$connections')['databricksjobs']['connectionId']" } },
            ...inputs,
        },
        ...extra,
    };
}

function run(
    actions: Record<string, ActionDefinition>,
    answer: (call: ApiConnectionCall) => ConnectorAnswer,
    parameters: Record<string, unknown> = { $connections: CONNECTIONS },
) {
    return runWorkflow(
        { actions },
        {
            triggerBody: { job_id: "123", run: "9" },
            parameters: parameters as never,
            connector: () => {
                throw new Error("no OpenApiConnection here");
            },
            apiConnection: answer,
        },
    );
}

test("sends the evaluated method, path, queries and body through the connection; outputs are status, headers and body", () => {
    const calls: ApiConnectionCall[] = [];
    const flowRun = run(
        {
            Run_now: apiCall({
                method: "post",
                path: "/api/2.2/jobs/run-now",
                body: { job_id: "@int(triggerBody()?['job_id'])", job_parameters: { region: "emea" } },
            }),
            Get_run: {
                ...apiCall({
                    method: "get",
                    path: "/api/2.2/jobs/runs/get",
                    queries: { run_id: "@{body('Run_now')?['run_id']}" },
                }),
                runAfter: { Run_now: ["Succeeded"] },
            },
        },
        (call) => (calls.push(call), { statusCode: 200, body: { run_id: 555 } }),
    );
    expect(calls).toEqual([
        {
            connection: "/local/connections/databricks-jobs",
            method: "POST",
            path: "/api/2.2/jobs/run-now",
            queries: {},
            body: { job_id: 123, job_parameters: { region: "emea" } },
            at: 0,
        },
        {
            connection: "/local/connections/databricks-jobs",
            method: "GET",
            path: "/api/2.2/jobs/runs/get",
            queries: { run_id: "555" },
            at: 0.5,
        },
    ]);
    expect(flowRun.apiConnectionCalls).toEqual(calls);
    expect(flowRun.calls).toEqual([]);
    expect(flowRun.results.get("Get_run")).toMatchObject({
        status: "Succeeded",
        outputs: { statusCode: 200, headers: {}, body: { run_id: 555 } },
    });
});

test("a path parameter written with encodeURIComponent is sent in the path", () => {
    const calls: ApiConnectionCall[] = [];
    run(
        {
            Get_statement: apiCall({
                method: "get",
                path: "/api/2.0/sql/statements/@{encodeURIComponent(triggerBody()?['run'])}",
            }),
        },
        (call) => (calls.push(call), { statusCode: 200, body: {} }),
    );
    expect(calls[0].path).toBe("/api/2.0/sql/statements/9");
});

test("retries a 503 as its retryPolicy says, then fails with the last answer", () => {
    const flowRun = run(
        {
            Get_run: apiCall({
                method: "get",
                path: "/api/2.2/jobs/runs/get",
                queries: { run_id: "1" },
                retryPolicy: { type: "fixed", count: 2, interval: "PT3S" },
            }),
        },
        () => ({ statusCode: 503, body: "busy" }),
    );
    expect(flowRun.apiConnectionCalls.map((call) => call.at)).toEqual([0, 3.5, 7]);
    expect(flowRun.results.get("Get_run")).toMatchObject({ status: "Failed", code: "Http503" });
});

test("a host that cannot send it (no answer) fails the action with ConnectionFailure and the host's reason", () => {
    const flowRun = run({ Get_job: apiCall({ method: "get", path: "/api/9/nothing" }) }, () => {
        throw new Error("No operation of the connector answers GET /api/9/nothing.");
    });
    expect(flowRun.results.get("Get_job")).toMatchObject({
        status: "Failed",
        code: "ConnectionFailure",
        error: { message: "No operation of the connector answers GET /api/9/nothing." },
    });
});

test("without $connections the connection name does not evaluate: InvalidTemplate naming the action", () => {
    const flowRun = run(
        { Get_job: apiCall({ method: "get", path: "/api/2.2/jobs/get" }) },
        () => ({ statusCode: 200, body: {} }),
        {},
    );
    expect(statuses(flowRun)).toEqual({ Get_job: "Failed" });
    expect(flowRun.results.get("Get_job")?.error?.message).toMatch(/^Unable to process .* action 'Get_job'/);
});

test.each([
    [{ method: "get" }, "inputs.path must be a non-empty string"],
    [
        { method: "fetch", path: "/a" },
        'inputs.method must be one of GET, PUT, POST, PATCH, DELETE, HEAD, OPTIONS, not "fetch"',
    ],
    [{ method: "get", path: "api/2.2/jobs/get" }, 'inputs.path must start with "/"'],
    [{ method: "get", path: "/a", queries: "x=1" }, "inputs.queries must be an object"],
])("a definition error names the action and the field: %j", (inputs, message) => {
    expect(() => run({ Broken: apiCall(inputs) }, () => ({ statusCode: 200, body: {} }))).toThrow(
        `action 'Broken' (/actions/Broken): ${message}`,
    );
});
