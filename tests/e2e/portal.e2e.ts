import type { Browser } from "playwright-core";
import { repoPath } from "../../tools/common/repoPaths";
import { axeViolations } from "../../tools/standIns/browserHarness/axe";
import { launchChromium } from "../../tools/standIns/browserHarness/controlPage";
import { englishText, PortalPage } from "../../tools/standIns/browserHarness/portalPage";
import { SEED_JOBS } from "../../tools/standIns/databricksEmulator/seed";
import { startEmulator, type RunningEmulator } from "../../tools/standIns/databricksEmulator/server";
import { HostedFlow, loadSolutionFlows } from "../../tools/standIns/flowHost/hostedFlows";
import { RunningFlowHost, startFlowHost, Visitor } from "../../tools/standIns/flowHost/site";
import { htmlPage, SitePages } from "../../tools/standIns/flowHost/sitePages";
import {
    BootstrapVersion,
    componentSitePages,
    demoPageHtml,
    PORTAL_FLOW_ID,
} from "../../tools/standIns/portalDemo/demoPage";

/**
 * The portal path in Chromium: a Bootstrap page with `<databricks-job-run>` → the local Power Pages
 * site → the solution's flow "Databricks job for Power Pages" on the workflow engine → the connector
 * runner → the Databricks workspace emulator. Each test checks what the visitor sees and what the
 * workspace saw. Needs npm run build (portal/bin/databricks-job-run.js).
 */

const NIGHTLY_LOAD = SEED_JOBS.nightlySalesLoad; // succeeds in about 2 s
const CHURN_SCORING = SEED_JOBS.churnScoring; // fails: RUN_EXECUTION_ERROR
const LONG_EXPORT = SEED_JOBS.longExport; // runs for ten minutes unless cancelled
const NOT_ALLOWED = SEED_JOBS.warehouseVacuum; // left out of the allow-list
/** A job whose name and failure message carry HTML, added to the emulator. */
const HTML_JOB_ID = "684213907551099";
const HTML_PAYLOAD = `<img src=x onerror="window.__injected=true">`;

const RUNNER_ROLE = "Job runners";
const ALLOW_LIST = JSON.stringify([NIGHTLY_LOAD.job_id, CHURN_SCORING.job_id, LONG_EXPORT.job_id, HTML_JOB_ID]);

/** The messages for a visitor the site refuses (403): one text for both, since a 403 does not say which. */
const PORTAL_STRINGS = { signIn: "Portal_Forbidden", noWebRole: "Portal_Forbidden" } as const;

let emulator: RunningEmulator;
let browser: Browser;
let flows: HostedFlow[];
const hosts: RunningFlowHost[] = [];
const pagesOf = new Map<RunningFlowHost, SitePages>();
let site: RunningFlowHost;
let openPages: PortalPage[] = [];
let pageCount = 0;

async function startSite(visitor: Visitor, bootstrap: BootstrapVersion = 5): Promise<RunningFlowHost> {
    const pages = componentSitePages(bootstrap);
    const host = await startFlowHost({
        flows,
        connection: { host: emulator.baseUrl, token: emulator.token() },
        environment: { dbxjt_PortalAllowedJobIds: ALLOW_LIST },
        registrations: { [PORTAL_FLOW_ID]: [RUNNER_ROLE] },
        visitor,
        pages,
    });
    hosts.push(host);
    pagesOf.set(host, pages);
    return host;
}

/** A page of the site with one element for the job (polling every 1–2 s), opened in the browser. */
async function openJobPage(
    jobId: string,
    attributes: Record<string, string> = {},
    host = site,
    bootstrap: BootstrapVersion = 5,
): Promise<PortalPage> {
    const path = `/e2e/page-${++pageCount}`;
    const html = demoPageHtml({
        bootstrap,
        title: "Run a data job",
        intro: "A page of the local site for a browser test.",
        sections: [
            {
                attributes: {
                    "flow-id": PORTAL_FLOW_ID,
                    "job-id": jobId,
                    "min-poll-seconds": "1",
                    "max-poll-seconds": "2",
                    ...attributes,
                },
            },
        ],
    });
    pagesOf.get(host)?.add(path, htmlPage(html));
    const page = await PortalPage.open(browser, `${host.baseUrl}${path}`);
    openPages.push(page);
    return page;
}

const requestsOf = (operationId: string, status = 200) =>
    emulator.requests.filter((request) => request.operationId === operationId && request.status === status);
const runsOfJob = (jobId: string) => [...emulator.jobs.runs.values()].filter((run) => run.job.id === BigInt(jobId));

