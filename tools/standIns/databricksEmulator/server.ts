import { randomUUID } from "node:crypto";
import { createServer, IncomingMessage, Server, ServerResponse } from "node:http";
import { AddressInfo } from "node:net";
import { ApiError, invalidParameter } from "./apiError";
import { Clock } from "./clock";
import { ExactJson, parseExact, stringifyExact } from "../../common/exactJson";
import { faultBody, FaultInjector, FaultKind, FaultRule } from "./faults";
import { jettyErrorPage } from "./jetty";
import { JobStore } from "./jobs";
import { JobSpec, RunDurations, SEED_JOBS, SEED_TABLES, SEED_WAREHOUSES, TableSpec, WarehouseSpec, WORKSPACE_ID } from "./seed";
import { SqlStore, StatementTimings } from "./sql";
import { AZURE_DATABRICKS_RESOURCE_ID, decodeToken, KNOWN_USER, mintTestToken, OTHER_KNOWN_USER, TestTokenClaims, userOf } from "./tokens";

/**
 * The Databricks workspace emulator: an HTTP server on loopback that serves every Databricks
 * operation the connector declares, at the same paths, with the workspace's authentication,
 * errors and run life cycle. Start it with startEmulator(); `npm run emulator` runs it as a process.
 */

export interface EmulatorOptions {
    /** 0 (the default) picks a free port. */
    port?: number;
    /** The address to bind; 127.0.0.1 by default. Anything but a loopback address must be asked for. */
    host?: string;
    /** The clock of runs and statements; Date.now by default, manualClock().now in tests. */
    now?: Clock;
    /** The host in run page URLs; the emulator's own host:port by default. */
    workspaceHost?: string;
    workspaceId?: string;
    /** The user names the workspace knows; KNOWN_USER and OTHER_KNOWN_USER by default. */
    users?: string[];
    /** The jobs; the seed (SEED_JOBS) by default. */
    jobs?: JobSpec[];
    /** Phase durations for every job, over the seed's own. */
    runDurations?: Partial<RunDurations>;
    warehouses?: WarehouseSpec[];
    tables?: TableSpec[];
    statementTimings?: Partial<StatementTimings>;
    rowsPerChunk?: number;
    /** Fault rules from the start. */
    faults?: FaultRule[];
    /** The random numbers behind fault rates. */
    random?: () => number;
}

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

export interface RunningEmulator {
    /** http://127.0.0.1:PORT */
    baseUrl: string;
    /** 127.0.0.1:PORT */
    host: string;
    port: number;
    /** Jobs and runs: configureJob, addJob, runs, lifeCycleStateOf, ... */
    jobs: JobStore;
    /** Warehouses, tables, statements, statement timings, rows per chunk. */
    sql: SqlStore;
    /** Fault rules: add, remove, clear, list. */
    faults: FaultInjector;
    /** The user names the workspace knows (add or delete to change who is authorized). */
    users: Set<string>;
    /** Every request answered, in order. */
    requests: RequestLogEntry[];
    now(): number;
    /** A test token for this workspace (a known user by default), issued at the emulator's time. */
    token(claims?: TestTokenClaims): string;
    close(): Promise<void>;
}

interface Route {
    operationId: string;
    method: "GET" | "POST";
    pattern: RegExp;
    handle(context: RequestContext): Promise<unknown> | unknown;
}

interface RequestContext {
    query: URLSearchParams;
    params: string[];
    body: () => Record<string, ExactJson>;
    user: string;
}

/** The Databricks operations the connector declares, by the connector's operationId. */
export const ROUTES_BY_OPERATION: Record<string, { method: "GET" | "POST"; path: string }> = {
    ListJobs: { method: "GET", path: "/api/2.2/jobs/list" },
    GetJob: { method: "GET", path: "/api/2.2/jobs/get" },
    RunNow: { method: "POST", path: "/api/2.2/jobs/run-now" },
    GetRun: { method: "GET", path: "/api/2.2/jobs/runs/get" },
    GetRunOutput: { method: "GET", path: "/api/2.2/jobs/runs/get-output" },
    CancelRun: { method: "POST", path: "/api/2.2/jobs/runs/cancel" },
    ListRuns: { method: "GET", path: "/api/2.2/jobs/runs/list" },
    ListWarehouses: { method: "GET", path: "/api/2.0/sql/warehouses" },
    ExecuteStatement: { method: "POST", path: "/api/2.0/sql/statements" },
    GetStatement: { method: "GET", path: "/api/2.0/sql/statements/{statement_id}" },
    GetStatementResultChunk: { method: "GET", path: "/api/2.0/sql/statements/{statement_id}/result/chunks/{chunk_index}" },
    CancelStatement: { method: "POST", path: "/api/2.0/sql/statements/{statement_id}/cancel" },
};

