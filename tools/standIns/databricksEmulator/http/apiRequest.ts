import { isObject } from "../../../common/objects";
import { ExactJson, parseExact } from "../../../common/exactJson";
import { ApiError, invalidParameter } from "../apiError";
import { Clock } from "../clock";
import { JobStore } from "../jobs";
import { SqlStore } from "../sql/statementStore";
import { Sleeps } from "./sleeps";

/** What an operation's handler works on: the workspace's jobs and SQL, its clock, and waits that close() ends. */
export interface Workspace {
    jobs: JobStore;
    sql: SqlStore;
    now: Clock;
    sleeps: Sleeps;
}

/** One authenticated API request, as a handler sees it. */
export interface ApiRequest {
    query: URLSearchParams;
    /** The path's {parameters}, in order, decoded. */
    params: string[];
    /** The JSON body; parsed on first need, so a GET's body is never looked at. */
    body: () => Record<string, ExactJson>;
    user: string;
}

/** Answers with the operation's 200 body, or throws ApiError for Databricks' error answer. */
export type Handler = (request: ApiRequest, workspace: Workspace) => Promise<unknown> | unknown;

export function parseRequestBody(raw: string): Record<string, ExactJson> {
    if (raw.trim() === "") return {};
    let parsed: ExactJson;
    try {
        parsed = parseExact(raw);
    } catch (error) {
        throw new ApiError(400, "MALFORMED_REQUEST", `Could not parse request object: ${(error as Error).message}`);
    }
    if (!isObject(parsed)) {
        throw new ApiError(400, "MALFORMED_REQUEST", "Could not parse request object: expected a JSON object.");
    }
    return parsed as Record<string, ExactJson>;
}

export function decodePathSegment(segment: string): string {
    try {
        return decodeURIComponent(segment);
    } catch {
        throw invalidParameter(`The path segment '${segment}' is not valid percent-encoding.`);
    }
}

/** A required int64 ID from the query string. */
export function idQuery(query: URLSearchParams, name: string): bigint {
    const value = query.get(name);
    if (value === null || value === "") throw invalidParameter(`Missing required field: ${name}`);
    return idOf(value, name);
}

/** A required int64 ID from a JSON body: a number, an exact bigint, or digits in a string. */
export function idOf(value: unknown, name: string): bigint {
    if (value === undefined || value === null) throw invalidParameter(`Missing required field: ${name}`);
    if (typeof value === "bigint") return value;
    if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
    if (typeof value === "string" && /^-?\d+$/.test(value.trim())) return BigInt(value.trim());
    throw invalidParameter(`Invalid value for parameter ${name}: ${JSON.stringify(value)} is not an integer.`);
}

export function intQuery(query: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
    const value = query.get(name);
    if (value === null || value === "") return fallback;
    const number = Number(value);
    if (!Number.isInteger(number) || number < min || number > max) {
        throw invalidParameter(`${name} must be an integer between ${min} and ${max}, but it is '${value}'.`);
    }
    return number;
}

export function boolQuery(query: URLSearchParams, name: string): boolean {
    const value = query.get(name);
    if (value === null || value === "") return false;
    if (value === "true") return true;
    if (value === "false") return false;
    throw invalidParameter(`${name} must be true or false, but it is '${value}'.`);
}

/** One page of a list under key, with the tokens of the pages around it; a page token is the offset, opaque to clients. */
export function page<T>(
    items: T[],
    limit: number,
    token: string | null,
    key: string,
    describe: (item: T) => unknown,
): unknown {
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
