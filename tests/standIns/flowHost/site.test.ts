import { request } from "node:http";
import { repoPath } from "../../../tools/common/repoPaths";
import { RunningEmulator, startEmulator } from "../../../tools/standIns/databricksEmulator/server";
import { SEED_JOBS } from "../../../tools/standIns/databricksEmulator/seed";
import { HostedFlow, loadSolutionFlows } from "../../../tools/standIns/flowHost/hostedFlows";
import { FlowHostOptions, RunningFlowHost, startFlowHost } from "../../../tools/standIns/flowHost/site";
import { PORTAL_FLOW_ID, SitePage } from "./siteClient";

/**
 * The local Power Pages site: the solution's flow "Databricks job for Power Pages" called over
 * HTTP as a page calls it, run by the workflow engine, its connector actions going through the
 * connector runner to a Databricks workspace emulator. What the page gets back, what the site
 * refuses before the flow runs, and which runs the workspace saw.
 */

const ALLOWED_JOB = SEED_JOBS.nightlySalesLoad.job_id;
const LONG_JOB = SEED_JOBS.longExport.job_id;
const OTHER_JOB = SEED_JOBS.churnScoring.job_id;
const ALLOW_LIST = JSON.stringify([ALLOWED_JOB, LONG_JOB]);

const NO_REPLY_FLOW_ID = "3f0c9e4a-7b51-4c8e-9d2a-5e6f7a8b9c01";
const UNSUPPORTED_FLOW_ID = "3f0c9e4a-7b51-4c8e-9d2a-5e6f7a8b9c02";

const powerPagesTrigger = {
    manual: {
        type: "Request",
        kind: "PowerPages",
        inputs: { schema: { type: "object", properties: { text: { title: "message", type: "string" } } } },
    },
};

/** A flow that answers nothing: the site gives 202 and no body. */
const noReplyFlow: HostedFlow = {
    id: NO_REPLY_FLOW_ID,
    name: "Note a message",
    definition: {
        triggers: powerPagesTrigger,
        actions: { Note: { type: "Compose", inputs: "@triggerBody()?['text']", runAfter: {} } },
    },
};

/** A flow with an action type the engine does not run: an error that names the action, never a skip. */
const unsupportedFlow: HostedFlow = {
    id: UNSUPPORTED_FLOW_ID,
    name: "Loop over jobs",
    definition: {
        triggers: powerPagesTrigger,
        actions: {
            Each_job: { type: "Http", inputs: { method: "GET", uri: "https://example.com/jobs" }, runAfter: {} },
            Reply: {
                type: "Response",
                kind: "PowerPages",
                inputs: { statusCode: 200, body: { done: "yes" } },
                runAfter: { Each_job: ["Succeeded"] },
            },
        },
    },
};

let solutionFlows: HostedFlow[];
let emulator: RunningEmulator;
const hosts: RunningFlowHost[] = [];

beforeAll(() => {
    solutionFlows = loadSolutionFlows(repoPath("solution", "src"));
});

beforeEach(async () => {
    emulator = await startEmulator();
});

afterEach(async () => {
    await Promise.all(hosts.splice(0).map((host) => host.close()));
    await emulator.close();
});

async function openSite(options: Partial<FlowHostOptions> = {}): Promise<SitePage> {
    const host = await startFlowHost({
        flows: [...solutionFlows, noReplyFlow, unsupportedFlow],
        connection: { host: emulator.baseUrl, token: emulator.token() },
        environment: { dbxjt_PortalAllowedJobIds: ALLOW_LIST },
        ...options,
    });
    hosts.push(host);
    return SitePage.open(host);
}

const runNowRequests = () => emulator.requests.filter((request) => request.path.endsWith("/jobs/run-now"));

/** The parts of GetRun's JSON the tests read. */
interface RunJson {
    run_id: number;
    job_id: number;
    state?: { life_cycle_state?: string; result_state?: string };
}

/** The portal flow's reply, with its JSON-text outputs parsed. */
function reply(answer: { status: number; json(): Record<string, unknown> }) {
    expect(answer.status).toBe(200);
    const body = answer.json() as { run: string; job: string; error: string; code: string };
    return {
        ...body,
        run: body.run === "" ? undefined : (JSON.parse(body.run) as RunJson),
        job: body.job === "" ? undefined : (JSON.parse(body.job) as Record<string, unknown>),
    };
}

