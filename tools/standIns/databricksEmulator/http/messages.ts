import { IncomingMessage, ServerResponse } from "node:http";
import { stringifyExact } from "../../../common/exactJson";
import { ApiError } from "../apiError";
import { WORKSPACE_ID } from "../seed";

/** The largest request body the emulator reads. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** The body as text; a body over maxBytes rejects with a 400 and ends the connection. */
export function readBody(request: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<string> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        request.on("data", (chunk: Buffer) => {
            size += chunk.length;
            if (size > maxBytes) {
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

/** One header's value; repeated headers joined with commas. */
export function headerOf(request: IncomingMessage, name: string): string | undefined {
    const value = request.headers[name];
    return Array.isArray(value) ? value.join(",") : value;
}

/** A JSON answer as a workspace sends it, int64 values exact, with the workspace's org id header. */
export function sendJson(
    response: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
): void {
    const text = stringifyExact(body);
    response.writeHead(status, {
        "Content-Type": "application/json",
        "Content-Length": Buffer.byteLength(text),
        "x-databricks-org-id": WORKSPACE_ID,
        ...headers,
    });
    response.end(text);
}

/** An HTML page as the workspace's gateway sends it: Latin-1, never cached. */
export function sendHtml(response: ServerResponse, status: number, html: string): void {
    response.writeHead(status, {
        "Content-Type": "text/html;charset=iso-8859-1",
        "Content-Length": Buffer.byteLength(html, "latin1"),
        "Cache-Control": "must-revalidate,no-cache,no-store",
    });
    response.end(html, "latin1");
}

/** An ApiError in Databricks' shape, {error_code, message}, with its status and headers. */
export function sendApiError(response: ServerResponse, error: ApiError): void {
    sendJson(response, error.status, error.body(), error.headers);
}
