import { repoPath } from "../../../tools/common/repoPaths";
import { RunningEmulator, startEmulator } from "../../../tools/standIns/databricksEmulator/server";
import { SEED_JOBS } from "../../../tools/standIns/databricksEmulator/seed";
import { HostedFlow, loadSolutionFlows } from "../../../tools/standIns/flowHost/hostedFlows";
import { FlowHostOptions, RunningFlowHost, startFlowHost } from "../../../tools/standIns/flowHost/site";
import type { ActionDefinition } from "../../../tools/standIns/workflowEngine";
import { PORTAL_FLOW_ID, SitePage } from "./siteClient";

/**
 * The flows called at their own trigger URL (…/workflows/<id>/triggers/<name>/paths/invoke): the
 * solution's PowerAppV2 flow "Run a Databricks job and wait" against the emulator, and flows with
 * the trigger "When an HTTP request is received". And how every kind answers a run that ends
 * before its Response action.
 */

const POWER_APPS_FLOW_ID = "9a6a247f-ca1b-45cb-a588-06b14f5b0ce5";
const ECHO_FLOW_ID = "5b7e0c1d-2a3f-4b5c-8d9e-0f1a2b3c4d01";
const NO_REPLY_FLOW_ID = "5b7e0c1d-2a3f-4b5c-8d9e-0f1a2b3c4d02";
const REFUSING_FLOW_ID = "5b7e0c1d-2a3f-4b5c-8d9e-0f1a2b3c4d03";
const PAGES_TERMINATING_FLOW_ID = "5b7e0c1d-2a3f-4b5c-8d9e-0f1a2b3c4d04";

const httpTrigger = (schema: Record<string, unknown>) => ({
    manual: { type: "Request", kind: "Http", inputs: { schema } },
});

/** Answers with what it was sent, routed by a Switch: a Response with its own status and headers. */
const echoFlow: HostedFlow = {
    id: ECHO_FLOW_ID,
    name: "Echo",
    definition: {
        triggers: httpTrigger({
            type: "object",
            properties: { mode: { type: "string" }, count: { type: "integer" } },
            required: ["mode"],
        }),
        actions: {
            Route: {
                type: "Switch",
                expression: "@triggerBody()?['mode']",
                cases: {
                    Created: {
                        case: "create",
                        actions: {
                            Reply_created: {
                                type: "Response",
                                kind: "Http",
                                inputs: {
                                    statusCode: 201,
                                    headers: {
                                        "X-Client": "@{triggerOutputs()?['headers']?['x-client']}",
                                        Expires: "0",
                                    },
                                    body: { mode: "@triggerBody()?['mode']", count: "@triggerBody()?['count']" },
                                },
                            },
                        },
                    },
                },
                default: {
                    actions: {
                        Reply_text: { type: "Response", kind: "Http", inputs: { statusCode: 200, body: "plain text" } },
                    },
                },
            },
        },
    },
};

const noReplyFlow: HostedFlow = {
    id: NO_REPLY_FLOW_ID,
    name: "Note it",
    definition: { triggers: httpTrigger({ type: "object" }), actions: { Note: { type: "Compose", inputs: 1 } } },
};

/** A Terminate (Failed) before the Response action. */
const refuseFirst = (): Record<string, ActionDefinition> => ({
    Refuse: {
        type: "Terminate",
        inputs: { runStatus: "Failed", runError: { code: "NotAllowed", message: "Not for you." } },
    },
    Reply: {
        type: "Response",
        inputs: { statusCode: 200, body: { done: "yes" } },
        runAfter: { Refuse: ["Succeeded", "Failed", "Skipped", "TimedOut"] },
    },
});

const refusingFlow: HostedFlow = {
    id: REFUSING_FLOW_ID,
    name: "Refuse everything",
    definition: { triggers: httpTrigger({ type: "object" }), actions: refuseFirst() },
};

const pagesTerminatingFlow: HostedFlow = {
    id: PAGES_TERMINATING_FLOW_ID,
    name: "Refuse every visitor",
    definition: {
        triggers: {
            manual: { type: "Request", kind: "PowerPages", inputs: { schema: { type: "object", properties: {} } } },
        },
        actions: refuseFirst(),
    },
};

let solutionFlows: HostedFlow[];
let emulator: RunningEmulator;
const hosts: RunningFlowHost[] = [];
let runErrors: string[];

