import { IncomingMessage } from "node:http";

/**
 * Cross-origin calls to a Request trigger's URL, answered as a Consumption Logic App's endpoint
 * answers them (README: "Cross-origin calls"): a browser's preflight (OPTIONS with Origin and
 * Access-Control-Request-Method) gets 200 allowing the origin, the method and the headers it asks
 * for, before and without any caller check — a preflight carries no Authorization header; every
 * answer to a request with an Origin allows that origin, refusals included, so that a page can read
 * a 401's reason. A Consumption workflow has no CORS setting: there is no list of origins to keep.
 */

/** Whether the request is a CORS preflight: OPTIONS with an Origin and the method the page means to send. */
export function isPreflight(request: IncomingMessage): boolean {
    return (
        request.method === "OPTIONS" &&
        typeof request.headers.origin === "string" &&
        typeof request.headers["access-control-request-method"] === "string"
    );
}

/** The headers of a preflight's answer: the origin, the method and the headers the browser asked for. */
export function preflightHeaders(request: IncomingMessage): Record<string, string> {
    const asked = request.headers["access-control-request-headers"];
    return {
        "Access-Control-Allow-Origin": String(request.headers.origin),
        "Access-Control-Allow-Methods": String(request.headers["access-control-request-method"]),
        ...(typeof asked === "string" && asked.trim() !== "" ? { "Access-Control-Allow-Headers": asked } : {}),
        Vary: "Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
    };
}

/** The headers that let the calling page read an answer: its origin allowed; nothing for a request without Origin. */
export function corsHeaders(request: IncomingMessage): Record<string, string> {
    const origin = request.headers.origin;
    return typeof origin === "string" ? { "Access-Control-Allow-Origin": origin, Vary: "Origin" } : {};
}
