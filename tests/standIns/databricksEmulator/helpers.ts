import { parseExact } from "../../../tools/common/exactJson";
import { RunningEmulator } from "../../../tools/standIns/databricksEmulator/server";

export interface Answer {
    status: number;
    headers: Headers;
    text: string;
    /** The body as JSON (int64 above 2^53 as bigint), or undefined when it is not JSON. */
    json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** One raw HTTP request to the emulator, with a known user's token unless told otherwise. */
export async function call(
    emulator: RunningEmulator,
    method: string,
    pathAndQuery: string,
    options: { body?: unknown; token?: string | null; headers?: Record<string, string> } = {},
): Promise<Answer> {
    const token = options.token === undefined ? emulator.token() : options.token;
    const headers: Record<string, string> = {
        ...(token === null ? {} : { Authorization: `Bearer ${token}` }),
        ...options.headers,
    };
    let body: string | undefined;
    if (options.body !== undefined) {
        body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
        headers["Content-Type"] = "application/json";
    }
    const response = await fetch(`${emulator.baseUrl}${pathAndQuery}`, { method, headers, body });
    const text = await response.text();
    let json: unknown;
    try {
        json = parseExact(text);
    } catch {
        json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
}

export const get = (
    emulator: RunningEmulator,
    pathAndQuery: string,
    options?: Parameters<typeof call>[3],
): Promise<Answer> => call(emulator, "GET", pathAndQuery, options);

export const post = (
    emulator: RunningEmulator,
    path: string,
    body: unknown,
    options?: Parameters<typeof call>[3],
): Promise<Answer> => call(emulator, "POST", path, { ...options, body });

/** Starts a run and returns its run_id as the emulator sent it. */
export async function runNow(
    emulator: RunningEmulator,
    jobId: string,
    extra: Record<string, unknown> = {},
): Promise<number> {
    const answer = await post(
        emulator,
        "/api/2.2/jobs/run-now",
        `{"job_id": ${jobId}${Object.keys(extra).length ? `, ${JSON.stringify(extra).slice(1, -1)}` : ""}}`,
    );
    if (answer.status !== 200) throw new Error(`run-now failed: ${answer.status} ${answer.text}`);
    return answer.json.run_id as number;
}