beforeAll(() => {
    solutionFlows = loadSolutionFlows(repoPath("solution", "src"));
});

beforeEach(async () => {
    emulator = await startEmulator();
    runErrors = [];
});

afterEach(async () => {
    await Promise.all(hosts.splice(0).map((host) => host.close()));
    await emulator.close();
});

async function openHost(options: Partial<FlowHostOptions> = {}): Promise<RunningFlowHost> {
    const host = await startFlowHost({
        flows: [...solutionFlows, echoFlow, noReplyFlow, refusingFlow, pagesTerminatingFlow],
        connection: { host: emulator.baseUrl, token: emulator.token() },
        onRunError: (flow, error) => runErrors.push(`${flow.name}: ${(error as Error).message}`),
        ...options,
    });
    hosts.push(host);
    return host;
}

async function invoke(host: RunningFlowHost, path: string, body: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${host.baseUrl}${path}`, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) as never };
}

const runNowRequests = () => emulator.requests.filter((request) => request.path.endsWith("/jobs/run-now"));

describe("a PowerAppV2 flow: what Power Apps' Run() sends, keyed by the trigger's property names", () => {
    it("runs the solution's flow against the emulator: starts the seeded job, waits for it, and answers with its outcome", async () => {
        const host = await openHost();
        expect(host.invokePath(POWER_APPS_FLOW_ID)).toBe(
            `/workflows/${POWER_APPS_FLOW_ID}/triggers/manual/paths/invoke`,
        );
        const answer = await invoke(host, host.invokePath(POWER_APPS_FLOW_ID), {
            job_id: SEED_JOBS.nightlySalesLoad.job_id,
            parameters_json: JSON.stringify({ region: "apac" }),
            idempotency_token: "app-click-1",
            max_wait_seconds: 30,
        });
        expect(answer.status).toBe(200);
        const reply = answer.json() as Record<string, unknown>;
        const runs = [...emulator.jobs.runs.values()];
        expect(runs).toHaveLength(1);
        expect(runs[0].jobParameters).toEqual({ region: "apac" });
        expect(runs[0].idempotencyToken).toBe("app-click-1");
        expect(reply).toMatchObject({ run_id: String(runs[0].runId), state: "Succeeded", finished: true, message: "" });
        expect(reply.run_page_url).toMatch(/^https:\/\//);
    }, 30_000);

    it.each([
        [{ job_id: "684213907551001" }, "/parameters_json: must have required property 'parameters_json'"],
        [{ job_id: 684213907551001, parameters_json: "" }, "/job_id: must be string"],
        [{ job_id: "1", parameters_json: "", max_wait_seconds: "ten" }, "/max_wait_seconds: must be number"],
    ])("%j does not fit the trigger's schema: 400 naming the field, and no run", async (body, problem) => {
        const host = await openHost();
        const answer = await invoke(host, host.invokePath(POWER_APPS_FLOW_ID), body);
        expect(answer.status).toBe(400);
        expect(answer.json()).toEqual({
            error: {
                code: "TriggerInputSchemaMismatch",
                message: expect.stringContaining(problem) as string,
            },
        });
        expect(runNowRequests()).toHaveLength(0);
    });
});

describe("an Http flow ('When an HTTP request is received')", () => {
    it("answers with its Response action's status, headers and body; triggerOutputs() holds the request's headers", async () => {
        const host = await openHost();
        const created = await invoke(
            host,
            host.invokePath(ECHO_FLOW_ID),
            { mode: "create", count: 2 },
            { "X-Client": "tests" },
        );
        expect(created.status).toBe(201);
        expect(created.json()).toEqual({ mode: "create", count: 2 });
        expect(created.headers.get("x-client")).toBe("tests");
        expect(created.headers.get("expires")).toBeNull();
        const text = await invoke(host, host.invokePath(ECHO_FLOW_ID), { mode: "other" });
        expect([text.status, text.text, text.headers.get("content-type")]).toEqual([
            200,
            "plain text",
            "text/plain; charset=utf-8",
        ]);
    });

    it("is found by its id without dashes too, as Power Automate's URLs write it", async () => {
        const host = await openHost();
        const answer = await invoke(
            host,
            `/workflows/${ECHO_FLOW_ID.replace(/-/g, "").toUpperCase()}/triggers/manual/paths/invoke`,
            { mode: "x" },
        );
        expect(answer.status).toBe(200);
    });

    it("a flow without a Response action: 202 and no body", async () => {
        const host = await openHost();
        const answer = await invoke(host, host.invokePath(NO_REPLY_FLOW_ID), {});
        expect([answer.status, answer.text]).toEqual([202, ""]);
    });

    it("a body that does not fit the schema, or is not JSON: 400 saying why", async () => {
        const host = await openHost();
        const missing = await invoke(host, host.invokePath(ECHO_FLOW_ID), { count: 1.5 });
        expect(missing.status).toBe(400);
        expect((missing.json() as { error: { message: string } }).error.message).toBe(
            `The input body for trigger 'manual' of the flow "Echo" did not match its schema: /mode: must have required property 'mode'; /count: must be integer.`,
        );
        const empty = await invoke(host, host.invokePath(ECHO_FLOW_ID), undefined);
        expect((empty.json() as { error: { message: string } }).error.message).toContain("the body: must be object");
        const broken = await fetch(`${host.baseUrl}${host.invokePath(ECHO_FLOW_ID)}`, {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: "{mode",
        });
        expect(broken.status).toBe(400);
        expect(await broken.text()).toContain('"code":"InvalidRequestContent"');
    });

    it("a run that ends (Terminate, Failed) before its Response: 502 NoResponse, and the host says why", async () => {
        const host = await openHost();
        const answer = await invoke(host, host.invokePath(REFUSING_FLOW_ID), {});
        expect(answer.status).toBe(502);
        expect(answer.json()).toEqual({
            error: { code: "NoResponse", message: "The server did not receive a response from an upstream server." },
        });
        expect(runErrors).toEqual([
            `Refuse everything: The flow "Refuse everything" ended Failed (Terminate 'Refuse') without running its Response action: NotAllowed: Not for you.`,
        ]);
    });

    it("the caller check is pluggable: a refusal is answered as it says", async () => {
        const host = await openHost({
            authorizeInvoke: (request) =>
                request.headers.authorization === "Bearer good"
                    ? undefined
                    : { status: 401, code: "DirectApiAuthorizationRequired", message: "No valid token." },
        });
        const refused = await invoke(host, host.invokePath(ECHO_FLOW_ID), { mode: "create" });
        expect([refused.status, refused.json()]).toEqual([
            401,
            { error: { code: "DirectApiAuthorizationRequired", message: "No valid token." } },
        ]);
        const allowed = await invoke(
            host,
            host.invokePath(ECHO_FLOW_ID),
            { mode: "create" },
            { Authorization: "Bearer good" },
        );
        expect(allowed.status).toBe(201);
    });
});

describe("what is not there", () => {
    it.each([
        [
            "an unknown flow",
            `/workflows/00000000-0000-4000-8000-000000000000/triggers/manual/paths/invoke`,
            "WorkflowNotFound",
            "No flow",
        ],
        [
            "another trigger name",
            `/workflows/${ECHO_FLOW_ID}/triggers/When_called/paths/invoke`,
            "WorkflowTriggerNotFound",
            "(its trigger: 'manual')",
        ],
        [
            "a Power Pages flow",
            `/workflows/${PORTAL_FLOW_ID}/triggers/manual/paths/invoke`,
            "WorkflowTriggerNotFound",
            "/_api/cloudflow/v1.0/trigger/<flow id>",
        ],
    ])("%s: 404 saying so", async (_case, path, code, message) => {
        const host = await openHost();
        const answer = await invoke(host, path, {});
        expect(answer.status).toBe(404);
        expect(answer.json()).toEqual({ error: { code, message: expect.stringContaining(message) as string } });
    });
});

describe("a Power Pages flow that ends before its reply", () => {
    it("gets the masked 500 a Power Pages site gives, and the host says why", async () => {
        const host = await openHost();
        const page = await SitePage.open(host);
        const answer = await page.call({}, { flowId: PAGES_TERMINATING_FLOW_ID });
        expect(answer.status).toBe(500);
        expect(answer.json()).toEqual({ error: { code: "500", message: "An error has occurred." } });
        expect(runErrors).toEqual([
            `Refuse every visitor: The flow "Refuse every visitor" ended Failed (Terminate 'Refuse') without running its Response action: NotAllowed: Not for you.`,
        ]);
    });
});
