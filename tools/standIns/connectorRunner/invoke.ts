import { executeConnectorScript, ScriptRequest, ScriptResponse } from "../../connector/customCode/scriptRules";
import { Schema } from "../../connector/model/swaggerModel";
import { parseExact, stringifyExact } from "../../common/exactJson";
import { isObject } from "../../common/objects";
import {
    baseUrlFor,
    ConnectorDefinition,
    DEFAULT_CONNECTOR_DIR,
    loadConnectorDefinition,
    requireOperation,
    RunnerInputError,
} from "./connectorDefinition";
import { buildRequest } from "./requestBuilder";
import { formatMismatches, SchemaChecker } from "./schemaCheck";
import { sendWithRetries, TransportError, TransportResponse } from "./transport";

/**
 * The connector runner: invokes one operation of connector/ as Power Platform would. The host
 * goes through the dynamichosturl policy, parameters are mapped from the definition, the bearer
 * token goes in Authorization, the custom code's behaviour (scriptRules.ts, the TypeScript twin of
 * script.csx) runs for the script operations, and the answer is checked against the operation's
 * response schema.
 */

export interface InvokeRequest {
    operationId: string;
    /** The connection's workspace host (adb-....azuredatabricks.net), or http://127.0.0.1:PORT for the emulator. */
    host: string;
    token: string;
    /** By name: path, query and header parameters, and the body's fields (or the whole body as `body`). */
    params?: Record<string, unknown>;
    connectorDir?: string;
    /**
     * Run the connector's custom code (script.csx's rules) for its script operations, as Power
     * Platform does; default true. False sends the request as the definition builds it: Logic Apps
     * runs no custom code.
     */
    customCode?: boolean;
    /** Send plain HTTP to a loopback host given without a scheme (the local emulator). */
    allowHttp?: boolean;
    /** Retries of a 429 or 503 (and of a dropped connection when safe); default 4. */
    maxRetries?: number;
    /** The most all retries may wait together, in ms; default 60 000. */
    maxTotalWaitMs?: number;
    /** Per attempt, in ms; default 120 000, Power Platform's limit. */
    timeoutMs?: number;
    fetchImpl?: typeof fetch;
    /** How the runner waits between retries; tests pass a recorder. */
    sleep?: (ms: number) => Promise<void>;
}

export interface RunnerResult {
    ok: boolean;
    /** The HTTP status; 0 when no answer came (a bad parameter, a dropped connection). */
    status: number;
    /** The answer: parsed JSON (int64 above 2^53 as bigint), or the text of a non-JSON answer. */
    body: unknown;
    /** What failed: the HTTP status with Databricks' error_code and message, or the HTML page's text. */
    error?: string;
    /** HTTP requests sent, retries included. */
    attempts: number;
    /** The operation's request URL (after the host policy). */
    url?: string;
}

export const DEFAULT_MAX_RETRIES = 4;
export const DEFAULT_MAX_TOTAL_WAIT_MS = 60_000;
export const DEFAULT_TIMEOUT_MS = 120_000;

const checkers = new WeakMap<ConnectorDefinition, SchemaChecker>();

