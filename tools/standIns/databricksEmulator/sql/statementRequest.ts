import { invalidParameter } from "../apiError";
import { DEFAULT_CATALOG, DEFAULT_SCHEMA, WarehouseSpec } from "../seed";
import { Parameter, parseParameters } from "./statementParameters";

/** The body of ExecuteStatement as it arrives: every field still to be checked. */
export interface ExecuteRequest {
    warehouse_id?: unknown;
    statement?: unknown;
    parameters?: unknown;
    wait_timeout?: unknown;
    on_wait_timeout?: unknown;
    disposition?: unknown;
    format?: unknown;
    row_limit?: unknown;
    catalog?: unknown;
    schema?: unknown;
}

export interface StatementRequest {
    warehouseId: string;
    statement: string;
    parameters: Map<string, Parameter>;
    /** How long the request waits for the statement to finish: 0, or 5 to 50 seconds. */
    waitMs: number;
    /** on_wait_timeout CANCEL: a statement still running when the wait ends is cancelled. */
    cancelOnTimeout: boolean;
    rowLimit?: number;
    catalog: string;
    schema: string;
}

/** The request checked in Databricks' order; the first fault is an HTTP 400 (ApiError). */
export function parseExecuteRequest(request: ExecuteRequest, warehouses: WarehouseSpec[]): StatementRequest {
    const warehouseId = requireString(request.warehouse_id, "warehouse_id");
    const statement = requireString(request.statement, "statement");
    if (!warehouses.some((warehouse) => warehouse.id === warehouseId)) {
        throw invalidParameter(`Warehouse ${warehouseId} does not exist.`);
    }
    const waitMs = parseWaitTimeout(request.wait_timeout);
    const onWaitTimeout = request.on_wait_timeout ?? "CONTINUE";
    if (onWaitTimeout !== "CONTINUE" && onWaitTimeout !== "CANCEL") {
        throw invalidParameter(`on_wait_timeout must be CONTINUE or CANCEL, not ${JSON.stringify(onWaitTimeout)}.`);
    }
    if ((request.disposition ?? "INLINE") !== "INLINE") {
        throw invalidParameter("The emulator serves results with disposition INLINE only.");
    }
    if ((request.format ?? "JSON_ARRAY") !== "JSON_ARRAY") {
        throw invalidParameter("The emulator serves results in format JSON_ARRAY only.");
    }
    const rowLimit = request.row_limit === undefined ? undefined : Number(request.row_limit);
    if (rowLimit !== undefined && (!Number.isInteger(rowLimit) || rowLimit < 0)) {
        throw invalidParameter("row_limit must be a non-negative integer.");
    }
    return {
        warehouseId,
        statement,
        parameters: parseParameters(request.parameters),
        waitMs,
        cancelOnTimeout: onWaitTimeout === "CANCEL",
        rowLimit,
        catalog: typeof request.catalog === "string" && request.catalog !== "" ? request.catalog : DEFAULT_CATALOG,
        schema: typeof request.schema === "string" && request.schema !== "" ? request.schema : DEFAULT_SCHEMA,
    };
}

function requireString(value: unknown, name: string): string {
    if (value === undefined || value === null || value === "")
        throw invalidParameter(`Missing required field: ${name}`);
    if (typeof value !== "string") throw invalidParameter(`${name} must be a string.`);
    return value;
}

/** wait_timeout: "0s", or "5s" to "50s"; Databricks waits 10 seconds when it is left out. */
function parseWaitTimeout(value: unknown): number {
    if (value === undefined || value === null) return 10_000;
    const match = typeof value === "string" ? /^(\d+)s$/.exec(value) : null;
    const seconds = match ? Number(match[1]) : NaN;
    if (!(seconds === 0 || (seconds >= 5 && seconds <= 50))) {
        throw invalidParameter(`wait_timeout must be 0s or between 5s and 50s, but it is ${JSON.stringify(value)}.`);
    }
    return seconds * 1000;
}
