import type { Browser, BrowserContext, Page, Route } from "playwright-core";
import { STANDALONE_OUT, STANDALONE_SCRIPT } from "../../tools/build/portalBuild";
import { axeViolations } from "../../tools/standIns/browserHarness/axe";
import { launchChromium } from "../../tools/standIns/browserHarness/controlPage";
import { englishText } from "../../tools/standIns/browserHarness/portalPage";
import { SEED_JOBS } from "../../tools/standIns/databricksEmulator/seed";
import { fileOnDisk, SitePages } from "../../tools/standIns/flowHost/sitePages";
import { entraIssuer, mintUnsignedToken } from "../../tools/standIns/flowHost/testTokens";
import {
    startLocalLogicApp,
    startStaticOrigin,
    TEST_TENANT_ID as TENANT_ID,
    type LocalLogicApp,
    type StaticOrigin,
} from "./logicAppPortalHarness";

/**
 * The standalone page as built (portal/bin/standalone/) in Chromium: MSAL signs the visitor in
 * through a stand-in of Entra ID's endpoints (the browser's requests to login.microsoftonline.com are
 * answered by the test: openid-configuration, the authorize redirect, the token endpoint, with
 * unsigned tokens) and the page runs a job through the local Logic App. Needs npm run build.
 */

const JOB = SEED_JOBS.nightlySalesLoad;
const CLIENT_ID = "00000000-0000-4000-8000-0000000000a1";
const PORTAL_AUDIENCE = `api://${CLIENT_ID}`;
const SCOPE = `${PORTAL_AUDIENCE}/user_impersonation`;
const LOGIN = "https://login.microsoftonline.com";
const VISITOR = { name: "Ada Lovelace", username: "ada@contoso.example", oid: "0b0e7a1d-0000-4000-8000-0000000000ad" };

let logicApp: LocalLogicApp;
let browser: Browser;
let portalOrigin: StaticOrigin;
let pageUrl: string;
let config: Record<string, unknown>;
let context: BrowserContext | undefined;

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** What the stand-in of Entra ID saw: the authorize requests' query and the token requests' form. */
interface EntraTraffic {
    authorize: URLSearchParams[];
    token: URLSearchParams[];
}

/** Answers the page's calls to Entra ID as the v2.0 endpoints do, for one tenant and one visitor. */
async function standInEntra(page: Page): Promise<EntraTraffic> {
    const traffic: EntraTraffic = { authorize: [], token: [] };
    const tenant = `${LOGIN}/${TENANT_ID}`;
    const cors = { "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Headers": "*" };
    const json = (route: Route, body: unknown) =>
        route.fulfill({ status: 200, headers: cors, contentType: "application/json", body: JSON.stringify(body) });
    await page.route(`${LOGIN}/**`, async (route) => {
        const url = new URL(route.request().url());
        if (route.request().method() === "OPTIONS") return route.fulfill({ status: 204, headers: cors });
        if (url.pathname.endsWith("/discovery/instance"))
            return json(route, {
                tenant_discovery_endpoint: `${tenant}/v2.0/.well-known/openid-configuration`,
                "api-version": "1.1",
                metadata: [
                    {
                        preferred_network: "login.microsoftonline.com",
                        preferred_cache: "login.windows.net",
                        aliases: ["login.microsoftonline.com", "login.windows.net"],
                    },
                ],
            });
        if (url.pathname.endsWith("/.well-known/openid-configuration"))
            return json(route, {
                issuer: `${tenant}/v2.0`,
                authorization_endpoint: `${tenant}/oauth2/v2.0/authorize`,
                token_endpoint: `${tenant}/oauth2/v2.0/token`,
                end_session_endpoint: `${tenant}/oauth2/v2.0/logout`,
                jwks_uri: `${tenant}/discovery/v2.0/keys`,
                response_modes_supported: ["query", "fragment", "form_post"],
            });
        if (url.pathname.endsWith("/oauth2/v2.0/authorize")) {
            traffic.authorize.push(url.searchParams);
            const back = new URL(url.searchParams.get("redirect_uri") ?? "");
            back.hash = new URLSearchParams({
                code: "stand-in-code",
                state: url.searchParams.get("state") ?? "",
                client_info: base64url({ uid: VISITOR.oid, utid: TENANT_ID }),
            }).toString();
            return route.fulfill({ status: 302, headers: { Location: back.href } });
        }
        if (url.pathname.endsWith("/oauth2/v2.0/token")) {
            const form = new URLSearchParams(route.request().postData() ?? "");
            traffic.token.push(form);
            const nonce = traffic.authorize.at(-1)?.get("nonce");
            const now = Math.floor(Date.now() / 1000);
            return json(route, {
                token_type: "Bearer",
                scope: `${SCOPE} openid profile`,
                expires_in: 3600,
                ext_expires_in: 3600,
                access_token: mintUnsignedToken({
                    iss: entraIssuer(TENANT_ID),
                    aud: PORTAL_AUDIENCE,
                    scp: "user_impersonation",
                    oid: VISITOR.oid,
                }),
                refresh_token: "stand-in-refresh-token",
                id_token: mintUnsignedToken({
                    iss: `${tenant}/v2.0`,
                    aud: CLIENT_ID,
                    tid: TENANT_ID,
                    oid: VISITOR.oid,
                    sub: VISITOR.oid,
                    name: VISITOR.name,
                    preferred_username: VISITOR.username,
                    nonce,
                    ver: "2.0",
                    iat: now,
                    nbf: now,
                    exp: now + 3600,
                }),
                client_info: base64url({ uid: VISITOR.oid, utid: TENANT_ID }),
            });
        }
        return route.fulfill({
            status: 404,
            headers: cors,
            body: `The stand-in of Entra ID has nothing at ${url.pathname}`,
        });
    });
    return traffic;
}

