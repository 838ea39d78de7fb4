/** @jest-environment jsdom */
import { defineDatabricksJobRun, environment, type DatabricksJobRun } from "../../portal/src/databricksJobRun";
import { createLogicAppTransport } from "../../portal/src/logicAppTransport";
import { PortalStringKeys, registerStringTables } from "../../portal/src/portalStrings";
import type { FlowRequest } from "../../portal/src/transport";
import { readResx, stringTables } from "../../tools/build/resxStrings";
import { fakeFlow, JOB_ID, steppingClock } from "./portalFakes";

/** `<databricks-job-run transport="logic-app">`: the element with the real Logic App transport over a scripted fetch. */

const ENDPOINT =
    "https://prod-07.westeurope.logic.azure.com/workflows/0a1b/triggers/manual/paths/invoke?api-version=2016-10-01";
const english = readResx("1033");
const en = (key: string, ...args: string[]) =>
    (english.get(key) ?? key).replace(/\{(\d+)\}/g, (_m, i: string) => args[Number(i)]);

registerStringTables(stringTables(PortalStringKeys));
defineDatabricksJobRun();

interface Sent {
    url: string;
    authorization: string;
    request: FlowRequest;
}

/**
 * The Logic App as the page's fetch sees it: the body's inputs answered by the scripted flow as
 * `{run, job, error, code}`; `refuse` makes it answer as the trigger's Entra ID policy does.
 */
function fakeLogicApp() {
    const flow = fakeFlow();
    const sent: Sent[] = [];
    const state = { refuse: false };
    const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit) => {
        const request = JSON.parse(String(init?.body)) as FlowRequest;
        const headers = init?.headers as Record<string, string>;
        sent.push({ url: String(input), authorization: headers.Authorization, request });
        if (state.refuse)
            return { status: 401, text: async () => '{"error":{"code":"MisMatchingOAuthClaims","message":"…"}}' };
        const outcome = await flow.transport(request);
        const body = outcome.ok ? JSON.stringify(outcome.reply) : "";
        return { status: 200, text: async () => body };
    }) as unknown as typeof fetch;
    return { fetchFn, sent, state };
}

let clock: ReturnType<typeof steppingClock>;
let logicApp: ReturnType<typeof fakeLogicApp>;

async function mounted(attributes: Record<string, string>, token?: () => Promise<string>, refuse = false) {
    clock = steppingClock();
    logicApp = fakeLogicApp();
    logicApp.state.refuse = refuse;
    environment.clock = clock.clock;
    environment.logicAppTransport = (options) => createLogicAppTransport({ ...options, fetch: logicApp.fetchFn });
    environment.transport = () => {
        throw new Error("the Power Pages transport must not be used");
    };
    const element = document.createElement("databricks-job-run") as DatabricksJobRun;
    if (token) element.getAccessToken = token;
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    document.body.append(element);
    await clock.advance(0);
    return element;
}

const logicAppAttributes = { transport: "logic-app", endpoint: ENDPOINT, "job-id": JOB_ID };
const alertText = (element: Element) => element.querySelector("[role=alert]")?.textContent ?? "";
const retryButton = (element: Element) =>
    [...element.querySelectorAll("button")].find((button) => button.textContent === en("Portal_Retry"));

beforeEach(() => {
    document.body.replaceChildren();
    document.documentElement.removeAttribute("lang");
    jest.spyOn(window, "confirm").mockReturnValue(true);
});

test("describes the job at the endpoint with the page's token, then runs it to Succeeded", async () => {
    let issued = 0;
    const element = await mounted(logicAppAttributes, async () => `token-${++issued}`);
    expect(logicApp.sent).toEqual([
        {
            url: ENDPOINT,
            authorization: "Bearer token-1",
            request: expect.objectContaining({ action: "describe", job_id: JOB_ID }),
        },
    ]);
    expect(element.querySelector("h3")?.textContent).toBe("Nightly load");
    (element.querySelector("button.btn-primary") as HTMLButtonElement).click();
    await clock.advance(60_000);
    expect(element.querySelector("[role=status]")?.textContent).toContain(en("State_Succeeded"));
    expect(logicApp.sent.map((s) => s.request.action)).toEqual(["describe", "start", "status", "status", "status"]);
    expect(new Set(logicApp.sent.map((s) => s.authorization)).size).toBe(logicApp.sent.length);
    expect(element.querySelector("[role=alert]")?.hasAttribute("hidden")).toBe(true);
});

test("a token the Logic App refuses: the not-authorized message, in the page's language", async () => {
    document.documentElement.setAttribute("lang", "de");
    const element = await mounted({ ...logicAppAttributes, "job-id": "12" }, async () => "expired");
    expect(alertText(element)).toBe(""); // described: the fake answers
    logicApp.state.refuse = true;
    (element.querySelector("button.btn-primary") as HTMLButtonElement).click();
    await clock.advance(100);
    expect(alertText(element)).toBe(readResx("1031").get("Portal_NotAuthorized"));
    expect(logicApp.sent.map((s) => s.request.action)).toEqual(["describe", "start"]);
});

test("without getAccessToken nothing is sent and the visitor is asked to sign in; Try again after the page set it", async () => {
    const element = await mounted(logicAppAttributes);
    expect(alertText(element)).toBe(en("Portal_SignInNeeded"));
    expect(logicApp.sent).toEqual([]);
    element.getAccessToken = async () => "token-after-sign-in";
    retryButton(element)?.click();
    await clock.advance(0);
    expect(logicApp.sent.map((s) => s.authorization)).toEqual(["Bearer token-after-sign-in"]);
    expect(element.querySelectorAll("input")).toHaveLength(2);
});

test("a 401 on describe says not authorized and offers Try again; a new endpoint starts over", async () => {
    const element = await mounted(logicAppAttributes, async () => "t", true);
    expect(alertText(element)).toBe(en("Portal_NotAuthorized"));
    expect(retryButton(element)?.hidden).toBe(false);
    logicApp.state.refuse = false;
    element.setAttribute("endpoint", `${ENDPOINT}&second=1`);
    await clock.advance(0);
    expect(logicApp.sent.map((s) => [s.url, s.request.action])).toEqual([
        [ENDPOINT, "describe"],
        [`${ENDPOINT}&second=1`, "describe"],
    ]);
    expect(alertText(element)).toBe("");
    expect(element.querySelectorAll("input")).toHaveLength(2);
});

test.each([
    ["http://prod-07.westeurope.logic.azure.com/workflows/0a1b/triggers/manual/paths/invoke"],
    ["/workflows/0a1b/triggers/manual/paths/invoke"],
    [""],
])("endpoint %p is refused by name, and no token is asked for", async (endpoint) => {
    const token = jest.fn(async () => "t");
    const element = await mounted({ ...logicAppAttributes, endpoint }, token);
    expect(alertText(element)).toBe(en("Portal_EndpointInvalid", endpoint));
    expect(token).not.toHaveBeenCalled();
    expect(logicApp.sent).toEqual([]);
});

test("an unknown transport is named; power-pages (or none) is the site's flow", async () => {
    const element = await mounted({ ...logicAppAttributes, transport: "azure-functions" }, async () => "t");
    expect(alertText(element)).toBe(en("Portal_TransportInvalid", "azure-functions"));
    expect(logicApp.sent).toEqual([]);
    element.setAttribute("transport", "power-pages");
    expect(alertText(element)).toBe(en("Portal_FlowIdMissing"));
});
