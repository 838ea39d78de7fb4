import { randomUUID } from "node:crypto";
import { ApiError, invalidParameter } from "../apiError";
import { Clock } from "../clock";
import { DEFAULT_ROWS_PER_CHUNK, TableSpec, WarehouseSpec } from "../seed";
import { Cell } from "./columns";
import { evaluate, Outcome } from "./queryEngine";
import { ExecuteRequest, parseExecuteRequest } from "./statementRequest";

/**
 * SQL warehouses and the Statement Execution API: statements and their states, cancelling, and
 * results in chunks. A statement is PENDING, then RUNNING, then done, by the clock; its outcome is
 * known when it is submitted. A failing statement is HTTP 200 with status.state FAILED.
 */

export interface StatementTimings {
    pendingMs: number;
    runningMs: number;
}

export const DEFAULT_STATEMENT_TIMINGS: StatementTimings = { pendingMs: 100, runningMs: 200 };

export type StatementState = "PENDING" | "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELED";

interface StatementRecord {
    id: string;
    warehouseId: string;
    createdAt: number;
    timings: StatementTimings;
    outcome: Outcome;
    canceledAt?: number;
}

interface Chunk {
    index: number;
    offset: number;
    rows: Cell[][];
}

export class SqlStore {
    readonly warehouses: WarehouseSpec[];
    readonly tables = new Map<string, TableSpec>();
    readonly statements = new Map<string, StatementRecord>();
    timings: StatementTimings = { ...DEFAULT_STATEMENT_TIMINGS };
    rowsPerChunk = DEFAULT_ROWS_PER_CHUNK;

    constructor(
        private readonly now: Clock,
        warehouses: WarehouseSpec[],
        tables: TableSpec[],
    ) {
        this.warehouses = structuredClone(warehouses);
        for (const table of tables) this.addTable(table);
    }

    addTable(table: TableSpec): void {
        this.tables.set(table.name.toLowerCase(), structuredClone(table));
    }

    listWarehouses(): unknown {
        return { warehouses: this.warehouses.map(describeWarehouse) };
    }

    /** Validates the request and creates the statement (HTTP errors throw ApiError). */
    submit(request: ExecuteRequest, user: string): { id: string; waitMs: number; cancelOnTimeout: boolean } {
        const { warehouseId, statement, waitMs, cancelOnTimeout, ...query } = parseExecuteRequest(
            request,
            this.warehouses,
        );
        const outcome = evaluate(statement, { ...query, user, tables: this.tables });
        const id = randomUUID();
        this.statements.set(id, {
            id,
            warehouseId,
            createdAt: this.now(),
            timings: { ...this.timings, ...timingHint(statement) },
            outcome,
        });
        return { id, waitMs, cancelOnTimeout };
    }

    stateOf(id: string): StatementState {
        const record = this.require(id);
        const now = this.now();
        if (record.canceledAt !== undefined) return "CANCELED";
        if (now < record.createdAt + record.timings.pendingMs) return "PENDING";
        if (now < record.createdAt + record.timings.pendingMs + record.timings.runningMs) return "RUNNING";
        return record.outcome.kind === "rows" ? "SUCCEEDED" : "FAILED";
    }

    cancel(id: string): void {
        const record = this.require(id);
        const state = this.stateOf(id);
        if (state === "PENDING" || state === "RUNNING") record.canceledAt = this.now();
    }

    describe(id: string): unknown {
        const record = this.require(id);
        const state = this.stateOf(id);
        if (state === "FAILED" && record.outcome.kind === "error") {
            return {
                statement_id: id,
                status: { state, error: { error_code: record.outcome.code, message: record.outcome.message } },
            };
        }
        if (state !== "SUCCEEDED" || record.outcome.kind !== "rows") return { statement_id: id, status: { state } };
        const { columns, rows, truncated } = record.outcome;
        const chunks = this.chunksOf(rows);
        return {
            statement_id: id,
            status: { state },
            manifest: {
                format: "JSON_ARRAY",
                schema: {
                    column_count: columns.length,
                    columns: columns.map((column, position) => ({ ...column, position })),
                },
                total_row_count: rows.length,
                total_chunk_count: chunks.length,
                chunks: chunks.map(({ index, offset, rows: chunkRows }) => ({
                    chunk_index: index,
                    row_offset: offset,
                    row_count: chunkRows.length,
                })),
                truncated,
            },
            result: chunkBody(id, chunks, 0),
        };
    }