/** Starts a run the way a visitor does: the button, then Yes in the dialog. */
async function startRun(portal: PortalPage): Promise<void> {
    await portal.startButton().click();
    await portal
        .dialog()
        .getByRole("button", { name: englishText("Confirm_RunYes"), exact: true })
        .click();
}

beforeAll(async () => {
    flows = loadSolutionFlows(repoPath("solution", "src"));
    [emulator, browser] = await Promise.all([startEmulator(), launchChromium()]);
    emulator.jobs.addJob({
        ...SEED_JOBS.churnScoring,
        job_id: HTML_JOB_ID,
        name: `Scoring ${HTML_PAYLOAD}`,
        tasks: [{ task_key: "score", notebook_path: "/Repos/data/churn/score", error: `ValueError: ${HTML_PAYLOAD}` }],
    });
    site = await startSite({ signedIn: true, webRoles: [RUNNER_ROLE] });
});

afterEach(async () => {
    await Promise.all(openPages.map((page) => page.close()));
    openPages = [];
    emulator.faults.clear();
});

afterAll(async () => {
    await browser?.close();
    await Promise.all(hosts.map((host) => host.close()));
    await emulator?.close();
});

test("describe, then start: the job's parameters, one run, Succeeded, and an https link in a new window", async () => {
    const portal = await openJobPage(NIGHTLY_LOAD.job_id);
    await portal.parameterInput("region").waitFor();
    expect(await portal.parameterLabels()).toEqual(["region", "as_of"]);
    expect(await portal.element().textContent()).toContain(NIGHTLY_LOAD.name);
    expect(await portal.visibleButtonNames()).toEqual([englishText("Button_RunDefault")]);
    await portal.parameterInput("region").fill("apac");
    const runsBefore = requestsOf("RunNow").length;

    await startRun(portal);
    await portal.waitForState("State_Succeeded");

    expect(requestsOf("RunNow").length - runsBefore).toBe(1);
    const [run] = runsOfJob(NIGHTLY_LOAD.job_id).slice(-1);
    expect(run.jobParameters).toMatchObject({ region: "apac" });
    const link = portal.runLink();
    const href = new URL((await link.getAttribute("href")) ?? "");
    expect(href.protocol).toBe("https:");
    expect(href.host).toBe(emulator.host);
    expect(href.hash).toBe(`#job/${NIGHTLY_LOAD.job_id}/run/${run.runId}`);
    expect(await link.getAttribute("target")).toBe("_blank");
    expect((await link.getAttribute("rel"))?.split(/\s+/)).toEqual(expect.arrayContaining(["noopener", "noreferrer"]));
    const changes = await portal.stateChanges();
    expect(changes.at(-1)).toEqual({ state: "Succeeded", runId: String(run.runId) });
});

test("a failed run shows Failed and Databricks' message", async () => {
    const portal = await openJobPage(CHURN_SCORING.job_id);
    await portal.parameterInput("model_version").waitFor();
    await startRun(portal);
    await portal.waitForState("State_Failed");
    await portal.element().getByText("ValueError: model version 3 has no registered artifact").first().waitFor();
});

test("cancel through the dialog: No keeps the run going, Yes ends it Canceled", async () => {
    const portal = await openJobPage(LONG_EXPORT.job_id);
    await startRun(portal);
    await portal.waitForState("State_Running");
    const cancelsBefore = requestsOf("CancelRun").length;

    await portal.cancelButton().click();
    const dialog = portal.dialog();
    await dialog.getByText(englishText("Confirm_CancelTitle")).waitFor();
    await dialog.getByRole("button", { name: englishText("Confirm_CancelNo"), exact: true }).click();
    await dialog.waitFor({ state: "hidden" });
    await portal.page.waitForTimeout(1_500);
    expect(requestsOf("CancelRun").length).toBe(cancelsBefore);
    await portal.waitForState("State_Running");

    await portal.cancelButton().click();
    await dialog.getByRole("button", { name: englishText("Confirm_CancelYes"), exact: true }).click();
    await portal.waitForState("State_Canceled");
    expect(requestsOf("CancelRun").length - cancelsBefore).toBe(1);
    expect(await portal.cancelButton().count()).toBe(0);
});

test("a job not on the allow-list: refused with the flow's message, and the workspace saw nothing of it", async () => {
    const requestsBefore = emulator.requests.length;
    const portal = await openJobPage(NOT_ALLOWED.job_id);
    await portal.alert().getByText(englishText("Portal_NotAllowed", NOT_ALLOWED.job_id)).waitFor();
    expect(await portal.element().locator("input").count()).toBe(0);
    // The refusal happens in the flow, before any connector call.
    expect(emulator.requests.slice(requestsBefore)).toEqual([]);

    // A start sent by hand is refused as well, and starts nothing.
    const started = await portal.callFlow(PORTAL_FLOW_ID, { action: "start", job_id: NOT_ALLOWED.job_id });
    expect(started.status).toBe(200);
    expect(JSON.parse(started.text)).toMatchObject({ code: "not_allowed", run: "" });
    expect(runsOfJob(NOT_ALLOWED.job_id)).toHaveLength(0);
});

