import {
    ConnectorAnswer,
    runFlow,
    runWorkflow,
    runWorkflowAsync,
    Value,
    WorkflowDefinition,
    WorkflowResponse,
} from "../../../tools/standIns/workflowEngine";
import { scriptedConnector } from "./support";

/** A small Logic App: start a job, poll it every five seconds until it ends, answer the caller, then tell someone. */
const startAndWait: WorkflowDefinition = {
    parameters: { $connections: { type: "Object", defaultValue: {} }, pollSeconds: { type: "Int", defaultValue: 5 } },
    triggers: { manual: { type: "Request", kind: "Http" } },
    actions: {
        Initialize_State: {
            type: "InitializeVariable",
            inputs: { variables: [{ name: "State", type: "string", value: "" }] },
        },
        Start: {
            type: "OpenApiConnection",
            inputs: {
                host: { operationId: "RunNow" },
                parameters: { "body/job_id": "@int(triggerBody()?['job_id'])" },
            },
            runAfter: { Initialize_State: ["Succeeded"] },
        },
        Poll: {
            type: "Until",
            expression: "@equals(variables('State'), 'TERMINATED')",
            limit: { count: 10 },
            actions: {
                Delay: { type: "Wait", inputs: { interval: { count: "@parameters('pollSeconds')", unit: "Second" } } },
                Get_run: {
                    type: "OpenApiConnection",
                    inputs: { host: { operationId: "GetRun" }, parameters: { run_id: "@body('Start')?['run_id']" } },
                    runAfter: { Delay: ["Succeeded"] },
                },
                Set_State: {
                    type: "SetVariable",
                    inputs: { name: "State", value: "@body('Get_run')?['state']" },
                    runAfter: { Get_run: ["Succeeded"] },
                },
            },
            runAfter: { Start: ["Succeeded"] },
        },
        Respond: {
            type: "Response",
            kind: "Http",
            inputs: {
                statusCode: 200,
                body: {
                    run_id: "@{body('Start')?['run_id']}",
                    state: "@variables('State')",
                    run: "@workflow()?['run']?['name']",
                },
            },
            runAfter: { Poll: ["Succeeded", "Failed"] },
        },
        Notify: {
            type: "OpenApiConnection",
            inputs: { host: { operationId: "Notify" }, parameters: { text: "run @{body('Start')?['run_id']} ended" } },
            runAfter: { Respond: ["Succeeded"] },
        },
    },
};

const SCRIPT: Record<string, ConnectorAnswer[]> = {
    RunNow: [{ statusCode: 200, body: { run_id: 9 } }],
    GetRun: [
        { statusCode: 200, body: { state: "RUNNING" } },
        { statusCode: 200, body: { state: "RUNNING" } },
        { statusCode: 200, body: { state: "TERMINATED" } },
    ],
    Notify: [{ statusCode: 202, body: null }],
};

test("on the virtual clock: the calls, their times, the response and when it was sent", () => {
    const run = runWorkflow(startAndWait, {
        triggerBody: { job_id: "17" },
        connector: scriptedConnector(SCRIPT),
        latencySeconds: 1,
        runName: "run-42",
    });
    expect(run.calls.map((call) => [call.operationId, call.parameters, call.at])).toEqual([
        ["RunNow", { "body/job_id": 17 }, 0],
        ["GetRun", { run_id: 9 }, 6],
        ["GetRun", { run_id: 9 }, 12],
        ["GetRun", { run_id: 9 }, 18],
        ["Notify", { text: "run 9 ended" }, 19],
    ]);
    expect(run.response).toEqual({
        statusCode: 200,
        headers: {},
        body: { run_id: "9", state: "TERMINATED", run: "run-42" },
    });
    expect(run.responseAtSeconds).toBe(19);
    expect(run.results.get("Notify")?.status).toBe("Succeeded");
});

test("with an asynchronous connector: the same run, waiting on the clock it is given, and the response heard before the run ends", async () => {
    let now = Date.UTC(2026, 0, 1);
    const events: string[] = [];
    const answer = scriptedConnector(SCRIPT);
    const run = await runWorkflowAsync(startAndWait, {
        triggerBody: { job_id: "17" },
        connector: async (operationId, parameters, call) => {
            await new Promise((resolve) => setImmediate(resolve));
            events.push(`${operationId} at ${call.at}`);
            return answer(operationId, parameters, call);
        },
        clock: { now: () => now, sleep: async (milliseconds) => void (now += milliseconds) },
        onResponse: (response: WorkflowResponse) => events.push(`response ${JSON.stringify(response.body)}`),
    });
    expect(events).toEqual([
        "RunNow at 0",
        "GetRun at 5",
        "GetRun at 10",
        "GetRun at 15",
        'response {"run_id":"9","state":"TERMINATED","run":"08584600000000000000000000000CU01"}',
        "Notify at 15",
    ]);
    expect(run.response?.body).toEqual({ run_id: "9", state: "TERMINATED", run: "08584600000000000000000000000CU01" });
});