export async function invokeOperation(request: InvokeRequest): Promise<RunnerResult> {
    let url: string | undefined;
    try {
        const definition = loadConnectorDefinition(request.connectorDir ?? DEFAULT_CONNECTOR_DIR);
        const entry = requireOperation(definition, request.operationId);
        const operationId = request.operationId;
        const checker = checkerFor(definition);
        const built = buildRequest(definition.document, entry, request.params ?? {}, checker);
        if (request.token.trim() === "") throw new RunnerInputError("No token: pass --token or set DATABRICKS_TOKEN.");
        url = `${baseUrlFor(definition, request.host, request.allowHttp ?? false)}${built.pathAndQuery}`;

        let attempts = 0;
        let lastResponse: TransportResponse | undefined;
        let gaveUp: string | undefined;
        const headers: Record<string, string> = {
            Authorization: `Bearer ${request.token.trim()}`,
            Accept: "application/json",
            "User-Agent": "databricks-job-trigger-connector-runner/0.1",
        };
        const hasIdempotencyToken = built.body !== undefined && /"idempotency_token"\s*:\s*"/.test(built.body);
        const send = async (scriptRequest: ScriptRequest): Promise<ScriptResponse> => {
            const body = scriptRequest.body;
            const outcome = await sendWithRetries(
                {
                    method: scriptRequest.method,
                    url: scriptRequest.url,
                    headers: body === undefined ? headers : { ...headers, "Content-Type": "application/json" },
                    body,
                },
                {
                    fetchImpl: request.fetchImpl ?? fetch,
                    maxRetries: request.maxRetries ?? DEFAULT_MAX_RETRIES,
                    maxTotalWaitMs: request.maxTotalWaitMs ?? DEFAULT_MAX_TOTAL_WAIT_MS,
                    timeoutMs: request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
                    sleep: request.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
                    retryNetworkErrors: scriptRequest.method === "GET" || hasIdempotencyToken,
                },
            ).catch((error: unknown) => {
                if (error instanceof TransportError) attempts += error.attempts;
                throw error;
            });
            attempts += outcome.attempts;
            lastResponse = outcome.response;
            gaveUp = outcome.gaveUp;
            return { status: outcome.response.status, body: outcome.response.text };
        };

        const scriptRequest: ScriptRequest = { method: built.method, url, body: built.body };
        const answer =
            (request.customCode ?? true) && definition.scriptOperations.includes(operationId)
                ? await executeConnectorScript(operationId, scriptRequest, send)
                : await send(scriptRequest);

        const text = answer.body ?? "";
        const contentType =
            answer.body === lastResponse?.text ? (lastResponse?.headers.get("content-type") ?? "") : "application/json";
        const body = parseBody(text, contentType);
        const status = answer.status;
        if (status < 200 || status > 299) {
            const error = describeFailure(status, body, contentType) + (gaveUp ? ` (${gaveUp})` : "");
            return { ok: false, status, body, error, attempts, url };
        }
        const schema = (entry.operation.responses?.[String(status)] ?? entry.operation.responses?.default)?.schema;
        if (schema) {
            if (typeof body === "string" && !isJson(contentType, text)) {
                return {
                    ok: false,
                    status,
                    body,
                    error: `HTTP ${status}: the answer is not JSON but ${contentType || "untyped text"}: ${textOf(text)}`,
                    attempts,
                    url,
                };
            }
            const mismatches = checker.check(schema as Schema, body);
            if (mismatches.length > 0) {
                return {
                    ok: false,
                    status,
                    body,
                    error: `The response of ${operationId} does not match the connector's response schema: ${formatMismatches(mismatches)}`,
                    attempts,
                    url,
                };
            }
        }
        return { ok: true, status, body, attempts, url };
    } catch (error) {
        if (error instanceof RunnerInputError)
            return { ok: false, status: 0, body: null, error: error.message, attempts: 0, url };
        if (error instanceof TransportError)
            return {
                ok: false,
                status: 0,
                body: null,
                error: `${error.message} (after ${error.attempts} attempt${error.attempts === 1 ? "" : "s"})`,
                attempts: error.attempts,
                url,
            };
        throw error;
    }
}

function checkerFor(definition: ConnectorDefinition): SchemaChecker {
    let checker = checkers.get(definition);
    if (!checker) {
        checker = new SchemaChecker(definition.document);
        checkers.set(definition, checker);
    }
    return checker;
}

function isJson(contentType: string, text: string): boolean {
    return /json/i.test(contentType) || /^\s*[[{]/.test(text);
}

function parseBody(text: string, contentType: string): unknown {
    if (text.trim() === "") return /html/i.test(contentType) ? text : {};
    if (!isJson(contentType, text) || /html/i.test(contentType)) return text;
    try {
        return parseExact(text);
    } catch {
        return text;
    }
}

/** "HTTP 400 INVALID_PARAMETER_VALUE: Run 1 does not exist." or the HTML page's reason. */
export function describeFailure(status: number, body: unknown, contentType: string): string {
    if (isObject(body)) {
        const { error_code: code, message, error } = body;
        const text = typeof message === "string" ? message : typeof error === "string" ? error : undefined;
        if (code !== undefined || text !== undefined) {
            const shownCode = code !== undefined && String(code) !== String(status) ? ` ${String(code)}` : "";
            return `HTTP ${status}${shownCode}: ${text ?? stringifyExact(body)}`;
        }
        return `HTTP ${status}: ${stringifyExact(body)}`;
    }
    if (typeof body === "string") {
        const kind = /html/i.test(contentType) || /<html/i.test(body) ? " (an HTML page, not JSON)" : "";
        return `HTTP ${status}${kind}: ${textOf(body) || "(empty body)"}`;
    }
    return `HTTP ${status}`;
}

/** The readable text of an answer: a Jetty page's reason, or any HTML without its tags. */
export function textOf(text: string): string {
    const jettyReason =
        /<pre>\s*([\s\S]*?)\s*<\/pre>/i.exec(text) ?? /<title>\s*Error \d+\s+([\s\S]*?)\s*<\/title>/i.exec(text);
    const raw = jettyReason
        ? jettyReason[1]
        : text.replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ").replace(/<[^>]+>/g, " ");
    const decoded = raw
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, "&")
        .replace(/\s+/g, " ")
        .trim();
    return decoded.length > 500 ? `${decoded.slice(0, 500)}…` : decoded;
}