    chunk(id: string, index: number): unknown {
        const record = this.require(id);
        const state = this.stateOf(id);
        if (state !== "SUCCEEDED" || record.outcome.kind !== "rows") {
            throw new ApiError(400, "BAD_REQUEST", `Statement ${id} has no result to fetch: its state is ${state}.`);
        }
        const chunks = this.chunksOf(record.outcome.rows);
        if (!Number.isInteger(index) || index < 0 || index >= chunks.length) {
            throw invalidParameter(
                `chunk_index ${index} is out of range: statement ${id} has ${chunks.length} chunk(s).`,
            );
        }
        return chunkBody(id, chunks, index);
    }

    /** The rows in chunks of rowsPerChunk; an empty result is one empty chunk. */
    private chunksOf(rows: Cell[][]): Chunk[] {
        const size = Math.max(1, this.rowsPerChunk);
        const chunks: Chunk[] = [];
        for (let offset = 0, index = 0; offset < rows.length || index === 0; offset += size, index += 1) {
            chunks.push({ index, offset, rows: rows.slice(offset, offset + size) });
        }
        return chunks;
    }

    private require(id: string): StatementRecord {
        const record = this.statements.get(id);
        if (!record) throw new ApiError(404, "NOT_FOUND", `Statement ${id} was not found.`);
        return record;
    }
}

function chunkBody(id: string, chunks: Chunk[], index: number): unknown {
    const chunk = chunks[index];
    const hasNext = index + 1 < chunks.length;
    return {
        chunk_index: index,
        row_offset: chunk.offset,
        row_count: chunk.rows.length,
        ...(chunk.rows.length > 0 ? { data_array: chunk.rows } : {}),
        ...(hasNext
            ? {
                  next_chunk_index: index + 1,
                  next_chunk_internal_link: `/api/2.0/sql/statements/${id}/result/chunks/${index + 1}`,
              }
            : {}),
    };
}

function describeWarehouse(warehouse: WarehouseSpec): unknown {
    return {
        id: warehouse.id,
        name: warehouse.name,
        cluster_size: warehouse.cluster_size,
        min_num_clusters: 1,
        max_num_clusters: 1,
        auto_stop_mins: warehouse.auto_stop_mins,
        creator_name: warehouse.creator_name,
        warehouse_type: warehouse.warehouse_type,
        enable_serverless_compute: warehouse.enable_serverless_compute,
        enable_photon: true,
        state: warehouse.state,
        num_clusters: warehouse.state === "RUNNING" ? 1 : 0,
        num_active_sessions: 0,
        jdbc_url: `jdbc:databricks://emulator:443/default;transportMode=http;ssl=1;AuthMech=3;httpPath=/sql/1.0/warehouses/${warehouse.id};`,
        odbc_params: {
            hostname: "emulator",
            path: `/sql/1.0/warehouses/${warehouse.id}`,
            protocol: "https",
            port: 443,
        },
        health: { status: "HEALTHY" },
    };
}

/** A statement may ask the emulator for its own timings: a comment such as  /* emulator: running_ms=3000 *\/. */
function timingHint(statement: string): Partial<StatementTimings> {
    const hint = /\/\*\s*emulator:([^*]*)\*\//.exec(statement);
    if (!hint) return {};
    const result: Partial<StatementTimings> = {};
    for (const [, key, value] of hint[1].matchAll(/(pending_ms|running_ms)\s*=\s*(\d+)/g)) {
        if (key === "pending_ms") result.pendingMs = Number(value);
        else result.runningMs = Number(value);
    }
    return result;
}
