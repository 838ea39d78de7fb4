import { loadSolutionFlows } from "../../tools/standIns/flowHost/hostedFlows";
import { apiConnectionThroughRunner, connectorThroughRunner } from "../../tools/standIns/flowHost/connectorCalls";
import { generatedLogicApp } from "../../tools/standIns/flowHost/logicApps";
import { repoPath } from "../../tools/common/repoPaths";
import { runWorkflowAsync, Value, WorkflowDefinition } from "../../tools/standIns/workflowEngine";

/**
 * One table of cases, two hosts: the solution's portal flow (Power Automate: OpenApiConnection
 * through the connector runner WITH the connector's custom code) and the generated Logic App
 * (ApiConnection, custom code OFF). The same inputs must give the same reply, and the same requests
 * must reach Databricks (method, path, query, body) — RunNow's body above all: Logic Apps has no
 * custom code, so the workflow must build job_parameters itself.
 */

const ALLOWED = "123456789012345";
const OTHER = "987654321";
const ALLOWED_RUN = "555";
const OTHER_RUN = "777";
const WORKSPACE = "adb-1111111111111111.1.azuredatabricks.net";

interface DatabricksRequest {
    method: string;
    path: string;
    query: Record<string, string>;
    body?: unknown;
}
/** An answer the fake workspace gives for a path instead of its own: status and body (text as it is), or an Error for no answer. */
type Overrides = Record<string, { status: number; body: unknown } | Error>;

const runOf = (runId: string, jobId: string, state: string) => ({
    run_id: Number(runId),
    job_id: Number(jobId),
    run_page_url: `https://${WORKSPACE}/jobs/${jobId}/runs/${runId}`,
    status: { state },
});

/** A Databricks workspace at the runner's HTTP layer: it records every request and answers as the case says. */
function fakeWorkspace(overrides: Overrides) {
    const requests: DatabricksRequest[] = [];
    let canceled = false;
    const answer = (request: DatabricksRequest): { status: number; body: unknown } => {
        switch (request.path) {
            case "/api/2.2/jobs/get":
                return {
                    status: 200,
                    body: {
                        job_id: Number(ALLOWED),
                        settings: { name: "Nightly refresh", parameters: [{ name: "region", default: "emea" }] },
                    },
                };
            case "/api/2.2/jobs/run-now":
                return { status: 200, body: { run_id: 555, number_in_job: 555 } };
            case "/api/2.2/jobs/runs/cancel":
                canceled = true;
                return { status: 200, body: {} };
            case "/api/2.2/jobs/runs/get": {
                const runId = request.query.run_id;
                return {
                    status: 200,
                    body: runOf(runId, runId === OTHER_RUN ? OTHER : ALLOWED, canceled ? "TERMINATING" : "RUNNING"),
                };
            }
            default:
                return { status: 404, body: { error_code: "ENDPOINT_NOT_FOUND", message: request.path } };
        }
    };
    const fetchImpl = (async (url: string, init: RequestInit) => {
        const parsed = new URL(url);
        const text = init.body as string | undefined;
        const request: DatabricksRequest = {
            method: String(init.method),
            path: parsed.pathname,
            query: Object.fromEntries(parsed.searchParams),
            ...(text === undefined ? {} : { body: JSON.parse(text) as unknown }),
        };
        requests.push(request);
        const override = overrides[request.path];
        if (override instanceof Error) throw override;
        const { status, body } = override ?? answer(request);
        const isText = typeof body === "string";
        return new Response(isText ? body : JSON.stringify(body), {
            status,
            headers: { "Content-Type": isText ? "text/html" : "application/json" },
        });
    }) as unknown as typeof fetch;
    return { requests, connection: { host: WORKSPACE, token: "token", fetchImpl } };
}

/** A clock that moves when the run waits (retry intervals), so that a case takes no real time. */
function virtualClock() {
    let now = Date.UTC(2026, 0, 1);
    return { now: () => now, sleep: async (milliseconds: number) => void (now += milliseconds) };
}

const portalFlow = loadSolutionFlows(repoPath("solution", "src")).find(
    (flow) => flow.id === "e1e681a1-10b6-4ad7-86fc-9321d828627a",
)!;
const slotOf: Record<string, string> = Object.fromEntries(
    Object.entries(
        (
            portalFlow.definition.triggers as {
                manual: { inputs: { schema: { properties: Record<string, { title: string }> } } };
            }
        ).manual.inputs.schema.properties,
    ).map(([slot, input]) => [input.title, slot]),
);

interface Outcome {
    reply: Value;
    requests: DatabricksRequest[];
}

async function onPowerAutomate(
    request: Record<string, string>,
    allowList: string[],
    overrides: Overrides,
): Promise<Outcome> {
    const workspace = fakeWorkspace(overrides);
    const run = await runWorkflowAsync(portalFlow.definition, {
        triggerBody: Object.fromEntries(Object.entries(request).map(([title, value]) => [slotOf[title], value])),
        parameters: { "Portal allowed job IDs (dbxjt_PortalAllowedJobIds)": JSON.stringify(allowList) },
        runName: "08584599999999999999999999999CU42",
        connector: connectorThroughRunner(workspace.connection),
        clock: virtualClock(),
    });
    return { reply: run.response?.body ?? null, requests: workspace.requests };
}

