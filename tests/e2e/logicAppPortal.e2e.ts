import type { Browser } from "playwright-core";
import { launchChromium } from "../../tools/standIns/browserHarness/controlPage";
import { englishText, PortalPage } from "../../tools/standIns/browserHarness/portalPage";
import { SEED_JOBS } from "../../tools/standIns/databricksEmulator/seed";
import { htmlPage, type SiteFile } from "../../tools/standIns/flowHost/sitePages";
import { entraIssuer, mintUnsignedToken } from "../../tools/standIns/flowHost/testTokens";
import { componentSitePages, demoPageHtml } from "../../tools/standIns/portalDemo/demoPage";
import {
    startLocalLogicApp,
    startStaticOrigin,
    TEST_TENANT_ID,
    type LocalLogicApp,
    type StaticOrigin,
} from "./logicAppPortalHarness";

/**
 * `<databricks-job-run transport="logic-app">` in Chromium: a page on its own origin (as a portal
 * outside Power Pages is) → the generated Logic App on the local flow host (its Request trigger with
 * the Entra ID policy, CORS, its ApiConnection actions through the connector without custom code)
 * → the Databricks workspace emulator. The page's token hook gives unsigned test JWTs, which only the
 * local host accepts. Needs npm run build (portal/bin/databricks-job-run.js).
 */

const NIGHTLY_LOAD = SEED_JOBS.nightlySalesLoad; // succeeds in about 2 s
const CHURN_SCORING = SEED_JOBS.churnScoring; // fails: RUN_EXECUTION_ERROR
const LONG_EXPORT = SEED_JOBS.longExport; // runs for ten minutes unless cancelled
const NOT_ALLOWED = SEED_JOBS.warehouseVacuum; // left out of allowedJobIds

const PORTAL_AUDIENCE = "api://00000000-0000-4000-8000-0000000000a1";
const RIGHT_TOKEN = mintUnsignedToken({ iss: entraIssuer(TEST_TENANT_ID), aud: PORTAL_AUDIENCE, name: "Ada" });
/** Signed in, but for another audience (Microsoft Graph): what a page that asked for the wrong scope sends. */
const WRONG_AUDIENCE_TOKEN = mintUnsignedToken({
    iss: entraIssuer(TEST_TENANT_ID),
    aud: "https://graph.microsoft.com",
});

let logicApp: LocalLogicApp;
let browser: Browser;
const pages = componentSitePages(5);
let portalOrigin: StaticOrigin;
let openPages: PortalPage[] = [];
let pageCount = 0;

/** The page's set-up script: every element's getAccessToken gives `token`, and each call is counted. */
function tokenHookScript(token: string): SiteFile {
    const script = `window.__tokenRequests = 0;
for (const element of document.querySelectorAll("databricks-job-run"))
    element.getAccessToken = async () => { window.__tokenRequests++; return ${JSON.stringify(token)}; };`;
    return { contentType: "text/javascript; charset=utf-8", read: () => script };
}

/** A page of the portal with one element for the job (polling every 1–2 s) and the token hook, opened in the browser. */
async function openJobPage(jobId: string, token = RIGHT_TOKEN): Promise<PortalPage> {
    const path = `/e2e/page-${++pageCount}`;
    pages.add(`${path}-token.js`, tokenHookScript(token));
    const html = demoPageHtml({
        bootstrap: 5,
        title: "Run a data job",
        intro: "A portal outside Power Pages, signed in with Entra ID, calling the Logic App.",
        sections: [
            {
                attributes: {
                    transport: "logic-app",
                    endpoint: logicApp.endpoint,
                    "job-id": jobId,
                    "min-poll-seconds": "1",
                    "max-poll-seconds": "2",
                },
            },
        ],
        scripts: [`${path}-token.js`],
    });
    pages.add(path, htmlPage(html));
    const page = await PortalPage.open(browser, `${portalOrigin.url}${path}`);
    openPages.push(page);
    return page;
}

const requestsOf = (operationId: string) =>
    logicApp.emulator.requests.filter((request) => request.operationId === operationId && request.status === 200);
const runsOfJob = (jobId: string) =>
    [...logicApp.emulator.jobs.runs.values()].filter((run) => run.job.id === BigInt(jobId));