/** A 200 body that matches none of the connector's response schemas: the "malformed" fault. */
export const MALFORMED_BODY = {
    job_id: "not-an-integer",
    run_id: "not-an-integer",
    status: { state: "EXPLODED" },
    jobs: "not-a-list",
    runs: "not-a-list",
    warehouses: "not-a-list",
    metadata: "not-an-object",
    statement_id: 42,
    chunk_index: "not-an-integer",
    schema: "not-an-object",
};

const MAX_BODY_BYTES = 10 * 1024 * 1024;

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
    const bindHost = options.host ?? "127.0.0.1";
    const now: Clock = options.now ?? Date.now;
    let address = "";
    const users = new Set(options.users ?? [KNOWN_USER, OTHER_KNOWN_USER]);
    const jobs = new JobStore(now, () => options.workspaceHost ?? address, options.workspaceId ?? WORKSPACE_ID);
    for (const spec of options.jobs ?? Object.values(SEED_JOBS)) {
        jobs.addJob(options.runDurations ? { ...spec, durations: { ...spec.durations, ...options.runDurations } } : spec);
    }
    const sql = new SqlStore(now, options.warehouses ?? SEED_WAREHOUSES, options.tables ?? SEED_TABLES);
    sql.timings = { ...sql.timings, ...options.statementTimings };
    if (options.rowsPerChunk !== undefined) sql.rowsPerChunk = options.rowsPerChunk;
    const faults = new FaultInjector(options.random);
    for (const rule of options.faults ?? []) faults.add(rule);
    const requests: RequestLogEntry[] = [];

    // Timers of slow answers and statement waits, so close() leaves nothing behind.
    const timers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
    let closing = false;
    const sleep = (ms: number): Promise<void> =>
        new Promise((resolve) => {
            if (closing) return resolve();
            const entry = {
                timer: setTimeout(() => {
                    timers.delete(entry);
                    resolve();
                }, ms),
                resolve,
            };
            timers.add(entry);
        });

    const routes = buildRoutes(jobs, sql, now, sleep, () => closing);

    const server: Server = createServer((request, response) => {
        handle(request, response).catch((error: unknown) => {
            if (response.headersSent) return response.destroy();
            if (error instanceof ApiError) return sendJson(response, error.status, error.body(), error.headers);
            sendJson(response, 500, { error_code: "INTERNAL_ERROR", message: String((error as Error)?.message ?? error) });
        });
    });

    async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
        const url = new URL(request.url ?? "/", "http://emulator.invalid");
        const method = (request.method ?? "GET").toUpperCase();
        const entry: RequestLogEntry = { time: now(), method, path: url.pathname, query: url.search, status: 0 };
        requests.push(entry);
        const reply = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
            entry.status = status;
            sendJson(response, status, body, headers);
        };
        const rawBody = await readBody(request);

        if (url.pathname.startsWith("/__emulator/")) {
            return control(url.pathname, method, rawBody, reply);
        }

        const route = routes.find((candidate) => candidate.pattern.test(url.pathname));
        entry.operationId = route?.operationId;

        const chosen = faults.choose({ method, path: url.pathname, operationId: route?.operationId }, headerOf(request, "x-emulator-fault"));
        for (const fault of chosen.filter((item): item is Extract<FaultKind, { kind: "slow" }> => item.kind === "slow")) {
            entry.fault = `slow=${fault.delayMs}`;
            await sleep(fault.delayMs);
        }
        const answering = chosen.find((fault) => fault.kind !== "slow");
        if (answering?.kind === "drop") {
            entry.fault = "drop";
            request.socket.destroy();
            return;
        }
        if (answering?.kind === "status") {
            entry.fault = String(answering.status);
            const headers: Record<string, string> = answering.retryAfterSeconds !== undefined ? { "Retry-After": String(answering.retryAfterSeconds) } : {};
            return reply(answering.status, faultBody(answering), headers);
        }

        const denied = authenticate(request, url.pathname, users, now);
        if (denied) {
            entry.status = denied.status;
            if (denied.html !== undefined) return sendHtml(response, denied.status, denied.html);
            return sendJson(response, denied.status, denied.json);
        }
        entry.user = userOf(decodeToken(bearerOf(request) ?? "") ?? {});

        if (answering?.kind === "malformed") {
            entry.fault = "malformed";
            return reply(200, MALFORMED_BODY);
        }

        if (!route || route.method !== method) {
            return reply(404, { error_code: "ENDPOINT_NOT_FOUND", message: `No API found for '${method} ${url.pathname.replace(/^\/api/, "")}'` });
        }
        try {
            const params = (route.pattern.exec(url.pathname) as RegExpExecArray).slice(1).map(decodePathSegment);
            const body = await route.handle({
                query: url.searchParams,
                params,
                user: entry.user ?? "",
                body: () => parseRequestBody(rawBody),
            });
            reply(200, body);
        } catch (error) {
            if (error instanceof ApiError) return reply(error.status, error.body(), error.headers);
            throw error;
        }
    }

    function control(path: string, method: string, rawBody: string, reply: (status: number, body: unknown) => void): void {
        if (path === "/__emulator/faults" && method === "POST") {
            const rule = JSON.parse(rawBody || "{}") as FaultRule;
            return reply(200, faults.add(rule));
        }
        if (path === "/__emulator/faults" && method === "DELETE") {
            faults.clear();
            return reply(200, {});
        }
        if (path === "/__emulator/faults" && method === "GET") return reply(200, { rules: faults.list() });
        if (path === "/__emulator/requests" && method === "GET") return reply(200, { requests });
        if (path === "/__emulator/token" && method === "GET") return reply(200, { token: mintTestToken({}, now()) });
        return reply(404, { error_code: "ENDPOINT_NOT_FOUND", message: `No emulator control endpoint ${method} ${path}` });
    }

    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(options.port ?? 0, bindHost, () => {
            server.off("error", reject);
            resolve();
        });
    });
    const port = (server.address() as AddressInfo).port;
    const hostPart = bindHost.includes(":") ? `[${bindHost}]` : bindHost;
    address = `${hostPart}:${port}`;

    return {
        baseUrl: `http://${address}`,
        host: address,
        port,
        jobs,
        sql,
        faults,
        users,
        requests,
        now,
        token: (claims) => mintTestToken(claims, now()),
        close: async () => {
            if (closing) return;
            closing = true;
            for (const entry of timers) {
                clearTimeout(entry.timer);
                entry.resolve();
            }
            timers.clear();
            await new Promise<void>((resolve) => {
                server.close(() => resolve());
                server.closeAllConnections();
            });
        },
    };
}

