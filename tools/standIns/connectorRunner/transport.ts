/**
 * One HTTP exchange with retries, as a careful client of Databricks does it: 429 and 503 are
 * retried after the Retry-After the workspace asks for (or a growing back-off without one), a
 * bounded number of times and within a bounded total wait; a dropped connection is retried for
 * requests that are safe to repeat.
 */

export interface TransportOptions {
    fetchImpl: typeof fetch;
    maxRetries: number;
    /** The most the retries may wait in total, in milliseconds. */
    maxTotalWaitMs: number;
    /** Per attempt, in milliseconds (Power Platform ends a call after 120 seconds). */
    timeoutMs: number;
    sleep: (ms: number) => Promise<void>;
    /** Whether a dropped connection may be retried (GET, or a request with an idempotency token). */
    retryNetworkErrors: boolean;
}

export interface TransportRequest {
    method: string;
    url: string;
    headers: Record<string, string>;
    body?: string;
}

export interface TransportResponse {
    status: number;
    headers: Headers;
    text: string;
}

export class TransportError extends Error {
    constructor(
        message: string,
        readonly attempts: number,
    ) {
        super(message);
    }
}

export interface TransportOutcome {
    response: TransportResponse;
    attempts: number;
    /** Why the runner stopped retrying a 429 or 503, when it did. */
    gaveUp?: string;
}

const RETRIED_STATUSES = new Set([429, 503]);
const BACKOFF_MS = [1000, 2000, 4000, 8000];

export async function sendWithRetries(request: TransportRequest, options: TransportOptions): Promise<TransportOutcome> {
    let waited = 0;
    for (let attempt = 1; ; attempt += 1) {
        let response: TransportResponse;
        try {
            response = await sendOnce(request, options);
        } catch (error) {
            const reason = networkReason(error);
            const delay = BACKOFF_MS[Math.min(attempt - 1, BACKOFF_MS.length - 1)];
            if (
                options.retryNetworkErrors &&
                attempt <= options.maxRetries &&
                waited + delay <= options.maxTotalWaitMs
            ) {
                waited += delay;
                await options.sleep(delay);
                continue;
            }
            throw new TransportError(`The request to ${originOf(request.url)} failed: ${reason}`, attempt);
        }
        if (!RETRIED_STATUSES.has(response.status)) return { response, attempts: attempt };
        const delay =
            retryAfterMs(response.headers.get("retry-after")) ??
            BACKOFF_MS[Math.min(attempt - 1, BACKOFF_MS.length - 1)];
        if (attempt > options.maxRetries) {
            return { response, attempts: attempt, gaveUp: `gave up after ${attempt} attempts` };
        }
        if (waited + delay > options.maxTotalWaitMs) {
            return {
                response,
                attempts: attempt,
                gaveUp: `gave up after ${attempt} attempts: waiting ${delay} ms more would exceed the ${options.maxTotalWaitMs} ms retry budget`,
            };
        }
        waited += delay;
        await options.sleep(delay);
    }
}

async function sendOnce(request: TransportRequest, options: TransportOptions): Promise<TransportResponse> {
    const response = await options.fetchImpl(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        redirect: "manual",
        signal: AbortSignal.timeout(options.timeoutMs),
    });
    return { status: response.status, headers: response.headers, text: await response.text() };
}

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now: number = Date.now()): number | undefined {
    if (value === null || value.trim() === "") return undefined;
    const text = value.trim();
    if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
    const date = Date.parse(text);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function networkReason(error: unknown): string {
    const cause = (error as { cause?: { message?: string; code?: string } })?.cause;
    const base =
        (error as Error)?.name === "TimeoutError" ? "no answer in time" : String((error as Error)?.message ?? error);
    const detail = cause?.message ?? cause?.code;
    return detail ? `${base} (${detail})` : base;
}

function originOf(url: string): string {
    try {
        return new URL(url).origin;
    } catch {
        return url;
    }
}