describe("the portal flow through the local site", () => {
    it.each(["eventData", "form", "bare"] as const)(
        "describes an allowed job: its name and parameters (body as %s)",
        async (shape) => {
            const page = await openSite();
            const answer = reply(await page.call({ action: "describe", job_id: ALLOWED_JOB }, { shape }));
            expect(answer).toMatchObject({ code: "", error: "", run: undefined });
            expect(answer.job).toEqual({
                name: SEED_JOBS.nightlySalesLoad.name,
                parameters: SEED_JOBS.nightlySalesLoad.parameters,
            });
            expect(runNowRequests()).toHaveLength(0);
        },
    );

    it("starts one run with the job's parameters and the idempotency token, and follows it until it ends", async () => {
        const page = await openSite();
        const started = reply(
            await page.call({
                action: "start",
                job_id: ALLOWED_JOB,
                parameters: JSON.stringify({ region: "apac" }),
                idempotency_token: "portal-click-1",
            }),
        );
        expect(started.code).toBe("");
        expect(started.run).toMatchObject({ job_id: Number(ALLOWED_JOB) });
        expect(runNowRequests()).toHaveLength(1);
        const runs = [...emulator.jobs.runs.values()];
        expect(runs).toHaveLength(1);
        expect(runs[0].jobParameters).toEqual({ region: "apac" });
        expect(runs[0].idempotencyToken).toBe("portal-click-1");

        const runId = String(started.run?.run_id);
        let state: string | undefined;
        for (let poll = 0; poll < 40 && state !== "TERMINATED"; poll += 1) {
            await new Promise((resolve) => setTimeout(resolve, 250));
            const status = reply(await page.call({ action: "status", run_id: runId }));
            expect(status.code).toBe("");
            state = status.run?.state?.life_cycle_state;
            if (state === "TERMINATED") expect(status.run?.state?.result_state).toBe("SUCCESS");
        }
        expect(state).toBe("TERMINATED");
        expect(runNowRequests()).toHaveLength(1);
    }, 20_000);

    it("cancels a run of an allowed job", async () => {
        const page = await openSite();
        const started = reply(await page.call({ action: "start", job_id: LONG_JOB }));
        const runId = String(started.run?.run_id);
        const canceled = reply(await page.call({ action: "cancel", run_id: runId }));
        expect(canceled.code).toBe("");
        expect(emulator.requests.filter((request) => request.path.endsWith("/jobs/runs/cancel"))).toHaveLength(1);
        expect(["TERMINATING", "TERMINATED"]).toContain(emulator.jobs.lifeCycleStateOf(BigInt(runId)));
    });

    it("refuses a job that is not in the allow-list, and the workspace starts no run", async () => {
        const page = await openSite();
        const refused = reply(await page.call({ action: "start", job_id: OTHER_JOB }));
        expect(refused.code).toBe("not_allowed");
        expect(refused.error).not.toBe("");
        expect(runNowRequests()).toHaveLength(0);
    });
});