function buildRoutes(jobs: JobStore, sql: SqlStore, now: Clock, sleep: (ms: number) => Promise<void>, isClosing: () => boolean): Route[] {
    const route = (operationId: string, handle: Route["handle"]): Route => {
        const { method, path } = ROUTES_BY_OPERATION[operationId];
        const pattern = new RegExp(`^${path.replace(/\{[^}]+\}/g, "([^/]+)").replace(/\./g, "\\.")}$`);
        return { operationId, method, pattern, handle };
    };

    return [
        route("ListJobs", ({ query }) => {
            const limit = intQuery(query, "limit", 20, 0, 100);
            const name = query.get("name") ?? undefined;
            const expand = boolQuery(query, "expand_tasks");
            const all = [...jobs.jobs.values()]
                .filter((job) => name === undefined || job.spec.name === name)
                .sort((a, b) => (a.id < b.id ? -1 : 1));
            return page(all, limit === 0 ? 20 : limit, query.get("page_token"), "jobs", (job) => jobs.describeJob(job, expand));
        }),
        route("GetJob", ({ query }) => jobs.describeJob(jobs.requireJob(idQuery(query, "job_id")), true)),
        route("RunNow", ({ body, user }) => {
            const request = body();
            const jobId = idOf(request.job_id, "job_id");
            const parameters = request.job_parameters;
            if (parameters !== undefined && parameters !== null && (typeof parameters !== "object" || Array.isArray(parameters))) {
                throw invalidParameter("job_parameters must be a map of parameter names to string values.");
            }
            const token = request.idempotency_token;
            if (token !== undefined && (typeof token !== "string" || token.length > 64)) {
                throw invalidParameter("idempotency_token must be a string of at most 64 characters.");
            }
            return jobs.runNow({
                jobId,
                jobParameters: (parameters ?? undefined) as Record<string, string> | undefined,
                idempotencyToken: token as string | undefined,
                user,
            });
        }),
        route("GetRun", ({ query }) => jobs.getRun(idQuery(query, "run_id"))),
        route("GetRunOutput", ({ query }) => jobs.getRunOutput(idQuery(query, "run_id"))),
        route("CancelRun", ({ body }) => {
            jobs.cancelRun(idOf(body().run_id, "run_id"));
            return {};
        }),
        route("ListRuns", ({ query }) => {
            const limit = intQuery(query, "limit", 20, 0, 25);
            const jobIdText = query.get("job_id");
            const runType = query.get("run_type") ?? undefined;
            if (runType !== undefined && !["JOB_RUN", "WORKFLOW_RUN", "SUBMIT_RUN"].includes(runType)) {
                throw invalidParameter(`Invalid run_type: ${runType}`);
            }
            const expand = boolQuery(query, "expand_tasks");
            const runs = jobs.listRuns({
                jobId: jobIdText === null ? undefined : idQuery(query, "job_id"),
                activeOnly: boolQuery(query, "active_only"),
                completedOnly: boolQuery(query, "completed_only"),
                runType,
                startTimeFrom: query.has("start_time_from") ? Number(idQuery(query, "start_time_from")) : undefined,
                startTimeTo: query.has("start_time_to") ? Number(idQuery(query, "start_time_to")) : undefined,
                expandTasks: expand,
            });
            return page(runs, limit === 0 ? 25 : limit, query.get("page_token"), "runs", (run) => jobs.describeRun(run, expand));
        }),
        route("ListWarehouses", () => sql.listWarehouses()),
        route("ExecuteStatement", async ({ body, user }) => {
            const { id, waitMs, cancelOnTimeout } = sql.submit(body(), user);
            const startedReal = Date.now();
            const startedClock = now();
            const finished = (): boolean => !["PENDING", "RUNNING"].includes(sql.stateOf(id));
            while (!finished() && waitMs > 0 && !isClosing()) {
                const waited = Math.max(Date.now() - startedReal, now() - startedClock);
                if (waited >= waitMs) break;
                await sleep(Math.min(25, waitMs - waited));
            }
            if (!finished() && cancelOnTimeout && waitMs > 0) sql.cancel(id);
            return sql.describe(id);
        }),
        route("GetStatement", ({ params }) => sql.describe(params[0])),
        route("GetStatementResultChunk", ({ params }) => {
            if (!/^\d+$/.test(params[1])) throw invalidParameter(`chunk_index must be a non-negative integer, not '${params[1]}'.`);
            return sql.chunk(params[0], Number(params[1]));
        }),
        route("CancelStatement", ({ params }) => {
            sql.cancel(params[0]);
            return {};
        }),
    ];
}

