import { randomUUID } from "node:crypto";
import { IncomingMessage, ServerResponse } from "node:http";
import { Clock } from "../clock";
import { AZURE_DATABRICKS_RESOURCE_ID, decodeToken, userOf } from "../tokens";
import { gatewayErrorPage } from "./gatewayErrorPage";
import { headerOf, sendHtml, sendJson } from "./messages";

/** Why the workspace turns a request away: Databricks' JSON, or the gateway's HTML page. */
export interface Denial {
    status: number;
    html?: string;
    json?: unknown;
}

/** The checks of a workspace's gateway, in its order: a bearer token, its expiry and audience, a known user. */
export function authenticate(
    request: IncomingMessage,
    path: string,
    users: Set<string>,
    now: Clock,
): Denial | undefined {
    const token = bearerOf(request);
    if (token === undefined) {
        return {
            status: 401,
            json: {
                error_code: 401,
                message: `Credential was not sent or was of an unsupported type for this API. [ReqId: ${randomUUID()}]`,
            },
        };
    }
    const claims = decodeToken(token);
    if (!claims) return { status: 403, json: { error_code: "403", message: "Invalid access token." } };
    const nowSeconds = Math.floor(now() / 1000);
    if (typeof claims.exp === "number" && claims.exp <= nowSeconds) {
        const expired = new Date(claims.exp * 1000).toISOString().replace(/\.000Z$/, "Z");
        const current = new Date(nowSeconds * 1000).toISOString().replace(/\.000Z$/, "Z");
        const reason = `io.jsonwebtoken.ExpiredJwtException: JWT expired at ${expired}. Current time: ${current}, a difference of ${(nowSeconds - claims.exp) * 1000} milliseconds.  Allowed clock skew: 0 milliseconds.`;
        return { status: 400, html: gatewayErrorPage(400, reason, path) };
    }
    const audience = Array.isArray(claims.aud) ? claims.aud.join(",") : claims.aud;
    if (audience !== AZURE_DATABRICKS_RESOURCE_ID) {
        const reason = `io.jsonwebtoken.IncorrectClaimException: Expected aud claim to be: ${AZURE_DATABRICKS_RESOURCE_ID}, but was: ${audience ?? "null"}.`;
        return { status: 400, html: gatewayErrorPage(400, reason, path) };
    }
    const user = userOf(claims);
    if (user === undefined || !users.has(user))
        return { status: 403, html: gatewayErrorPage(403, "User not authorized.", path) };
    return undefined;
}

export function sendDenial(response: ServerResponse, denial: Denial): void {
    if (denial.html !== undefined) return sendHtml(response, denial.status, denial.html);
    sendJson(response, denial.status, denial.json);
}

/** The user name in the request's bearer token; call after authenticate() let the request in. */
export function userOfRequest(request: IncomingMessage): string | undefined {
    return userOf(decodeToken(bearerOf(request) ?? "") ?? {});
}

function bearerOf(request: IncomingMessage): string | undefined {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(headerOf(request, "authorization") ?? "");
    return match ? match[1] : undefined;
}