test("status and cancel of a run whose job is not on the allow-list are refused; nothing is cancelled", async () => {
    const started = await fetch(`${emulator.baseUrl}/api/2.2/jobs/run-now`, {
        method: "POST",
        headers: { Authorization: `Bearer ${emulator.token()}`, "Content-Type": "application/json" },
        body: JSON.stringify({ job_id: Number(NOT_ALLOWED.job_id) }),
    });
    const { run_id: runId } = (await started.json()) as { run_id: number };
    const portal = await openJobPage(NIGHTLY_LOAD.job_id);
    await portal.parameterInput("region").waitFor();
    const cancelsBefore = requestsOf("CancelRun").length;

    for (const action of ["status", "cancel"]) {
        const answer = await portal.callFlow(PORTAL_FLOW_ID, { action, run_id: String(runId) });
        expect(answer.status).toBe(200);
        const reply = JSON.parse(answer.text) as Record<string, string>;
        expect(reply).toMatchObject({ code: "not_allowed", run: "" });
        expect(reply.error).toContain(`This site may not follow or cancel the run ${runId}`);
    }
    expect(requestsOf("CancelRun").length).toBe(cancelsBefore);
});

test("a call without the anti-forgery token or without X-Requested-With is refused and starts no run", async () => {
    const portal = await openJobPage(NIGHTLY_LOAD.job_id);
    await portal.parameterInput("region").waitFor();
    const runsBefore = requestsOf("RunNow").length;
    const start = { action: "start", job_id: NIGHTLY_LOAD.job_id };

    const withoutToken = await portal.callFlow(PORTAL_FLOW_ID, start, { withoutToken: true });
    expect(withoutToken.status).toBe(403);
    const withoutAjaxHeader = await portal.callFlow(PORTAL_FLOW_ID, start, { withoutAjaxHeader: true });
    expect(withoutAjaxHeader.status).toBe(500);
    expect(JSON.parse(withoutAjaxHeader.text)).toEqual({ error: { code: "500", message: "An error has occurred." } });

    await portal.page.waitForTimeout(500);
    expect(requestsOf("RunNow").length).toBe(runsBefore);
});

test("an anonymous visitor is asked to sign in; a visitor without the web role is told so; neither starts a run", async () => {
    const runsBefore = requestsOf("RunNow").length;
    const anonymousSite = await startSite({ signedIn: false });
    const anonymous = await openJobPage(NIGHTLY_LOAD.job_id, {}, anonymousSite);
    await anonymous.alert().getByText(englishText(PORTAL_STRINGS.signIn)).waitFor();

    const otherRoleSite = await startSite({ signedIn: true, webRoles: ["Readers"] });
    const withoutRole = await openJobPage(NIGHTLY_LOAD.job_id, {}, otherRoleSite);
    await withoutRole.alert().getByText(englishText(PORTAL_STRINGS.noWebRole)).waitFor();

    expect(await anonymous.element().locator("input").count()).toBe(0);
    expect(await withoutRole.element().locator("input").count()).toBe(0);
    expect(requestsOf("RunNow").length).toBe(runsBefore);
});

test("a storm of 429s on GetRun while following: the run is followed to Succeeded, and only one run starts", async () => {
    emulator.jobs.configureJob(NIGHTLY_LOAD.job_id, { durations: { runningMs: 5_000 } });
    try {
        const portal = await openJobPage(NIGHTLY_LOAD.job_id);
        await portal.parameterInput("region").waitFor();
        const runsBefore = requestsOf("RunNow").length;
        const throttledBefore = requestsOf("GetRun", 429).length;
        await startRun(portal);
        await portal.waitForState("State_Running");
        // The flow retries GetRun twice (its retry policy): four 429s fail one status call, then pass.
        emulator.faults.add({
            match: { operationId: "GetRun" },
            fault: { kind: "status", status: 429, retryAfterSeconds: 1 },
            times: 4,
        });
        // The visitor sees the failed status call, and the element carries on following the run.
        await portal
            .alert()
            .getByText(englishText("Error_CallFailed", "Reading the run (GetRun) failed: "), { exact: false })
            .waitFor();
        await portal.waitForState("State_Succeeded", undefined, 45_000);
        expect(requestsOf("GetRun", 429).length - throttledBefore).toBe(4);
        expect(requestsOf("RunNow").length - runsBefore).toBe(1);
        expect(await portal.alert().count()).toBe(0);
    } finally {
        emulator.jobs.configureJob(NIGHTLY_LOAD.job_id, { durations: { runningMs: NIGHTLY_LOAD.durations.runningMs } });
    }
});