/** Pages of a list; the page token is the offset, opaque to clients. */
function page<T>(items: T[], limit: number, token: string | null, key: string, describe: (item: T) => unknown): unknown {
    let offset = 0;
    if (token !== null && token !== "") {
        const decoded = /^o(\d+)$/.exec(Buffer.from(token, "base64url").toString("utf8"));
        if (!decoded) throw invalidParameter(`Invalid page token: ${token}`);
        offset = Number(decoded[1]);
    }
    const slice = items.slice(offset, offset + limit);
    const encode = (value: number): string => Buffer.from(`o${value}`, "utf8").toString("base64url");
    const hasMore = offset + limit < items.length;
    return {
        ...(slice.length > 0 ? { [key]: slice.map(describe) } : {}),
        has_more: hasMore,
        ...(hasMore ? { next_page_token: encode(offset + limit) } : {}),
        ...(offset > 0 ? { prev_page_token: encode(Math.max(0, offset - limit)) } : {}),
    };
}

function decodePathSegment(segment: string): string {
    try {
        return decodeURIComponent(segment);
    } catch {
        throw invalidParameter(`The path segment '${segment}' is not valid percent-encoding.`);
    }
}

function idQuery(query: URLSearchParams, name: string): bigint {
    const value = query.get(name);
    if (value === null || value === "") throw invalidParameter(`Missing required field: ${name}`);
    return idOf(value, name);
}

function idOf(value: unknown, name: string): bigint {
    if (value === undefined || value === null) throw invalidParameter(`Missing required field: ${name}`);
    if (typeof value === "bigint") return value;
    if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
    if (typeof value === "string" && /^-?\d+$/.test(value.trim())) return BigInt(value.trim());
    throw invalidParameter(`Invalid value for parameter ${name}: ${JSON.stringify(value)} is not an integer.`);
}