async function onLogicApps(
    request: Record<string, string>,
    allowList: string[],
    overrides: Overrides,
): Promise<Outcome> {
    const workspace = fakeWorkspace(overrides);
    const app = generatedLogicApp({
        portalAudience: "api://portal",
        allowedJobIds: allowList,
        workspaceHost: WORKSPACE,
    });
    const run = await runWorkflowAsync(app.definition as unknown as WorkflowDefinition, {
        triggerBody: request,
        parameters: app.parameterValues as Record<string, Value>,
        runName: "08584599999999999999999999999CU42",
        connector: () => {
            throw new Error("the Logic App has no OpenApiConnection action");
        },
        apiConnection: apiConnectionThroughRunner(workspace.connection, [app.connection.connectionId]),
        clock: virtualClock(),
    });
    return { reply: run.response?.body ?? null, requests: workspace.requests };
}

interface Case {
    name: string;
    request: Record<string, string>;
    allowList?: string[];
    overrides?: Overrides;
    code: string;
    /** The Databricks requests, as "METHOD path". */
    reaches: string[];
}

const CASES: Case[] = [
    {
        name: "describe an allowed job",
        request: { action: "describe", job_id: ALLOWED },
        code: "",
        reaches: ["GET /api/2.2/jobs/get"],
    },
    {
        name: "describe a job not allowed",
        request: { action: "describe", job_id: OTHER },
        code: "not_allowed",
        reaches: [],
    },
    {
        name: "start with parameters and a token",
        request: {
            action: "start",
            job_id: ALLOWED,
            parameters: '{"region": "apac", "note": "say \\"hi\\""}',
            idempotency_token: "visit-42",
        },
        code: "",
        reaches: ["POST /api/2.2/jobs/run-now", "GET /api/2.2/jobs/runs/get"],
    },
    {
        name: "start without parameters or token (the run's name is the token)",
        request: { action: "start", job_id: ALLOWED },
        code: "",
        reaches: ["POST /api/2.2/jobs/run-now", "GET /api/2.2/jobs/runs/get"],
    },
    {
        name: "start, allow-list empty",
        request: { action: "start", job_id: ALLOWED },
        allowList: [],
        code: "not_allowed",
        reaches: [],
    },
    {
        name: "status of an allowed run",
        request: { action: "status", run_id: ALLOWED_RUN },
        code: "",
        reaches: ["GET /api/2.2/jobs/runs/get"],
    },
    {
        name: "cancel an allowed run",
        request: { action: "cancel", run_id: ALLOWED_RUN },
        code: "",
        reaches: ["GET /api/2.2/jobs/runs/get", "POST /api/2.2/jobs/runs/cancel", "GET /api/2.2/jobs/runs/get"],
    },
    {
        name: "cancel a run of a job not allowed",
        request: { action: "cancel", run_id: OTHER_RUN },
        code: "not_allowed",
        reaches: ["GET /api/2.2/jobs/runs/get"],
    },
    { name: "an unknown action", request: { action: "delete", job_id: ALLOWED }, code: "invalid_input", reaches: [] },
    {
        name: "parameters that are not text",
        request: { action: "start", job_id: ALLOWED, parameters: '{"count": 3}' },
        code: "invalid_input",
        reaches: [],
    },
    {
        name: "a 400 from Databricks",
        request: { action: "describe", job_id: ALLOWED },
        overrides: {
            "/api/2.2/jobs/get": {
                status: 400,
                body: { error_code: "INVALID_PARAMETER_VALUE", message: "Job does not exist." },
            },
        },
        code: "databricks_error",
        reaches: ["GET /api/2.2/jobs/get"],
    },
    {
        name: "a 503 on every try of RunNow, after the retries",
        request: { action: "start", job_id: ALLOWED },
        overrides: { "/api/2.2/jobs/run-now": { status: 503, body: "upstream unavailable" } },
        code: "databricks_error",
        reaches: ["POST /api/2.2/jobs/run-now", "POST /api/2.2/jobs/run-now", "POST /api/2.2/jobs/run-now"],
    },
    {
        name: "the workspace unreachable",
        request: { action: "status", run_id: ALLOWED_RUN },
        overrides: { "/api/2.2/jobs/runs/get": new Error("connect ECONNREFUSED") },
        code: "databricks_error",
        reaches: ["GET /api/2.2/jobs/runs/get"],
    },
];

describe.each(CASES)("$name", (testCase) => {
    let powerAutomate: Outcome;
    let logicApps: Outcome;
    beforeAll(async () => {
        const allowList = testCase.allowList ?? [`${OTHER}0`, ALLOWED];
        powerAutomate = await onPowerAutomate(testCase.request, allowList, testCase.overrides ?? {});
        logicApps = await onLogicApps(testCase.request, allowList, testCase.overrides ?? {});
    });

    test("the reply is the case's, and the same on both hosts", () => {
        expect((powerAutomate.reply as Record<string, Value>).code).toBe(testCase.code);
        expect(logicApps.reply).toEqual(powerAutomate.reply);
    });

    test("the same requests reach Databricks from both hosts", () => {
        expect(powerAutomate.requests.map((request) => `${request.method} ${request.path}`)).toEqual(testCase.reaches);
        expect(logicApps.requests).toEqual(powerAutomate.requests);
    });
});

test("RunNow's body is the same on both: job_parameters built by script.csx on one, by the workflow on the other", async () => {
    const request = {
        action: "start",
        job_id: ALLOWED,
        parameters: '{"region": "apac"}',
        idempotency_token: "visit-42",
    };
    const { requests } = await onLogicApps(request, [ALLOWED], {});
    expect(requests[0]).toEqual({
        method: "POST",
        path: "/api/2.2/jobs/run-now",
        query: {},
        body: { job_id: Number(ALLOWED), idempotency_token: "visit-42", job_parameters: { region: "apac" } },
    });
});