async function startRun(portal: PortalPage): Promise<void> {
    await portal.startButton().click();
    await portal
        .dialog()
        .getByRole("button", { name: englishText("Confirm_RunYes"), exact: true })
        .click();
}

beforeAll(async () => {
    [logicApp, browser, portalOrigin] = await Promise.all([
        startLocalLogicApp(PORTAL_AUDIENCE, [NIGHTLY_LOAD.job_id, CHURN_SCORING.job_id, LONG_EXPORT.job_id]),
        launchChromium(),
        startStaticOrigin(pages),
    ]);
});
afterEach(async () => {
    await Promise.all(openPages.map((page) => page.close()));
    openPages = [];
});

afterAll(async () => {
    await browser?.close();
    await portalOrigin?.close();
    await logicApp?.close();
});
test("from another origin: describe, one run with the visitor's values, Succeeded; a token asked for each request", async () => {
    expect(new URL(logicApp.endpoint).origin).not.toBe(portalOrigin.url);
    const portal = await openJobPage(NIGHTLY_LOAD.job_id);
    await portal.parameterInput("region").waitFor();
    expect(await portal.element().textContent()).toContain(NIGHTLY_LOAD.name);
    await portal.parameterInput("region").fill("apac");
    const runsBefore = requestsOf("RunNow").length;

    await startRun(portal);
    await portal.waitForState("State_Succeeded");

    expect(requestsOf("RunNow").length - runsBefore).toBe(1);
    const [run] = runsOfJob(NIGHTLY_LOAD.job_id).slice(-1);
    expect(run.jobParameters).toMatchObject({ region: "apac" });
    expect(await portal.runLink().getAttribute("href")).toContain(`#job/${NIGHTLY_LOAD.job_id}/run/${run.runId}`);
    const tokenRequests = await portal.page.evaluate(
        () => (window as unknown as { __tokenRequests: number }).__tokenRequests,
    );
    // describe, start and at least one status: each asked the page for its token.
    expect(tokenRequests).toBeGreaterThanOrEqual(3);
});

test("a failed run shows Failed and Databricks' message", async () => {
    const portal = await openJobPage(CHURN_SCORING.job_id);
    await portal.parameterInput("model_version").waitFor();
    await startRun(portal);
    await portal.waitForState("State_Failed");
    await portal.element().getByText("ValueError: model version 3 has no registered artifact").first().waitFor();
});

test("cancel through the dialog ends the run Canceled, with one CancelRun", async () => {
    const portal = await openJobPage(LONG_EXPORT.job_id);
    await startRun(portal);
    await portal.waitForState("State_Running");
    const cancelsBefore = requestsOf("CancelRun").length;
    await portal.cancelButton().click();
    await portal
        .dialog()
        .getByRole("button", { name: englishText("Confirm_CancelYes"), exact: true })
        .click();
    await portal.waitForState("State_Canceled");
    expect(requestsOf("CancelRun").length - cancelsBefore).toBe(1);
});

test("a job not in allowedJobIds: the workflow refuses it, and the workspace saw nothing of it", async () => {
    const requestsBefore = logicApp.emulator.requests.length;
    const portal = await openJobPage(NOT_ALLOWED.job_id);
    await portal.alert().getByText(englishText("Portal_NotAllowed", NOT_ALLOWED.job_id)).waitFor();
    expect(await portal.element().locator("input").count()).toBe(0);
    expect(logicApp.emulator.requests.slice(requestsBefore)).toEqual([]);
    expect(runsOfJob(NOT_ALLOWED.job_id)).toHaveLength(0);
});

test("a token for another audience: not authorized, and no run in the workspace", async () => {
    const requestsBefore = logicApp.emulator.requests.length;
    const portal = await openJobPage(NIGHTLY_LOAD.job_id, WRONG_AUDIENCE_TOKEN);
    await portal.alert().getByText(englishText("Portal_NotAuthorized")).waitFor();
    expect(await portal.element().locator("input").count()).toBe(0);
    await portal
        .element()
        .getByRole("button", { name: englishText("Portal_Retry"), exact: true })
        .click();
    await portal.page.waitForTimeout(500);
    await portal.alert().getByText(englishText("Portal_NotAuthorized")).waitFor();
    expect(logicApp.emulator.requests.slice(requestsBefore)).toEqual([]);
});