test("with an asynchronous connector that rejects: the action fails with ConnectionFailure, and what runs only after success is skipped", async () => {
    const run = await runWorkflowAsync(startAndWait, {
        triggerBody: { job_id: "17" },
        connector: () => Promise.reject(new Error("ECONNREFUSED 127.0.0.1:1")),
    });
    expect(run.results.get("Start")?.error).toEqual({ code: "ConnectionFailure", message: "ECONNREFUSED 127.0.0.1:1" });
    expect([run.results.get("Poll")?.status, run.results.get("Respond")?.status]).toEqual(["Skipped", "Skipped"]);
    expect(run.response).toBeUndefined();
});

test("on real time by default: utcNow() is the time of the run", async () => {
    const before = Date.now();
    const run = await runWorkflowAsync(
        { actions: { Now: { type: "Compose", inputs: "@utcNow()" } } },
        { triggerBody: null, connector: () => ({ statusCode: 200, body: null }) },
    );
    const at = Date.parse(run.results.get("Now")?.outputs as string);
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(Date.now());
});

test("parameters: the values given to the run, or else the definition's defaults; one with neither is not defined", () => {
    const definition: WorkflowDefinition = {
        parameters: { region: { type: "String", defaultValue: "emea" }, token: { type: "SecureString" } },
        actions: {
            Region: { type: "Compose", inputs: "@parameters('region')" },
            Token: { type: "Compose", inputs: "@parameters('token')" },
        },
    };
    const run = (parameters?: Record<string, Value>) =>
        runWorkflow(definition, { triggerBody: null, connector: scriptedConnector({}), parameters });
    expect(run().results.get("Region")?.outputs).toBe("emea");
    expect(run({ region: "apac" }).results.get("Region")?.outputs).toBe("apac");
    expect(run().results.get("Token")?.error?.message).toContain("parameters('token') is not defined");
    expect(run({ token: "t" }).results.get("Token")?.outputs).toBe("t");
});

test("workflow() names the workflow and the run", () => {
    const run = runWorkflow(
        { actions: { Self: { type: "Compose", inputs: "@workflow()" } } },
        { triggerBody: null, connector: scriptedConnector({}), workflowName: "start-and-wait", runName: "r1" },
    );
    expect(run.results.get("Self")?.outputs).toEqual({
        id: "/workflows/start-and-wait",
        name: "start-and-wait",
        run: { id: "/workflows/start-and-wait/runs/r1", name: "r1", type: "Microsoft.Logic/workflows/runs" },
    });
});

test("runFlow runs a Power Automate flow's definition, from under its properties", () => {
    const options = { triggerBody: { job_id: "17" }, connector: scriptedConnector(SCRIPT) };
    const asFlow = runFlow({ properties: { definition: startAndWait } }, options);
    expect(asFlow.response).toEqual(
        runWorkflow(startAndWait, { ...options, connector: scriptedConnector(SCRIPT) }).response,
    );
    expect(asFlow.response?.body).toMatchObject({ state: "TERMINATED" });
});

test("triggerOutputs(): the headers and body the host gives, or else no headers and the trigger body", () => {
    const definition: WorkflowDefinition = {
        actions: { Outputs: { type: "Compose", inputs: "@triggerOutputs()" } },
    };
    const outputs = (triggerOutputs?: Value) =>
        runWorkflow(definition, {
            triggerBody: { a: 1 },
            triggerOutputs,
            connector: scriptedConnector({}),
        }).results.get("Outputs")?.outputs;
    expect(outputs()).toEqual({ headers: {}, body: { a: 1 } });
    expect(outputs({ headers: { "x-ms-client": "test" }, body: { a: 1 } })).toEqual({
        headers: { "x-ms-client": "test" },
        body: { a: 1 },
    });
});

test("a run that ends well has the status Succeeded and no error", () => {
    const run = runWorkflow(startAndWait, { triggerBody: { job_id: "17" }, connector: scriptedConnector(SCRIPT) });
    expect([run.status, run.error, run.terminated]).toEqual(["Succeeded", undefined, undefined]);
});
