import { randomBytes } from "node:crypto";
import { createServer, IncomingMessage, ServerResponse } from "node:http";
import { AddressInfo } from "node:net";
import type { LocalLogicApp } from "../../logicApp/template";
import type { Value, WorkflowDefinition } from "../workflowEngine";
import { apiConnectionThroughRunner, connectorThroughRunner, WorkspaceConnection } from "./connectorCalls";
import { entraPolicyCheck } from "./entraPolicy";
import { EnvironmentValues } from "./environment";
import { EventDataError, readEventData } from "./eventData";
import { FlowAnswer, runHostedFlow, TriggerInputError } from "./flowRun";
import { HostedFlow, isPowerPagesFlow, powerPagesInputs } from "./hostedFlows";
import { ANY_CALLER, InvokeAuthorization, invokeEndpoint, invokePathOf } from "./invokeEndpoint";
import type { SitePages } from "./sitePages";

/**
 * A local Power Pages site around the flows: the anti-forgery token page and the cloud flow API,
 * with the checks the platform makes before a flow runs. Sessions are a random cookie and a token
 * kept in memory: test-grade, not a sign-in system.
 */

/** The web roles Power Pages gives every visitor: signed-in contacts have the first, anonymous visitors the second. */
export const AUTHENTICATED_USERS = "Authenticated Users";
export const ANONYMOUS_USERS = "Anonymous Users";

export interface Visitor {
    signedIn: boolean;
    /** Web roles assigned to the contact, besides Authenticated Users. */
    webRoles?: string[];
}

export interface FlowHostOptions {
    flows: HostedFlow[];
    connection: WorkspaceConnection;
    /** Environment variable values by schema name. */
    environment?: EnvironmentValues;
    /** The site's cloud flow registrations (adx_cloudflowconsumer): flow id → web roles. Default: every PowerPages flow, for Authenticated Users. */
    registrations?: Record<string, string[]>;
    /** Who is visiting; default a signed-in contact with no extra web role. */
    visitor?: Visitor;
    /** 0 (the default) picks a free port; the host listens on 127.0.0.1 only. */
    port?: number;
    /** A run that fails after its answer was sent (or after the 202). */
    onRunError?(flow: HostedFlow, error: unknown): void;
    /** Who may call an Http or PowerAppV2 flow at its invoke URL (default: anyone; no SAS signature is checked). */
    authorizeInvoke?: InvokeAuthorization;
    /** Pages and files served on the site's origin besides the flow API (a page with the component, its script). */
    pages?: SitePages;
    /**
     * Logic Apps to serve at POST /workflows/<name>/triggers/<trigger>/paths/invoke: the generated
     * template's workflow as workflowForLocalHost (tools/logicApp/template) gives it. Its Entra ID
     * policies decide who may call (unsigned tokens: see entraPolicy.ts); its ApiConnection actions
     * go through the connector runner without custom code, to `connection`.
     */
    logicApps?: LocalLogicApp[];
}

export interface RunningFlowHost {
    /** http://127.0.0.1:PORT */
    baseUrl: string;
    /** /_api/cloudflow/v1.0/trigger/<flow id> */
    triggerPath(flowId: string): string;
    /** /workflows/<flow id>/triggers/<trigger name>/paths/invoke, for a flow with an Http or PowerAppV2 trigger */
    invokePath(flowId: string): string;
    /** Stops listening and waits for the runs that are still going. */
    close(): Promise<void>;
}

const TRIGGER_PATH = /^\/_api\/cloudflow\/v1\.0\/trigger\/([^/?]+)$/;
const SESSION_COOKIE = "flowhost_session";
const MAX_BODY_BYTES = 1024 * 1024;

class HttpRefusal extends Error {
    constructor(
        readonly status: number,
        message: string,
    ) {
        super(message);
    }
}

function checkRegistrations(flows: HostedFlow[], registrations: Record<string, string[]>): void {
    for (const id of Object.keys(registrations)) {
        const flow = flows.find((candidate) => candidate.id === id.toLowerCase());
        if (flow === undefined) throw new Error(`The registration of flow ${id}: no such flow is hosted.`);
        if (!isPowerPagesFlow(flow))
            throw new Error(
                `The registration of flow ${id}: "${flow.name}" has no "When Power Pages calls a flow" trigger.`,
            );
    }
}