test("HTML in a job's name and in Databricks' message stays text", async () => {
    const portal = await openJobPage(HTML_JOB_ID);
    await portal.parameterInput("model_version").waitFor();
    await startRun(portal);
    await portal.waitForState("State_Failed");
    await portal.element().getByText(`ValueError: ${HTML_PAYLOAD}`, { exact: false }).first().waitFor();
    expect(await portal.element().textContent()).toContain(`Scoring ${HTML_PAYLOAD}`);
    expect(await portal.element().locator("img").count()).toBe(0);
    expect(await portal.page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBe(
        undefined,
    );
});

test("keyboard only: Tab to the fields, type, Tab to the button, Enter; Esc backs out, Enter on Yes starts one run", async () => {
    const portal = await openJobPage(NIGHTLY_LOAD.job_id);
    const region = portal.parameterInput("region");
    await region.waitFor();
    const keyboard = portal.page.keyboard;
    const focusedIs = (locator: ReturnType<PortalPage["startButton"]>) =>
        locator.evaluate((element) => element === document.activeElement);

    for (let presses = 0; !(await focusedIs(region)); presses++) {
        if (presses > 10) throw new Error("Tab never reached the region field");
        await keyboard.press("Tab");
    }
    await keyboard.type("apac");
    await keyboard.press("Tab");
    expect(await focusedIs(portal.parameterInput("as_of"))).toBe(true);
    await keyboard.press("Tab");
    expect(await focusedIs(portal.startButton())).toBe(true);
    const runsBefore = requestsOf("RunNow").length;

    await keyboard.press("Enter");
    await portal.dialog().waitFor();
    await keyboard.press("Escape");
    await portal.dialog().waitFor({ state: "hidden" });
    await portal.page.waitForTimeout(500);
    expect(requestsOf("RunNow").length).toBe(runsBefore);

    await portal.startButton().focus();
    await keyboard.press("Enter");
    const yes = portal.dialog().getByRole("button", { name: englishText("Confirm_RunYes"), exact: true });
    for (let presses = 0; !(await focusedIs(yes)); presses++) {
        if (presses > 5) throw new Error("Tab never reached the dialog's Yes button");
        await keyboard.press("Tab");
    }
    await keyboard.press("Enter");
    await portal.waitForState("State_Succeeded");
    expect(requestsOf("RunNow").length - runsBefore).toBe(1);
    expect(runsOfJob(NIGHTLY_LOAD.job_id).at(-1)?.jobParameters).toMatchObject({ region: "apac" });
});

test("axe finds no serious or critical issue when ready, running and finished", async () => {
    const portal = await openJobPage(LONG_EXPORT.job_id);
    await portal.parameterInput("format").waitFor();
    const serious = async (state: string) =>
        (await axeViolations(portal.page, "body"))
            .filter((finding) => finding.impact === "serious" || finding.impact === "critical")
            .map((finding) => ({ state, ...finding }));

    const findings = await serious("ready");
    await startRun(portal);
    await portal.waitForState("State_Running");
    findings.push(...(await serious("running")));
    await portal.cancelButton().click();
    await portal
        .dialog()
        .getByRole("button", { name: englishText("Confirm_CancelYes"), exact: true })
        .click();
    await portal.waitForState("State_Canceled");
    findings.push(...(await serious("finished")));
    expect(findings).toEqual([]);
});

test("with Bootstrap 3.3.6: the element renders with the site's classes and a run succeeds", async () => {
    const bootstrap3Site = await startSite({ signedIn: true, webRoles: [RUNNER_ROLE] }, 3);
    const portal = await openJobPage(NIGHTLY_LOAD.job_id, {}, bootstrap3Site, 3);
    await portal.parameterInput("region").waitFor();
    expect(await portal.page.evaluate(() => getComputedStyle(document.body).fontFamily)).toContain("Helvetica Neue");
    expect(await portal.parameterInput("region").getAttribute("class")).toContain("form-control");
    expect(await portal.startButton().getAttribute("class")).toContain("btn");
    await startRun(portal);
    await portal.waitForState("State_Succeeded");
    await portal.runLink().waitFor();
    // Bootstrap 3's .btn { display: inline-block } outranks its own [hidden] rule: buttons the element hides must stay hidden.
    expect(await portal.visibleButtonNames()).toEqual([englishText("Button_RunDefault")]);
});