describe("what the site refuses before the flow runs", () => {
    const start = { action: "start", job_id: ALLOWED_JOB };

    it("a request addressed to another host name (DNS rebinding): 403 before anything else", async () => {
        await openSite();
        const { port } = new URL(hosts[0].baseUrl);
        const status = await new Promise<number>((resolve, reject) => {
            const sent = request(
                { host: "127.0.0.1", port, path: "/_layout/tokenhtml", headers: { Host: `evil.example:${port}` } },
                (answer) => {
                    answer.resume();
                    resolve(answer.statusCode ?? 0);
                },
            );
            sent.on("error", reject);
            sent.end();
        });
        expect(status).toBe(403);
        expect((await fetch(`http://localhost:${port}/_layout/tokenhtml`)).status).toBe(200);
    });

    it("the solution's own flows answer no other origin: no CORS headers, and their preflight is refused", async () => {
        await openSite();
        const invokePath = hosts[0].invokePath("9a6a247f-ca1b-45cb-a588-06b14f5b0ce5");
        const preflight = await fetch(`${hosts[0].baseUrl}${invokePath}`, {
            method: "OPTIONS",
            headers: { Origin: "https://evil.example", "Access-Control-Request-Method": "POST" },
        });
        expect(preflight.status).toBe(403);
        expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
        const call = await fetch(`${hosts[0].baseUrl}${invokePath}`, {
            method: "POST",
            headers: { Origin: "https://evil.example", "Content-Type": "application/json" },
            body: JSON.stringify({}),
        });
        expect(call.headers.get("access-control-allow-origin")).toBeNull();
        expect(runNowRequests()).toHaveLength(0);
    });

    it("a call without the anti-forgery token: 403, no run", async () => {
        const page = await openSite();
        const answer = await page.call(start, { withoutToken: true });
        expect(answer.status).toBe(403);
        expect(answer.text).toContain("__RequestVerificationToken");
        expect(runNowRequests()).toHaveLength(0);
    });

    it("a call without X-Requested-With: the masked 500, no run", async () => {
        const page = await openSite();
        const answer = await page.call(start, { withoutAjaxHeader: true });
        expect(answer.status).toBe(500);
        expect(answer.json()).toEqual({ error: { code: "500", message: "An error has occurred." } });
        expect(runNowRequests()).toHaveLength(0);
    });

    it("an anonymous visitor: 403 asking to sign in, no run", async () => {
        const page = await openSite({ visitor: { signedIn: false } });
        const answer = await page.call(start);
        expect(answer.status).toBe(403);
        expect(answer.text).toMatch(/Sign in/);
        expect(runNowRequests()).toHaveLength(0);
    });

    it("a visitor without the flow's web role: 403, no run; with it: the flow runs", async () => {
        const registrations = { [PORTAL_FLOW_ID]: ["Job runners"] };
        const outsider = await openSite({ registrations, visitor: { signedIn: true, webRoles: ["Readers"] } });
        const refused = await outsider.call(start);
        expect(refused.status).toBe(403);
        expect(refused.text).toMatch(/web roles/);
        expect(runNowRequests()).toHaveLength(0);

        const member = await openSite({ registrations, visitor: { signedIn: true, webRoles: ["Job runners"] } });
        expect(reply(await member.call(start)).code).toBe("");
        expect(runNowRequests()).toHaveLength(1);
    });

    it("a registration and a call may spell the flow id in capitals", async () => {
        const page = await openSite({ registrations: { [PORTAL_FLOW_ID.toUpperCase()]: ["Authenticated Users"] } });
        const answer = await page.call(
            { action: "describe", job_id: ALLOWED_JOB },
            { flowId: PORTAL_FLOW_ID.toUpperCase() },
        );
        expect(reply(answer).code).toBe("");
    });

    it("a registration of a flow the site does not have, or of a flow without a Power Pages trigger: refused at start", async () => {
        const connection = { host: emulator.baseUrl, token: emulator.token() };
        const otherFlow = solutionFlows.find((flow) => flow.id !== PORTAL_FLOW_ID);
        await expect(
            startFlowHost({ flows: solutionFlows, connection, registrations: { "0a0b": ["Authenticated Users"] } }),
        ).rejects.toThrow("The registration of flow 0a0b: no such flow is hosted.");
        await expect(
            startFlowHost({
                flows: solutionFlows,
                connection,
                registrations: { [otherFlow?.id ?? ""]: ["Authenticated Users"] },
            }),
        ).rejects.toThrow(/has no "When Power Pages calls a flow" trigger/);
    });

    it("a flow not registered on the site: 403", async () => {
        const page = await openSite({ registrations: { [NO_REPLY_FLOW_ID]: ["Authenticated Users"] } });
        const answer = await page.call(start);
        expect(answer.status).toBe(403);
        expect(answer.text).toContain("not registered");
    });

    it("an unknown flow id: 404", async () => {
        const page = await openSite();
        const answer = await page.call({ message: "hi" }, { flowId: "00000000-0000-0000-0000-000000000000" });
        expect(answer.status).toBe(404);
    });

    it("an input the trigger does not have: 400 naming it and the trigger's inputs, no run", async () => {
        const page = await openSite();
        const answer = await page.call({ action: "start", job: ALLOWED_JOB });
        expect(answer.status).toBe(400);
        expect(answer.text).toContain('no input titled \\"job\\"');
        expect(answer.text).toContain("job_id");
        expect(runNowRequests()).toHaveLength(0);
    });

    it.each([
        [
            "eventData that is not JSON",
            "application/json",
            JSON.stringify({ eventData: "{action: start" }),
            /eventData \(JSON body\) is not JSON/,
        ],
        ["a form without eventData", "application/x-www-form-urlencoded", "action=start", /needs an eventData field/],
        ["a body that is not a JSON object", "application/json", "[1]", /must be a JSON object/],
    ])("%s: 400 saying so, no run", async (_name, contentType, body, message) => {
        const page = await openSite();
        const answer = await page.post(contentType, body);
        expect(answer.status).toBe(400);
        expect(answer.text).toMatch(message);
        expect(runNowRequests()).toHaveLength(0);
    });
});

describe("flows of other shapes", () => {
    it("a flow without a Response action: 202 and no body", async () => {
        const page = await openSite();
        const answer = await page.call({ message: "hello" }, { flowId: NO_REPLY_FLOW_ID });
        expect(answer.status).toBe(202);
        expect(answer.text).toBe("");
    });

    it("an action the engine cannot run: 500 naming the action", async () => {
        const page = await openSite();
        const answer = await page.call({ message: "hello" }, { flowId: UNSUPPORTED_FLOW_ID });
        expect(answer.status).toBe(500);
        expect(answer.text).toContain("Each_job");
        expect(answer.text).toContain("Loop over jobs");
    });
});
