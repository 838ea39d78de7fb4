/**
 * The transport outside Power Pages: the portal flow's Logic Apps twin, called at its Request
 * trigger's URL with an Entra ID access token the page gets for the Logic App's audience.
 */
import { errorMessageOf, flowInputs, readFlowReply, type FlowTransport, type TransportFailure } from "./transport";

/**
 * The page's token source, set as `element.getAccessToken`; asked before every request (MSAL caches),
 * with the endpoint the token will go to, so that a page can refuse an endpoint it does not know.
 */
export type AccessTokenHook = (endpoint: string) => Promise<string> | string;

export interface LogicAppTransportOptions {
    /** The trigger's URL, as `checkEndpoint` accepted it. */
    endpoint: string;
    /** Read at every request: the page may set the hook after the element was created. */
    getAccessToken: () => AccessTokenHook | undefined;
    fetch?: typeof fetch;
}

const LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "[::1]"];

/**
 * The endpoint as a URL when it may receive the visitor's token: https, or http on loopback for
 * local tests. Anything else: undefined, and the element asks nothing. (fetch itself refuses a URL
 * with user info.)
 */
export function checkEndpoint(value: string | null): string | undefined {
    try {
        const url = new URL((value ?? "").trim());
        if (url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK_HOSTS.includes(url.hostname)))
            return url.href;
    } catch {
        // not a URL
    }
    return undefined;
}

const signInNeeded = (detail: string): TransportFailure => ({ kind: "signInNeeded", detail });

/** The hook's token, or why there is none: no hook, an empty answer, or the hook's error. */
async function accessToken(hook: AccessTokenHook | undefined, endpoint: string): Promise<string | TransportFailure> {
    if (typeof hook !== "function") return signInNeeded("getAccessToken is not set.");
    try {
        const token = await hook(endpoint);
        return typeof token === "string" && token.trim() !== ""
            ? token.trim()
            : signInNeeded("getAccessToken gave no token.");
    } catch (error) {
        return signInNeeded(`getAccessToken failed: ${String(error)}`);
    }
}

function failureOfStatus(status: number, text: string): TransportFailure {
    const detail = `HTTP ${status}: ${errorMessageOf(text)}`;
    if (status === 401 || status === 403) return { kind: "notAuthorized", status, detail };
    // 202: a workflow without a Response action answers nothing.
    if (status >= 200 && status < 300)
        return { kind: "unreadable", status, detail: `HTTP ${status} without the workflow's response.` };
    return { kind: "endpointStatus", status, detail };
}

/** POSTs the five inputs as plain JSON with the page's bearer token; the reply is read as the flow's. */
export function createLogicAppTransport(options: LogicAppTransportOptions): FlowTransport {
    const fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
    return async (request) => {
        const token = await accessToken(options.getAccessToken(), options.endpoint);
        if (typeof token !== "string") return { ok: false, failure: token };
        let status: number;
        let text: string;
        try {
            const response = await fetchFn(options.endpoint, {
                method: "POST",
                headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
                body: JSON.stringify(flowInputs(request)),
                // No cookies, and no redirect: the token goes to the endpoint's origin and nowhere else.
                credentials: "omit",
                redirect: "error",
            });
            status = response.status;
            text = await response.text();
        } catch (error) {
            // Offline, DNS, TLS, a CORS refusal or a redirect: the browser tells the page nothing more.
            return { ok: false, failure: { kind: "network", detail: (error as Error).message } };
        }
        if (status !== 200) return { ok: false, failure: failureOfStatus(status, text) };
        const reply = readFlowReply(text);
        return reply
            ? { ok: true, reply }
            : {
                  ok: false,
                  failure: { kind: "unreadable", status, detail: `Not the workflow's reply: ${text.slice(0, 200)}` },
              };
    };
}
