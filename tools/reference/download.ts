/** One HTTP download with a timeout, a size limit and a bounded retry of transient failures. */

export interface DownloadOptions {
    /** Per attempt, headers and body together. */
    timeoutMs: number;
    /** Further attempts after a transient failure (network error, timeout, 408, 429, 5xx gateway answers). */
    retries: number;
    /** The wait before the first retry; doubled before each further one. */
    retryDelayMs: number;
    maxBytes: number;
}

export const DEFAULT_DOWNLOAD_OPTIONS: DownloadOptions = {
    timeoutMs: 60_000,
    retries: 2,
    retryDelayMs: 1_000,
    maxBytes: 64 * 1024 * 1024,
};

export class DownloadError extends Error {
    constructor(
        message: string,
        readonly url: string,
        readonly attempts: number,
        /** The host itself could not be reached (name not resolved, connection refused, no route): other files from it would fail too. */
        readonly hostUnreachable: boolean,
    ) {
        super(message);
    }
}

const TRANSIENT_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);

/** A failure of one attempt; `transient` ones are worth another try. */
class AttemptFailure extends Error {
    constructor(
        message: string,
        readonly transient: boolean,
        readonly hostUnreachable = false,
    ) {
        super(message);
    }
}

export async function download(url: string, options: DownloadOptions = DEFAULT_DOWNLOAD_OPTIONS): Promise<Buffer> {
    const attempts = options.retries + 1;
    for (let attempt = 1; ; attempt += 1) {
        try {
            return await attemptDownload(url, options);
        } catch (error) {
            const failure =
                error instanceof AttemptFailure
                    ? error
                    : new AttemptFailure(
                          describeNetworkError(error, options.timeoutMs),
                          true,
                          isHostUnreachable(error),
                      );
            if (!failure.transient || attempt >= attempts) {
                const tries = attempt > 1 ? ` (after ${attempt} attempts)` : "";
                throw new DownloadError(`${url} ${failure.message}${tries}`, url, attempt, failure.hostUnreachable);
            }
            await new Promise((resolve) => setTimeout(resolve, options.retryDelayMs * 2 ** (attempt - 1)));
        }
    }
}

async function attemptDownload(url: string, options: DownloadOptions): Promise<Buffer> {
    const response = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs), redirect: "follow" });
    if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        const status = `answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`;
        throw new AttemptFailure(status, TRANSIENT_STATUSES.has(response.status));
    }
    const declared = Number(response.headers.get("content-length") ?? Number.NaN);
    if (declared > options.maxBytes) {
        await response.body?.cancel().catch(() => undefined);
        throw new AttemptFailure(`is ${declared} bytes, more than the ${options.maxBytes} this tool accepts`, false);
    }
    if (!response.body) return Buffer.alloc(0);
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let received = 0;
    for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        received += value.byteLength;
        if (received > options.maxBytes) {
            await reader.cancel().catch(() => undefined);
            throw new AttemptFailure(`sent more than the ${options.maxBytes} bytes this tool accepts`, false);
        }
        chunks.push(value);
    }
    return Buffer.concat(chunks);
}

const HOST_UNREACHABLE_CODES = new Set([
    "ENOTFOUND",
    "EAI_AGAIN",
    "ECONNREFUSED",
    "EHOSTUNREACH",
    "ENETUNREACH",
    "UND_ERR_CONNECT_TIMEOUT",
]);

function isHostUnreachable(error: unknown): boolean {
    const code = (error as { cause?: { code?: string } }).cause?.code;
    return code !== undefined && HOST_UNREACHABLE_CODES.has(code);
}

/** fetch() reports "fetch failed" and keeps the reason (ECONNREFUSED, a reset, a timeout) in `cause`. */
function describeNetworkError(error: unknown, timeoutMs: number): string {
    const name = (error as { name?: string }).name;
    if (name === "TimeoutError" || name === "AbortError") return `did not answer within ${timeoutMs / 1000} s`;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason =
        cause?.code && cause.message
            ? `${cause.code}: ${cause.message}`
            : (cause?.message ?? cause?.code ?? (error as Error).message ?? String(error));
    return `could not be reached (${reason})`;
}