function defaultRegistrations(flows: HostedFlow[]): Record<string, string[]> {
    return Object.fromEntries(flows.filter(isPowerPagesFlow).map((flow) => [flow.id, [AUTHENTICATED_USERS]]));
}

function rolesOf(visitor: Visitor): string[] {
    return visitor.signedIn ? [AUTHENTICATED_USERS, ...(visitor.webRoles ?? [])] : [ANONYMOUS_USERS];
}

function sessionIdOf(request: IncomingMessage): string | undefined {
    const cookies = (request.headers.cookie ?? "").split(";").map((part) => part.trim().split("="));
    return cookies.find(([name]) => name === SESSION_COOKIE)?.[1];
}

function readBody(request: IncomingMessage): Promise<string> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        request.on("data", (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_BODY_BYTES) reject(new HttpRefusal(413, "The request body is larger than 1 MB."));
            else chunks.push(chunk);
        });
        request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        request.on("error", reject);
    });
}

function sendJson(response: ServerResponse, status: number, body?: Value): void {
    const text = body === undefined ? "" : JSON.stringify(body);
    response.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" });
    response.end(text);
}

function sendError(response: ServerResponse, status: number, message: string): void {
    sendJson(response, status, { error: { code: String(status), message } });
}

/** A Logic App as the host runs it: found by its name, with its own parameter values and caller check. */
function hostedLogicApp(app: LocalLogicApp): HostedFlow {
    return {
        id: app.name,
        name: app.name,
        definition: app.definition as unknown as WorkflowDefinition,
        logicApp: {
            parameterValues: app.parameterValues as Record<string, Value>,
            authorize: app.triggerPolicies.length > 0 ? entraPolicyCheck(app.triggerPolicies) : ANY_CALLER,
        },
    };
}

/**
 * A page on another site that resolves its own name to 127.0.0.1 (DNS rebinding) sends its own name
 * as Host: refusing every other Host keeps such pages from the flows, which may run on a real
 * workspace's token (--workspace-host).
 */
function isLoopbackHost(host: string | undefined): boolean {
    return /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/i.test(host ?? "");
}