function intQuery(query: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
    const value = query.get(name);
    if (value === null || value === "") return fallback;
    const number = Number(value);
    if (!Number.isInteger(number) || number < min || number > max) {
        throw invalidParameter(`${name} must be an integer between ${min} and ${max}, but it is '${value}'.`);
    }
    return number;
}

function boolQuery(query: URLSearchParams, name: string): boolean {
    const value = query.get(name);
    if (value === null || value === "") return false;
    if (value === "true") return true;
    if (value === "false") return false;
    throw invalidParameter(`${name} must be true or false, but it is '${value}'.`);
}

function parseRequestBody(raw: string): Record<string, ExactJson> {
    if (raw.trim() === "") return {};
    let parsed: ExactJson;
    try {
        parsed = parseExact(raw);
    } catch (error) {
        throw new ApiError(400, "MALFORMED_REQUEST", `Could not parse request object: ${(error as Error).message}`);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        throw new ApiError(400, "MALFORMED_REQUEST", "Could not parse request object: expected a JSON object.");
    }
    return parsed;
}

interface Denial {
    status: number;
    html?: string;
    json?: unknown;
}

/** The checks of a workspace's gateway, in its order: a bearer token, its expiry and audience, a known user. */
function authenticate(request: IncomingMessage, path: string, users: Set<string>, now: Clock): Denial | undefined {
    const token = bearerOf(request);
    if (token === undefined) {
        return {
            status: 401,
            json: { error_code: 401, message: `Credential was not sent or was of an unsupported type for this API. [ReqId: ${randomUUID()}]` },
        };
    }
    const claims = decodeToken(token);
    if (!claims) return { status: 403, json: { error_code: "403", message: "Invalid access token." } };
    const nowSeconds = Math.floor(now() / 1000);
    if (typeof claims.exp === "number" && claims.exp <= nowSeconds) {
        const expired = new Date(claims.exp * 1000).toISOString().replace(/\.000Z$/, "Z");
        const current = new Date(nowSeconds * 1000).toISOString().replace(/\.000Z$/, "Z");
        const reason = `io.jsonwebtoken.ExpiredJwtException: JWT expired at ${expired}. Current time: ${current}, a difference of ${(nowSeconds - claims.exp) * 1000} milliseconds.  Allowed clock skew: 0 milliseconds.`;
        return { status: 400, html: jettyErrorPage(400, reason, path) };
    }
    const audience = Array.isArray(claims.aud) ? claims.aud.join(",") : claims.aud;
    if (audience !== AZURE_DATABRICKS_RESOURCE_ID) {
        const reason = `io.jsonwebtoken.IncorrectClaimException: Expected aud claim to be: ${AZURE_DATABRICKS_RESOURCE_ID}, but was: ${audience ?? "null"}.`;
        return { status: 400, html: jettyErrorPage(400, reason, path) };
    }
    const user = userOf(claims);
    if (user === undefined || !users.has(user)) return { status: 403, html: jettyErrorPage(403, "User not authorized.", path) };
    return undefined;
}

function bearerOf(request: IncomingMessage): string | undefined {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(headerOf(request, "authorization") ?? "");
    return match ? match[1] : undefined;
}

function headerOf(request: IncomingMessage, name: string): string | undefined {
    const value = request.headers[name];
    return Array.isArray(value) ? value.join(",") : value;
}

function readBody(request: IncomingMessage): Promise<string> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        request.on("data", (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_BODY_BYTES) {
                reject(new ApiError(400, "MALFORMED_REQUEST", "The request body is too large."));
                request.destroy();
                return;
            }
            chunks.push(chunk);
        });
        request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        request.on("error", reject);
    });
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = stringifyExact(body);
    response.writeHead(status, {
        "Content-Type": "application/json",
        "Content-Length": Buffer.byteLength(text),
        "x-databricks-org-id": WORKSPACE_ID,
        ...headers,
    });
    response.end(text);
}

function sendHtml(response: ServerResponse, status: number, html: string): void {
    response.writeHead(status, { "Content-Type": "text/html;charset=iso-8859-1", "Content-Length": Buffer.byteLength(html, "latin1"), "Cache-Control": "must-revalidate,no-cache,no-store" });
    response.end(html, "latin1");
}