async function openPage(): Promise<{ page: Page; traffic: EntraTraffic }> {
    context = await browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    const traffic = await standInEntra(page);
    await page.goto(pageUrl);
    return { page, traffic };
}

beforeAll(async () => {
    const built = (file: string) => fileOnDisk(`${STANDALONE_OUT}/${file}`, "build it with npm run build.");
    const pages = new SitePages()
        .add("/jobs/", built("index.html"))
        .add(`/jobs/${STANDALONE_SCRIPT}`, built(STANDALONE_SCRIPT))
        .add("/jobs/config.json", {
            contentType: "application/json; charset=utf-8",
            read: () => JSON.stringify(config),
        });
    [logicApp, browser, portalOrigin] = await Promise.all([
        startLocalLogicApp(PORTAL_AUDIENCE, [JOB.job_id]),
        launchChromium(),
        startStaticOrigin(pages),
    ]);
    pageUrl = `${portalOrigin.url}/jobs/`;
    const { endpoint } = logicApp;
    config = {
        tenantId: TENANT_ID,
        clientId: CLIENT_ID,
        scope: SCOPE,
        endpoint,
        jobId: JOB.job_id,
        title: "Contoso data jobs",
    };
});
afterEach(async () => {
    await context?.close();
    context = undefined;
});

afterAll(async () => {
    await browser?.close();
    await portalOrigin?.close();
    await logicApp?.close();
});
test("sign in with Entra ID (redirect), then run the job through the Logic App with the token for its audience", async () => {
    const { page, traffic } = await openPage();
    await page.locator("#title").getByText("Contoso data jobs", { exact: true }).waitFor();
    expect(await page.title()).toBe("Contoso data jobs");
    await page.getByRole("button", { name: "Sign in" }).click();

    await page.getByText(`${VISITOR.name} (${VISITOR.username})`).waitFor();
    const [authorize] = traffic.authorize;
    expect(authorize.get("client_id")).toBe(CLIENT_ID);
    expect(authorize.get("redirect_uri")).toBe(pageUrl);
    expect(authorize.get("scope")?.split(" ")).toEqual(expect.arrayContaining([SCOPE]));
    expect(authorize.get("code_challenge_method")).toBe("S256");
    expect(traffic.token[0].get("code")).toBe("stand-in-code");

    const job = page.locator("databricks-job-run");
    await job.getByLabel("region", { exact: true }).waitFor();
    expect(await job.getAttribute("transport")).toBe("logic-app");
    const runsBefore = logicApp.emulator.requests.filter((r) => r.operationId === "RunNow").length;
    await job.getByRole("button", { name: englishText("Button_RunDefault"), exact: true }).click();
    await page
        .getByRole("dialog")
        .getByRole("button", { name: englishText("Confirm_RunYes"), exact: true })
        .click();
    await job
        .getByRole("status")
        .getByText(englishText("Status_Announce", englishText("State_Succeeded")), { exact: true })
        .waitFor({ timeout: 30_000 });
    expect(logicApp.emulator.requests.filter((r) => r.operationId === "RunNow").length - runsBefore).toBe(1);
    expect(await axeViolations(page, "body")).toEqual([]);
    // One sign-in: every later token came from MSAL's cache.
    expect(traffic.token).toHaveLength(1);
});

test("a config.json with a placeholder left in is named on the page, and nobody is sent to sign in", async () => {
    config = { ...config, clientId: "<the application (client) ID of this page's app registration>" };
    try {
        const { page, traffic } = await openPage();
        await page
            .getByRole("alert")
            .getByText('config.json: "clientId" is still the placeholder <the application (client) ID', {
                exact: false,
            })
            .waitFor();
        expect(await page.getByRole("button", { name: "Sign in" }).count()).toBe(0);
        expect(traffic.authorize).toEqual([]);
    } finally {
        config = { ...config, clientId: CLIENT_ID };
    }
});
