import { ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { REPO_ROOT } from "../../../tools/common/repoPaths";
import { SEED_JOBS } from "../../../tools/standIns/databricksEmulator/seed";
import { main } from "../../../tools/standIns/flowHost/main";
import { PORTAL_FLOW_ID, SitePage } from "./siteClient";

/** `npm run flow-host` as people run it: one line of JSON once it listens, the flows working, a clean stop on SIGTERM. */

const TSX = join(REPO_ROOT, "node_modules", ".bin", "tsx");

interface Started {
    baseUrl: string;
    emulator: string;
    flows: Array<{ id: string; name: string; triggerPath: string; webRoles: string[] }>;
    invokedFlows: Array<{ id: string; name: string; kind: string; invokePath: string }>;
}

describe("npm run flow-host", () => {
    let child: ChildProcess | undefined;
    let stderr = "";

    afterEach(async () => {
        const running = child;
        child = undefined;
        if (running && running.exitCode === null && running.signalCode === null) {
            const exited = new Promise((resolve) => running.once("exit", resolve));
            running.kill("SIGKILL");
            await exited;
        }
    });

    it("starts the site and an emulator, prints where, runs the portal flow, and stops on SIGTERM with exit 0", async () => {
        const allowList = JSON.stringify([SEED_JOBS.nightlySalesLoad.job_id]);
        const flowHost = spawn(
            TSX,
            [join(REPO_ROOT, "tools/standIns/flowHost/main.ts"), "--env", `dbxjt_PortalAllowedJobIds=${allowList}`],
            { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] },
        );
        child = flowHost;
        flowHost.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        const started = await new Promise<Started>((resolve, reject) => {
            let output = "";
            flowHost.stdout?.on("data", (chunk: Buffer) => {
                output += chunk.toString();
                if (output.includes("\n")) resolve(JSON.parse(output.split("\n")[0]) as Started);
            });
            flowHost.once("exit", (code) => reject(new Error(`flow-host exited with ${code}: ${stderr}`)));
        });
        expect(started.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(started.emulator).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(started.flows).toEqual([
            {
                id: PORTAL_FLOW_ID,
                name: "Databricks job for Power Pages",
                triggerPath: `/_api/cloudflow/v1.0/trigger/${PORTAL_FLOW_ID}`,
                webRoles: ["Authenticated Users"],
            },
        ]);

        expect(started.invokedFlows).toEqual([
            {
                id: "9a6a247f-ca1b-45cb-a588-06b14f5b0ce5",
                name: "Run a Databricks job and wait",
                kind: "PowerAppV2",
                invokePath: "/workflows/9a6a247f-ca1b-45cb-a588-06b14f5b0ce5/triggers/manual/paths/invoke",
            },
        ]);
        const refused = await fetch(`${started.baseUrl}${started.invokedFlows[0].invokePath}`, {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ job_id: SEED_JOBS.nightlySalesLoad.job_id }),
        });
        expect(refused.status).toBe(400);
        expect(await refused.text()).toContain("parameters_json");

        const site = { baseUrl: started.baseUrl, triggerPath: () => started.flows[0].triggerPath };
        const page = await SitePage.open(site);
        const answer = await page.call({ action: "describe", job_id: SEED_JOBS.nightlySalesLoad.job_id });
        expect(answer.status).toBe(200);
        expect(JSON.parse(answer.json().job as string)).toMatchObject({ name: SEED_JOBS.nightlySalesLoad.name });

        const exited = new Promise<number | null>((resolve) => flowHost.once("exit", (code) => resolve(code)));
        flowHost.kill("SIGTERM");
        expect(await exited).toBe(0);
        await expect(fetch(`${started.baseUrl}/_layout/tokenhtml`)).rejects.toThrow();
        await expect(fetch(`${started.emulator}/api/2.2/jobs/list`)).rejects.toThrow();
    }, 40_000);

    it("--logic-app also hosts the generated Logic App, prints the claims it requires and a test token that passes", async () => {
        const out: string[] = [];
        let stop = () => undefined as void;
        const running = main({
            argv: ["--logic-app", "--allowed-job-ids", SEED_JOBS.nightlySalesLoad.job_id],
            env: {},
            rootDir: REPO_ROOT,
            stdout: (text: string) => out.push(text),
            stderr: () => undefined,
            untilStopped: () => new Promise<void>((resolve) => (stop = resolve)),
        });
        while (!out.join("").includes("\n")) await new Promise((resolve) => setTimeout(resolve, 50));
        const started = JSON.parse(out.join("").split("\n")[0]) as Started & {
            logicApps: Array<{
                name: string;
                invokePath: string;
                requires: { iss: string; aud: string };
                testToken: string;
            }>;
        };
        const [logicApp] = started.logicApps;
        expect(logicApp).toMatchObject({
            name: "databricks-job-for-portals",
            invokePath: "/workflows/databricks-job-for-portals/triggers/manual/paths/invoke",
            requires: { aud: "api://databricks-job-portal.local" },
        });
        const call = (authorization: string | undefined, jobId: string) =>
            fetch(`${started.baseUrl}${logicApp.invokePath}`, {
                method: "POST",
                headers: {
                    "Content-Type": "application/json",
                    ...(authorization ? { Authorization: authorization } : {}),
                },
                body: JSON.stringify({ action: "describe", job_id: jobId }),
            });
        const allowed = await call(`Bearer ${logicApp.testToken}`, SEED_JOBS.nightlySalesLoad.job_id);
        expect(allowed.status).toBe(200);
        expect(JSON.parse(((await allowed.json()) as { job: string }).job)).toMatchObject({
            name: SEED_JOBS.nightlySalesLoad.name,
        });
        const refused = await call(`Bearer ${logicApp.testToken}`, SEED_JOBS.churnScoring.job_id);
        expect(await refused.json()).toMatchObject({ code: "not_allowed" });
        expect((await call(undefined, SEED_JOBS.nightlySalesLoad.job_id)).status).toBe(401);
        stop();
        expect(await running).toBe(0);
    }, 40_000);

    it("refuses a wrong command line with exit 2, naming the option", async () => {
        const out: string[] = [];
        const context = {
            argv: ["--port", "http"],
            env: {},
            rootDir: REPO_ROOT,
            stdout: (text: string) => out.push(text),
            stderr: (text: string) => out.push(text),
            untilStopped: () => new Promise<void>(() => undefined),
        };
        expect(await main(context)).toBe(2);
        expect(out.join("")).toContain("--port must be a port number");
        out.length = 0;
        expect(await main({ ...context, argv: ["--anonymous", "--roles", "Job runners"] })).toBe(2);
        expect(out.join("")).toContain("--roles is for a signed-in visitor");
        out.length = 0;
        expect(await main({ ...context, argv: ["--env-file", "no/such/file.json"] })).toBe(1);
        expect(out.join("")).toMatch(/flow-host: Cannot read the environment file .*no\/such\/file\.json/);
        out.length = 0;
        expect(await main({ ...context, argv: ["--logic-app", "--allowed-job-ids", "12ab"] })).toBe(2);
        expect(out.join("")).toContain('--allowed-job-ids: "12ab" is not a job id');
    });
});
