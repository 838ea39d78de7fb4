import { ApiError } from "../apiError";
import { ApiRequest, decodePathSegment, Handler, Workspace } from "./apiRequest";
import { cancelRun, getJob, getRun, getRunOutput, listJobs, listRuns, runNow } from "./jobRoutes";
import { cancelStatement, executeStatement, getStatement, getStatementResultChunk, listWarehouses } from "./sqlRoutes";

export interface ApiRoute {
    /** The connector's operationId. */
    operationId: string;
    method: "GET" | "POST";
    /** The path as the connector declares it, {name} for a path parameter. */
    path: string;
    handle: Handler;
}

/** Every Databricks operation the connector declares, at its method and path. */
export const API_ROUTES: readonly ApiRoute[] = [
    { operationId: "ListJobs", method: "GET", path: "/api/2.2/jobs/list", handle: listJobs },
    { operationId: "GetJob", method: "GET", path: "/api/2.2/jobs/get", handle: getJob },
    { operationId: "RunNow", method: "POST", path: "/api/2.2/jobs/run-now", handle: runNow },
    { operationId: "GetRun", method: "GET", path: "/api/2.2/jobs/runs/get", handle: getRun },
    { operationId: "GetRunOutput", method: "GET", path: "/api/2.2/jobs/runs/get-output", handle: getRunOutput },
    { operationId: "CancelRun", method: "POST", path: "/api/2.2/jobs/runs/cancel", handle: cancelRun },
    { operationId: "ListRuns", method: "GET", path: "/api/2.2/jobs/runs/list", handle: listRuns },
    { operationId: "ListWarehouses", method: "GET", path: "/api/2.0/sql/warehouses", handle: listWarehouses },
    { operationId: "ExecuteStatement", method: "POST", path: "/api/2.0/sql/statements", handle: executeStatement },
    {
        operationId: "GetStatement",
        method: "GET",
        path: "/api/2.0/sql/statements/{statement_id}",
        handle: getStatement,
    },
    {
        operationId: "GetStatementResultChunk",
        method: "GET",
        path: "/api/2.0/sql/statements/{statement_id}/result/chunks/{chunk_index}",
        handle: getStatementResultChunk,
    },
    {
        operationId: "CancelStatement",
        method: "POST",
        path: "/api/2.0/sql/statements/{statement_id}/cancel",
        handle: cancelStatement,
    },
];

/** The Databricks operations the connector declares, by the connector's operationId. */
export const ROUTES_BY_OPERATION: Record<string, { method: "GET" | "POST"; path: string }> = Object.fromEntries(
    API_ROUTES.map(({ operationId, method, path }) => [operationId, { method, path }]),
);

const PATTERNS = API_ROUTES.map((route) => ({
    route,
    pattern: new RegExp(`^${route.path.replace(/\{[^}]+\}/g, "([^/]+)").replace(/\./g, "\\.")}$`),
}));

export interface RouteMatch {
    route: ApiRoute;
    /** The path parameters as they stand in the URL, still percent-encoded. */
    segments: string[];
}

/** The operation at a path, whatever the method: faults and the request log name it even when the method is wrong. */
export function findRoute(path: string): RouteMatch | undefined {
    for (const { route, pattern } of PATTERNS) {
        const match = pattern.exec(path);
        if (match) return { route, segments: match.slice(1) };
    }
    return undefined;
}

/**
 * The 200 body of the operation a request names; throws ApiError for Databricks' error answers,
 * 404 ENDPOINT_NOT_FOUND when no operation has this method and path.
 */
export async function callRoute(
    found: RouteMatch | undefined,
    method: string,
    path: string,
    request: Omit<ApiRequest, "params">,
    workspace: Workspace,
): Promise<unknown> {
    if (!found || found.route.method !== method) {
        throw new ApiError(404, "ENDPOINT_NOT_FOUND", `No API found for '${method} ${path.replace(/^\/api/, "")}'`);
    }
    const params = found.segments.map(decodePathSegment);
    return found.route.handle({ ...request, params }, workspace);
}
