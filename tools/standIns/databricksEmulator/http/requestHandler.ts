import { IncomingMessage, ServerResponse } from "node:http";
import { ApiError } from "../apiError";
import { faultBody, FaultInjector, FaultKind, MALFORMED_BODY } from "../faults";
import { parseRequestBody, Workspace } from "./apiRequest";
import { authenticate, sendDenial, userOfRequest } from "./authentication";
import { answerControl, CONTROL_PREFIX } from "./controlEndpoints";
import { headerOf, readBody, sendApiError, sendJson } from "./messages";
import { callRoute, findRoute } from "./routes";

export interface RequestLogEntry {
    time: number;
    method: string;
    path: string;
    query: string;
    operationId?: string;
    user?: string;
    status: number;
    fault?: string;
}

/** What serving a request needs besides the workspace: who may call, the fault rules, the log. */
export interface Serving {
    workspace: Workspace;
    users: Set<string>;
    faults: FaultInjector;
    requests: RequestLogEntry[];
}

interface Exchange {
    request: IncomingMessage;
    entry: RequestLogEntry;
    reply(status: number, body: unknown, headers?: Record<string, string>): void;
}

/** The server's request listener: a request goes through the log, the faults, authentication, then its route. */
export function createRequestListener(serving: Serving): (request: IncomingMessage, response: ServerResponse) => void {
    return (request, response) => {
        handle(request, response, serving).catch((error: unknown) => {
            if (response.headersSent) return response.destroy();
            if (error instanceof ApiError) return sendApiError(response, error);
            sendJson(response, 500, {
                error_code: "INTERNAL_ERROR",
                message: String((error as Error)?.message ?? error),
            });
        });
    };
}

async function handle(request: IncomingMessage, response: ServerResponse, serving: Serving): Promise<void> {
    const { workspace } = serving;
    const url = new URL(request.url ?? "/", "http://emulator.invalid");
    const method = (request.method ?? "GET").toUpperCase();
    const entry: RequestLogEntry = { time: workspace.now(), method, path: url.pathname, query: url.search, status: 0 };
    serving.requests.push(entry);
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
        entry.status = status;
        sendJson(response, status, body, headers);
    };
    const rawBody = await readBody(request);

    if (url.pathname.startsWith(CONTROL_PREFIX)) {
        return answerControl(url.pathname, method, rawBody, reply, {
            faults: serving.faults,
            requests: serving.requests,
            now: workspace.now,
        });
    }

    const found = findRoute(url.pathname);
    entry.operationId = found?.route.operationId;

    const chosen = serving.faults.choose(
        { method, path: url.pathname, operationId: entry.operationId },
        headerOf(request, "x-emulator-fault"),
    );
    for (const fault of chosen) {
        if (fault.kind !== "slow") continue;
        entry.fault = `slow=${fault.delayMs}`;
        await workspace.sleeps.sleep(fault.delayMs);
    }
    const answering = chosen.find((fault) => fault.kind !== "slow");
    if (answering && answeredInsteadOfWorkspace(answering, { request, entry, reply })) return;

    const denied = authenticate(request, url.pathname, serving.users, workspace.now);
    if (denied) {
        entry.status = denied.status;
        return sendDenial(response, denied);
    }
    entry.user = userOfRequest(request);

    if (answering?.kind === "malformed") {
        entry.fault = "malformed";
        return reply(200, MALFORMED_BODY);
    }
    try {
        const apiRequest = { query: url.searchParams, user: entry.user ?? "", body: () => parseRequestBody(rawBody) };
        reply(200, await callRoute(found, method, url.pathname, apiRequest, workspace));
    } catch (error) {
        if (error instanceof ApiError) return reply(error.status, error.body(), error.headers);
        throw error;
    }
}

/** A dropped connection or an error status comes before authentication, as a gateway's would; true when it answered. */
function answeredInsteadOfWorkspace(fault: FaultKind, { request, entry, reply }: Exchange): boolean {
    if (fault.kind === "drop") {
        entry.fault = "drop";
        request.socket.destroy();
        return true;
    }
    if (fault.kind === "status") {
        entry.fault = String(fault.status);
        const headers: Record<string, string> =
            fault.retryAfterSeconds !== undefined ? { "Retry-After": String(fault.retryAfterSeconds) } : {};
        reply(fault.status, faultBody(fault), headers);
        return true;
    }
    return false;
}
