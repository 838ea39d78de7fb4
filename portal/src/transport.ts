/**
 * The one module that talks to the site: POST /_api/cloudflow/v1.0/trigger/<flow id> with the
 * anti-forgery token, as Power Pages' cloud flow API expects, and the flow's reply read back.
 */

/** The portal flow's inputs, by their titles; every value is text, empty when unused. */
export interface FlowRequest {
    action: "describe" | "start" | "status" | "cancel";
    job_id?: string;
    parameters?: string;
    run_id?: string;
    idempotency_token?: string;
}

/** The flow's outputs (Power Pages lower-cases their keys), each as text. */
export interface FlowReply {
    run: string;
    job: string;
    error: string;
    code: string;
}

/**
 * Why a call got no reply from the flow: `forbidden` (403/401: not signed in, no web role, flow not
 * registered), `serverError` (the masked 500), `network` (no answer at all), `unreadable` (an answer
 * that is not the flow's reply, such as 202 from a flow without one), `status` (any other HTTP status).
 * The Logic App transport's own: `notAuthorized` (401/403: the trigger's Entra ID policy refused the
 * token), `signInNeeded` (the page gave no token), `endpointStatus` (any other HTTP status).
 */
export type TransportFailureKind =
    | "forbidden"
    | "serverError"
    | "network"
    | "unreadable"
    | "status"
    | "notAuthorized"
    | "signInNeeded"
    | "endpointStatus";

export interface TransportFailure {
    kind: TransportFailureKind;
    /** The HTTP status, when there was an answer. */
    status?: number;
    /** What went wrong, in English, for the console and the tests; the page shows a localized message. */
    detail: string;
}

export type FlowOutcome = { ok: true; reply: FlowReply } | { ok: false; failure: TransportFailure };

export type FlowTransport = (request: FlowRequest) => Promise<FlowOutcome>;

/** Power Pages' `shell` object, when the page has it: getTokenDeferred gives a jQuery deferred (a thenable). */
export interface PortalShell {
    getTokenDeferred?: () => PromiseLike<string>;
}

export interface FlowTransportOptions {
    flowId: string;
    fetch?: typeof fetch;
    /** Read at each token fetch: the page's `window.shell` may appear after the script loaded. */
    shell?: () => PortalShell | undefined;
    /** Prefix of the site's paths; empty (same origin) on a page. */
    siteUrl?: string;
}

export const TOKEN_PATH = "/_layout/tokenhtml";
export const TOKEN_HEADER = "__RequestVerificationToken";
export const triggerPath = (flowId: string) => `/_api/cloudflow/v1.0/trigger/${encodeURIComponent(flowId)}`;

const FLOW_INPUTS = ["action", "job_id", "parameters", "run_id", "idempotency_token"] as const;

/** The five inputs of a request by title, every one as text (empty when unused). */
export const flowInputs = (request: FlowRequest): Record<string, string> =>
    Object.fromEntries(FLOW_INPUTS.map((name) => [name, request[name] ?? ""]));

class TransportError extends Error {
    constructor(readonly failure: TransportFailure) {
        super(failure.detail);
    }
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decodeAttribute(value: string): string {
    return value.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (entity, name: string) => {
        if (name[0] !== "#") return ENTITIES[name.toLowerCase()] ?? entity;
        const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return String.fromCodePoint(code);
    });
}

function attributeOf(tag: string, name: string): string | undefined {
    const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, "i").exec(tag);
    return match ? decodeAttribute(match[1] ?? match[2] ?? match[3]) : undefined;
}

/** The value of the `<input name="__RequestVerificationToken">` in /_layout/tokenhtml's answer; only that input is read. */
export function readTokenPage(html: string): string | undefined {
    for (const tag of html.match(/<input\b[^>]*>/gi) ?? []) {
        if (attributeOf(tag, "name") === TOKEN_HEADER) {
            const value = attributeOf(tag, "value");
            return value ? value : undefined;
        }
    }
    return undefined;
}

function lowerCaseKeys(value: Record<string, unknown>): Map<string, unknown> {
    return new Map(Object.entries(value).map(([key, item]) => [key.toLowerCase(), item]));
}

function asText(value: unknown): string {
    if (value === undefined || value === null) return "";
    return typeof value === "string" ? value : JSON.stringify(value);
}

