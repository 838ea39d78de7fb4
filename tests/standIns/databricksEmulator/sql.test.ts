import { manualClock, ManualClock } from "../../../tools/standIns/databricksEmulator/clock";
import { SEED_WAREHOUSES } from "../../../tools/standIns/databricksEmulator/seed";
import { startEmulator, RunningEmulator } from "../../../tools/standIns/databricksEmulator/server";
import { KNOWN_USER } from "../../../tools/standIns/databricksEmulator/tokens";
import { get, post } from "./helpers";

const WAREHOUSE = SEED_WAREHOUSES[0].id;

describe("SQL statements in the emulator", () => {
    let emulator: RunningEmulator;
    let clock: ManualClock;
    beforeEach(async () => {
        clock = manualClock();
        emulator = await startEmulator({ now: clock.now, statementTimings: { pendingMs: 100, runningMs: 200 } });
    });
    afterEach(() => emulator.close());

    const execute = (body: Record<string, unknown>) =>
        post(emulator, "/api/2.0/sql/statements", { warehouse_id: WAREHOUSE, ...body });

    it("lists the seeded warehouses", async () => {
        const answer = await get(emulator, "/api/2.0/sql/warehouses");
        expect(answer.status).toBe(200);
        expect(
            answer.json.warehouses.map((warehouse: { id: string; name: string }) => [warehouse.id, warehouse.name]),
        ).toEqual(SEED_WAREHOUSES.map((warehouse) => [warehouse.id, warehouse.name]));
    });

    it("goes PENDING, RUNNING, SUCCEEDED and returns literals and named parameters as strings in JSON_ARRAY", async () => {
        const submitted = await execute({
            statement:
                "SELECT 1 AS one, 'text' AS word, 2.50 AS price, TRUE AS yes, NULL AS nothing, :region AS region, :n AS n, current_user() AS who",
            parameters: [
                { name: "region", value: "emea" },
                { name: "n", value: "42", type: "INT" },
            ],
            wait_timeout: "0s",
        });
        expect(submitted.status).toBe(200);
        expect(submitted.json.status).toEqual({ state: "PENDING" });
        const id = submitted.json.statement_id as string;
        clock.advance(100);
        expect((await get(emulator, `/api/2.0/sql/statements/${id}`)).json.status.state).toBe("RUNNING");
        clock.advance(200);
        const done = (await get(emulator, `/api/2.0/sql/statements/${id}`)).json;
        expect(done.status).toEqual({ state: "SUCCEEDED" });
        expect(done.result.data_array).toEqual([["1", "text", "2.50", "true", null, "emea", "42", KNOWN_USER]]);
        expect(
            done.manifest.schema.columns.map((column: { name: string; type_name: string }) => [
                column.name,
                column.type_name,
            ]),
        ).toEqual([
            ["one", "INT"],
            ["word", "STRING"],
            ["price", "DECIMAL"],
            ["yes", "BOOLEAN"],
            ["nothing", "NULL"],
            ["region", "STRING"],
            ["n", "INT"],
            ["who", "STRING"],
        ]);
        expect(done.manifest).toMatchObject({
            format: "JSON_ARRAY",
            total_row_count: 1,
            total_chunk_count: 1,
            truncated: false,
        });
    });

    it("reads a seeded table with WHERE and LIMIT, every value a string", async () => {
        clock.advance(0);
        const submitted = await execute({
            statement: "SELECT * FROM main.default.sales WHERE region = :region LIMIT 5",
            parameters: [{ name: "region", value: "amer" }],
            wait_timeout: "0s",
        });
        clock.advance(1000);
        const done = (await get(emulator, `/api/2.0/sql/statements/${submitted.json.statement_id}`)).json;
        expect(done.result.data_array).toEqual([
            ["1002", "amer", "75.00", "2026-11-25", "false"],
            ["1005", "amer", "999.99", "2026-11-27", "true"],
        ]);
        for (const row of done.result.data_array as unknown[][])
            for (const value of row) expect(typeof value === "string" || value === null).toBe(true);
    });

    it("fails an unknown table with HTTP 200, state FAILED and Databricks' error", async () => {
        const submitted = await execute({ statement: "SELECT * FROM nowhere", wait_timeout: "0s" });
        expect(submitted.status).toBe(200);
        clock.advance(1000);
        const answer = await get(emulator, `/api/2.0/sql/statements/${submitted.json.statement_id}`);
        expect(answer.status).toBe(200);
        expect(answer.json.status.state).toBe("FAILED");
        expect(answer.json.status.error.error_code).toBe("BAD_REQUEST");
        expect(answer.json.status.error.message).toMatch(
            /^\[TABLE_OR_VIEW_NOT_FOUND\] The table or view `nowhere` cannot be found/,
        );
        expect(answer.json.manifest).toBeUndefined();
    });

    it("fails a syntax error and an unbound parameter the same way", async () => {
        const syntax = await execute({ statement: "SELEKT 1", wait_timeout: "0s" });
        const unbound = await execute({ statement: "SELECT :missing", wait_timeout: "0s" });
        clock.advance(1000);
        expect(
            (await get(emulator, `/api/2.0/sql/statements/${syntax.json.statement_id}`)).json.status.error.message,
        ).toMatch(/^\[PARSE_SYNTAX_ERROR\]/);
        expect(
            (await get(emulator, `/api/2.0/sql/statements/${unbound.json.statement_id}`)).json.status.error.message,
        ).toMatch(/^\[UNBOUND_SQL_PARAMETER\].*missing/);
    });

    it("waits up to wait_timeout, then continues, or cancels with on_wait_timeout CANCEL", async () => {
        // The server holds the request while the statement runs; the test clock moves time on.
        const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 60));
        const waited = execute({ statement: "SELECT 1", wait_timeout: "5s" });
        await pause();
        clock.advance(300);
        const waitedAnswer = await waited;
        expect(waitedAnswer.json.status.state).toBe("SUCCEEDED");
        expect(waitedAnswer.json.result.data_array).toEqual([["1"]]);

        const continued = execute({
            statement: "SELECT 2 /* emulator: pending_ms=60000 */",
            wait_timeout: "5s",
            on_wait_timeout: "CONTINUE",
        });
        await pause();
        clock.advance(4000);
        await pause();
        expect(
            emulator.requests.filter((entry) => entry.operationId === "ExecuteStatement" && entry.status === 0),
        ).toHaveLength(1);
        clock.advance(1000);
        const continuedAnswer = await continued;
        expect(continuedAnswer.json.status.state).toBe("PENDING");
        clock.advance(60_000);
        expect(
            (await get(emulator, `/api/2.0/sql/statements/${continuedAnswer.json.statement_id}`)).json.status.state,
        ).toBe("SUCCEEDED");

        const canceled = execute({
            statement: "SELECT 3 /* emulator: running_ms=60000 */",
            wait_timeout: "5s",
            on_wait_timeout: "CANCEL",
        });
        await pause();
        clock.advance(5000);
        expect((await canceled).json.status.state).toBe("CANCELED");
    });

    it("cancels a running statement", async () => {
        const submitted = await execute({ statement: "SELECT 1", wait_timeout: "0s" });
        const id = submitted.json.statement_id as string;
        clock.advance(150);
        const cancel = await post(emulator, `/api/2.0/sql/statements/${id}/cancel`, {});
        expect(cancel.status).toBe(200);
        clock.advance(10_000);
        expect((await get(emulator, `/api/2.0/sql/statements/${id}`)).json.status).toEqual({ state: "CANCELED" });
    });

    it("splits a large result into chunks, follows next_chunk_index, and honours row_limit", async () => {
        const submitted = await execute({ statement: "SELECT n, square FROM numbers", wait_timeout: "0s" });
        const id = submitted.json.statement_id as string;
        clock.advance(1000);
        const first = (await get(emulator, `/api/2.0/sql/statements/${id}`)).json;
        expect(first.manifest).toMatchObject({ total_row_count: 250, total_chunk_count: 3 });
        expect(first.result).toMatchObject({
            chunk_index: 0,
            row_offset: 0,
            row_count: 100,
            next_chunk_index: 1,
            next_chunk_internal_link: `/api/2.0/sql/statements/${id}/result/chunks/1`,
        });
        const last = (await get(emulator, `/api/2.0/sql/statements/${id}/result/chunks/2`)).json;
        expect(last).toMatchObject({ chunk_index: 2, row_offset: 200, row_count: 50 });
        expect(last.next_chunk_index).toBeUndefined();
        expect(last.data_array[49]).toEqual(["250", "62500"]);
        expect((await get(emulator, `/api/2.0/sql/statements/${id}/result/chunks/3`)).status).toBe(400);

        const limited = await execute({ statement: "SELECT * FROM numbers", row_limit: 10, wait_timeout: "0s" });
        clock.advance(1000);
        const limitedDone = (await get(emulator, `/api/2.0/sql/statements/${limited.json.statement_id}`)).json;
        expect(limitedDone.manifest).toMatchObject({ total_row_count: 10, truncated: true });
    });

    it("refuses bad requests with HTTP 400, and an unknown statement with 404", async () => {
        expect((await execute({ statement: "SELECT 1", wait_timeout: "3s" })).status).toBe(400);
        expect((await execute({ statement: "SELECT 1", wait_timeout: "51s" })).status).toBe(400);
        expect((await post(emulator, "/api/2.0/sql/statements", { statement: "SELECT 1" })).json).toEqual({
            error_code: "INVALID_PARAMETER_VALUE",
            message: "Missing required field: warehouse_id",
        });
        expect((await execute({ statement: "SELECT 1", warehouse_id: "nope" })).status).toBe(400);
        const unknown = await get(emulator, "/api/2.0/sql/statements/00000000-0000-0000-0000-000000000000");
        expect(unknown.status).toBe(404);
        expect(unknown.json.error_code).toBe("NOT_FOUND");
    });
});