export async function startFlowHost(options: FlowHostOptions): Promise<RunningFlowHost> {
    const given = options.registrations ?? defaultRegistrations(options.flows);
    checkRegistrations(options.flows, given);
    const registrations = Object.fromEntries(Object.entries(given).map(([id, roles]) => [id.toLowerCase(), roles]));
    const visitorRoles = rolesOf(options.visitor ?? { signedIn: true });
    const connector = connectorThroughRunner(options.connection);
    const environment = options.environment ?? {};
    const sessions = new Map<string, string>();
    const running = new Set<Promise<unknown>>();

    const track = (flow: HostedFlow, answer: FlowAnswer): void => {
        if (answer.unanswered !== undefined) options.onRunError?.(flow, new Error(answer.unanswered));
        if (answer.running === undefined) return;
        const settled = answer.running.then(
            (ended) => {
                if (ended.status === "Failed" && answer.unanswered === undefined)
                    options.onRunError?.(
                        flow,
                        new Error(`The run ended Failed: ${ended.error?.code}: ${ended.error?.message}`),
                    );
            },
            (error: unknown) => options.onRunError?.(flow, error),
        );
        running.add(settled);
        void settled.finally(() => running.delete(settled));
    };

    const tokenPage = (request: IncomingMessage, response: ServerResponse): void => {
        let sessionId = sessionIdOf(request);
        if (sessionId === undefined || !sessions.has(sessionId)) {
            sessionId = randomBytes(16).toString("hex");
            sessions.set(sessionId, randomBytes(32).toString("base64url"));
        }
        response.writeHead(200, {
            "Content-Type": "text/html; charset=utf-8",
            "Cache-Control": "no-store",
            "Set-Cookie": `${SESSION_COOKIE}=${sessionId}; Path=/; HttpOnly; SameSite=Strict`,
        });
        response.end(`<input name="__RequestVerificationToken" type="hidden" value="${sessions.get(sessionId)}" />`);
    };

    /** The checks Power Pages makes before the flow runs, in this order; each refusal names what is missing. */
    const admittedFlow = (request: IncomingMessage, flowId: string): HostedFlow => {
        if (request.headers["x-requested-with"] !== "XMLHttpRequest")
            // Power Pages answers a masked 500 (the flow does not run); its body is not documented.
            throw new HttpRefusal(500, "An error has occurred.");
        const sessionId = sessionIdOf(request);
        const token = request.headers.__requestverificationtoken;
        // The status of a failed anti-forgery check is not documented; 403 is what a refused request gets here.
        if (sessionId === undefined || token === undefined || sessions.get(sessionId) !== token)
            throw new HttpRefusal(
                403,
                "The __RequestVerificationToken header is missing or does not match this session's token (GET /_layout/tokenhtml).",
            );
        const flow = options.flows.find((candidate) => candidate.id === flowId.toLowerCase());
        if (flow === undefined) throw new HttpRefusal(404, `No cloud flow ${flowId} on this site.`);
        const roles = registrations[flow.id];
        if (roles === undefined) throw new HttpRefusal(403, `The flow ${flowId} is not registered on this site.`);
        // Not documented: an anonymous visitor is refused like any visitor without the registered web roles (403).
        if (!roles.some((role) => visitorRoles.includes(role)))
            throw new HttpRefusal(
                403,
                visitorRoles.includes(ANONYMOUS_USERS)
                    ? `Sign in: the flow ${flowId} is open to the web roles ${roles.join(", ")}.`
                    : `None of your web roles may call the flow ${flowId}.`,
            );
        return flow;
    };

    const trigger = async (request: IncomingMessage, response: ServerResponse, flowId: string): Promise<void> => {
        const flow = admittedFlow(request, flowId);
        const body = await readBody(request);
        const titles = powerPagesInputs(flow).map((input) => input.title);
        let answer: FlowAnswer;
        try {
            answer = await runHostedFlow(flow, readEventData(request.headers["content-type"], body, titles), {
                connector,
                environment,
            });
        } catch (error) {
            if (error instanceof EventDataError || error instanceof TriggerInputError)
                throw new HttpRefusal(400, error.message);
            // The local host shows why; Power Pages masks it as a 500 without the reason.
            throw new HttpRefusal(500, `The flow "${flow.name}" could not run: ${(error as Error).message}`);
        }
        track(flow, answer);
        sendJson(response, answer.status, answer.status === 202 ? undefined : answer.body);
    };

    const logicApps = (options.logicApps ?? []).map(hostedLogicApp);
    const apiConnection = apiConnectionThroughRunner(
        options.connection,
        (options.logicApps ?? []).map((app) => app.connection.connectionId),
    );
    const invoke = invokeEndpoint({
        flows: [...options.flows, ...logicApps],
        settings: { connector, apiConnection, environment },
        authorize: options.authorizeInvoke ?? ANY_CALLER,
        readBody,
        track,
    });

    const server = createServer((request, response) => {
        const path = (request.url ?? "/").split("?")[0];
        const flowId = TRIGGER_PATH.exec(path)?.[1];
        const handled = !isLoopbackHost(request.headers.host)
            ? Promise.reject(
                  new HttpRefusal(403, `This local host answers only requests addressed to 127.0.0.1 or localhost.`),
              )
            : request.method === "GET" && path === "/_layout/tokenhtml"
              ? Promise.resolve(tokenPage(request, response))
              : request.method === "POST" && flowId !== undefined
                ? trigger(request, response, decodeURIComponent(flowId))
                : invoke.handles(request.method, path)
                  ? invoke.handle(request, response, path)
                  : options.pages?.serves(request.method, path)
                    ? Promise.resolve(options.pages.serve(request, response, path))
                    : Promise.reject(new HttpRefusal(404, `Nothing at ${request.method ?? ""} ${path}.`));
        handled.catch((error: unknown) => {
            if (response.headersSent) return response.destroy();
            if (error instanceof HttpRefusal) return sendError(response, error.status, error.message);
            sendError(response, 500, (error as Error).message);
        });
    });
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    return {
        baseUrl: `http://127.0.0.1:${port}`,
        triggerPath: (flowId) => `/_api/cloudflow/v1.0/trigger/${flowId}`,
        invokePath: (flowId) => {
            const flow =
                options.flows.find((candidate) => candidate.id === flowId.toLowerCase()) ??
                logicApps.find((candidate) => candidate.id === flowId);
            if (flow === undefined) throw new Error(`No flow ${flowId} on this host.`);
            return invokePathOf(flow);
        },
        close: async () => {
            const closed = new Promise<void>((resolve) => server.close(() => resolve()));
            server.closeAllConnections();
            await closed;
            await Promise.all(running);
        },
    };
}