/** The flow's reply from the answer's text: a JSON object whose keys are read case-insensitively. */
export function readFlowReply(text: string): FlowReply | undefined {
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch {
        return undefined;
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return undefined;
    const fields = lowerCaseKeys(parsed as Record<string, unknown>);
    if (!["run", "job", "error", "code"].some((key) => fields.has(key))) return undefined;
    return {
        run: asText(fields.get("run")),
        job: asText(fields.get("job")),
        error: asText(fields.get("error")),
        code: asText(fields.get("code")),
    };
}

/** The message of Power Pages' or Logic Apps' error body, `{"error": {"message": …}}`, when there is one. */
export function errorMessageOf(text: string): string {
    try {
        const body = JSON.parse(text) as { error?: { message?: unknown } };
        if (typeof body?.error?.message === "string") return body.error.message;
    } catch {
        // not JSON: the text itself, shortened
    }
    return text.slice(0, 200);
}

function failureOfStatus(status: number, text: string): TransportFailure {
    const detail = `HTTP ${status}: ${errorMessageOf(text)}`;
    if (status === 401 || status === 403) return { kind: "forbidden", status, detail };
    if (status === 500) return { kind: "serverError", status, detail };
    // 202: a flow without "Return value(s) to Power Pages" answers nothing.
    if (status >= 200 && status < 300)
        return { kind: "unreadable", status, detail: `HTTP ${status} without the flow's reply.` };
    return { kind: "status", status, detail };
}

/** Creates the transport of one flow. The token is fetched once and again only after a 403. */
export function createFlowTransport(options: FlowTransportOptions): FlowTransport {
    const fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
    const siteUrl = options.siteUrl ?? "";
    let token: Promise<string> | undefined;

    async function send(path: string, init: RequestInit): Promise<{ status: number; text: string }> {
        let response: Response;
        try {
            response = await fetchFn(siteUrl + path, { credentials: "same-origin", cache: "no-store", ...init });
        } catch (error) {
            throw new TransportError({ kind: "network", detail: `${path}: ${(error as Error).message}` });
        }
        try {
            return { status: response.status, text: await response.text() };
        } catch (error) {
            throw new TransportError({ kind: "network", status: response.status, detail: (error as Error).message });
        }
    }

    async function fetchToken(): Promise<string> {
        const shell = options.shell?.();
        if (typeof shell?.getTokenDeferred === "function") {
            const value = await Promise.resolve(shell.getTokenDeferred());
            if (typeof value === "string" && value !== "") return value;
        }
        const { status, text } = await send(TOKEN_PATH, { method: "GET" });
        if (status !== 200) throw new TransportError(failureOfStatus(status, text));
        const value = readTokenPage(text);
        if (value === undefined)
            throw new TransportError({
                kind: "unreadable",
                status,
                detail: `${TOKEN_PATH} has no ${TOKEN_HEADER} input.`,
            });
        return value;
    }

    function currentToken(): Promise<string> {
        if (token === undefined) {
            const fetching = fetchToken();
            // A failed fetch is not kept: the next call tries again.
            fetching.catch(() => {
                if (token === fetching) token = undefined;
            });
            token = fetching;
        }
        return token;
    }

    async function post(body: string): Promise<{ status: number; text: string }> {
        return send(triggerPath(options.flowId), {
            method: "POST",
            headers: {
                "Content-Type": "application/json",
                [TOKEN_HEADER]: await currentToken(),
                "X-Requested-With": "XMLHttpRequest",
            },
            body,
        });
    }

    return async (request) => {
        const body = JSON.stringify({ eventData: JSON.stringify(flowInputs(request)) });
        try {
            let answer = await post(body);
            if (answer.status === 403) {
                // A stale token (a new session, a sign-in in another tab) is refused before the flow
                // runs, so sending once more with a fresh token cannot start a second run. Anything
                // else is never sent again: a repeated start is left to the visitor (and its
                // idempotency token would return the first run anyway).
                token = undefined;
                answer = await post(body);
            }
            if (answer.status !== 200) return { ok: false, failure: failureOfStatus(answer.status, answer.text) };
            const reply = readFlowReply(answer.text);
            if (reply === undefined)
                return {
                    ok: false,
                    failure: {
                        kind: "unreadable",
                        status: 200,
                        detail: `Not the flow's reply: ${answer.text.slice(0, 200)}`,
                    },
                };
            return { ok: true, reply };
        } catch (error) {
            if (error instanceof TransportError) return { ok: false, failure: error.failure };
            throw error;
        }
    };
}
