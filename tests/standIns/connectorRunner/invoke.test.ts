import { manualClock, ManualClock } from "../../../tools/standIns/databricksEmulator/clock";
import { SEED_JOBS, SEED_WAREHOUSES } from "../../../tools/standIns/databricksEmulator/seed";
import { startEmulator, RunningEmulator } from "../../../tools/standIns/databricksEmulator/server";
import { mintTestToken, UNKNOWN_USER } from "../../../tools/standIns/databricksEmulator/tokens";
import { invokeOperation, InvokeRequest, RunnerResult } from "../../../tools/standIns/connectorRunner/invoke";

const { nightlySalesLoad, dailyRefreshPipeline, longExport, archivePartitions } = SEED_JOBS;

describe("the connector runner against the emulator", () => {
    let emulator: RunningEmulator;
    let clock: ManualClock;
    beforeEach(async () => {
        clock = manualClock();
        emulator = await startEmulator({ now: clock.now, statementTimings: { pendingMs: 0, runningMs: 0 } });
    });
    afterEach(() => emulator.close());

    const invoke = (
        operationId: string,
        params: Record<string, unknown> = {},
        extra: Partial<InvokeRequest> = {},
    ): Promise<RunnerResult> =>
        invokeOperation({ operationId, host: emulator.baseUrl, token: emulator.token(), params, ...extra });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const body = (result: RunnerResult): any => {
        if (!result.ok) throw new Error(`expected success, got ${result.error}`);
        return result.body;
    };

    it("runs every operation of the connector", async () => {
        expect(body(await invoke("ListJobs", { limit: "2" })).jobs).toHaveLength(2);
        expect(body(await invoke("GetJob", { job_id: nightlySalesLoad.job_id })).settings.name).toBe(
            "Nightly sales load",
        );
        const schema = body(await invoke("GetJobParametersSchema", { job_id: nightlySalesLoad.job_id }));
        expect(Object.keys(schema.schema.properties)).toEqual(["region", "as_of"]);

        const started = body(await invoke("RunNow", { job_id: dailyRefreshPipeline.job_id, idempotency_token: "t-1" }));
        const run = body(await invoke("GetRun", { run_id: String(started.run_id) }));
        expect(run.status.state).toBe("QUEUED");
        clock.advance(60_000);
        const ended = body(await invoke("GetRun", { run_id: started.run_id }));
        expect(ended.state.result_state).toBe("FAILED");
        const taskOutput = body(await invoke("GetRunOutput", { run_id: ended.tasks[0].run_id }));
        expect(taskOutput.notebook_output.result).toBe("ingested 42 files");
        const runs = body(await invoke("ListRuns", { job_id: dailyRefreshPipeline.job_id, completed_only: "true" }));
        expect(runs.runs.map((item: { run_id: number }) => item.run_id)).toEqual([started.run_id]);

        const long = body(await invoke("RunNow", { job_id: longExport.job_id }));
        clock.advance(1000);
        const cancel = await invoke("CancelRun", { run_id: long.run_id });
        expect(cancel).toMatchObject({ ok: true, status: 200, body: {} });
        expect(body(await invoke("GetRun", { run_id: long.run_id })).status.state).toBe("TERMINATING");

        const warehouses = body(await invoke("ListWarehouses"));
        expect(warehouses.warehouses[0].id).toBe(SEED_WAREHOUSES[0].id);
        const statement = body(
            await invoke("ExecuteStatement", {
                warehouse_id: SEED_WAREHOUSES[0].id,
                statement: "SELECT * FROM numbers WHERE n = :n",
                parameters: '[{"name": "n", "value": "7", "type": "INT"}]',
            }),
        );
        expect(statement.status.state).toBe("SUCCEEDED");
        expect(statement.result.data_array).toEqual([["7", "49"]]);
        const big = body(
            await invoke("ExecuteStatement", {
                warehouse_id: SEED_WAREHOUSES[0].id,
                statement: "SELECT * FROM numbers",
                wait_timeout: "0s",
            }),
        );
        const fetched = body(await invoke("GetStatement", { statement_id: big.statement_id }));
        expect(fetched.manifest.total_chunk_count).toBe(3);
        const chunk = body(
            await invoke("GetStatementResultChunk", { statement_id: big.statement_id, chunk_index: "1" }),
        );
        expect(chunk).toMatchObject({ chunk_index: 1, row_offset: 100, row_count: 100 });
        expect((await invoke("CancelStatement", { statement_id: big.statement_id })).ok).toBe(true);
    });

    it("fills in the definition's defaults and sends the bearer token", async () => {
        const seen: Array<{ url: string; headers: Record<string, string>; body?: string }> = [];
        const recorder: typeof fetch = async (url, init) => {
            seen.push({
                url: String(url),
                headers: init?.headers as Record<string, string>,
                body: init?.body as string,
            });
            return fetch(url, init);
        };
        const token = emulator.token();
        await invokeOperation({
            operationId: "ExecuteStatement",
            host: emulator.baseUrl,
            token,
            params: { warehouse_id: "x", statement: "SELECT 1" },
            fetchImpl: recorder,
        });
        expect(JSON.parse(seen[0].body as string)).toEqual({
            warehouse_id: "x",
            statement: "SELECT 1",
            wait_timeout: "30s",
            on_wait_timeout: "CONTINUE",
            disposition: "INLINE",
            format: "JSON_ARRAY",
        });
        expect(seen[0].headers.Authorization).toBe(`Bearer ${token}`);
        expect(seen[0].headers["Content-Type"]).toBe("application/json");
        expect(seen[0].url).toBe(`${emulator.baseUrl}/api/2.0/sql/statements`);
    });

    it("names a missing required parameter, an unknown one and a value of the wrong type, and sends nothing", async () => {
        const before = emulator.requests.length;
        expect(await invoke("GetRun")).toMatchObject({
            ok: false,
            status: 0,
            attempts: 0,
            error: "Missing required parameter run_id (query) of GetRun.",
        });
        expect((await invoke("RunNow", {})).error).toBe("Missing required parameter job_id (body) of RunNow.");
        expect((await invoke("ExecuteStatement", { warehouse_id: "w" })).error).toBe(
            "Missing required parameter statement (body) of ExecuteStatement.",
        );
        expect((await invoke("GetRun", { run_id: "1", runid: "2" })).error).toMatch(
            /^Unknown parameter runid for GetRun\. It takes: run_id, /,
        );
        expect((await invoke("GetRun", { run_id: "abc" })).error).toBe(
            'run_id (query) must be a whole number, not "abc".',
        );
        expect((await invoke("GetRun", { run_id: "1", include_history: "maybe" })).error).toBe(
            'include_history (query) must be true or false, not "maybe".',
        );
        expect((await invoke("ListJobs", { limit: "500" })).error).toBe("limit (query) must be at most 100, not 500.");
        expect(
            (await invoke("ExecuteStatement", { warehouse_id: "w", statement: "S", wait_timeout: "70s" })).error,
        ).toMatch(/^wait_timeout \(body\) must match/);
        expect((await invoke("RunNow", { job_id: "1", job_parameters: "{not json" })).error).toMatch(
            /^job_parameters \(body\) must be JSON text/,
        );
        expect((await invoke("RunNow", { job_id: "1", job_parameters: '{"a": 1}' })).error).toBe(
            "The request body of RunNow does not match the connector's definition: /job_parameters/a: must be string",
        );
        expect((await invoke("NoSuchOperation")).error).toMatch(
            /^Unknown operation NoSuchOperation\. The connector has: ListJobs, /,
        );
        expect(emulator.requests.length).toBe(before);
    });

    it("keeps int64 IDs above 2^53 exact on the way out and back, through the custom code too", async () => {
        const started = await invoke("RunNow", {
            job_id: archivePartitions.job_id,
            job_parameters_json: '{"partition": "2026-09"}',
        });
        expect(started.ok).toBe(true);
        const run = body(await invoke("GetRun", { run_id: (started.body as { run_id: number }).run_id }));
        expect(run.job_id).toBe(9007199254740993n);
        expect(run.job_parameters).toEqual([{ name: "partition", default: "2026-10", value: "2026-09" }]);
        expect(body(await invoke("GetJob", { job_id: 9007199254740993n })).job_id).toBe(9007199254740993n);
        expect((await invoke("GetJob", { job_id: Number("9007199254740993") })).error).toMatch(/above 2\^53/);
    });

    it("turns job_parameters_json into job_parameters, as script.csx does", async () => {
        const started = body(
            await invoke("RunNow", {
                job_id: nightlySalesLoad.job_id,
                job_parameters_json: '{"region": "amer", "as_of": "2026-11-27"}',
            }),
        );
        const run = body(await invoke("GetRun", { run_id: started.run_id }));
        expect(run.job_parameters).toEqual([
            { name: "region", default: "emea", value: "amer" },
            { name: "as_of", default: "latest", value: "2026-11-27" },
        ]);
    });

    it("refuses job_parameters_json that is not an object of text with the custom code's 400, before Databricks sees it", async () => {
        const cases: Array<[string, string]> = [
            [
                "{not json",
                'job_parameters_json must be a JSON object whose values are text, such as {"region": "emea"}, but it is not valid JSON.',
            ],
            [
                '["emea"]',
                'job_parameters_json must be a JSON object whose values are text, such as {"region": "emea"}, but it is an array instead of an object.',
            ],
            [
                '{"region": 5}',
                'job_parameters_json must be a JSON object whose values are text, such as {"region": "emea"}, but the value of "region" is a number.',
            ],
        ];
        for (const [text, message] of cases) {
            const result = await invoke("RunNow", { job_id: nightlySalesLoad.job_id, job_parameters_json: text });
            expect(result).toMatchObject({
                ok: false,
                status: 400,
                attempts: 0,
                body: { error_code: "INVALID_PARAMETER_VALUE", message },
            });
            expect(result.error).toBe(`HTTP 400 INVALID_PARAMETER_VALUE: ${message}`);
        }
        const both = await invoke("RunNow", {
            job_id: nightlySalesLoad.job_id,
            job_parameters_json: '{"region": "amer"}',
            job_parameters: '{"region": "apac"}',
        });
        expect(both.error).toBe(
            "HTTP 400 INVALID_PARAMETER_VALUE: Give the job parameters either in job_parameters or in job_parameters_json, not in both.",
        );
        expect(emulator.jobs.runs.size).toBe(0);
    });

    it("reports Databricks' JSON errors with the status, error_code and message", async () => {
        const result = await invoke("GetRun", { run_id: "42" });
        expect(result).toMatchObject({
            ok: false,
            status: 400,
            attempts: 1,
            error: "HTTP 400 INVALID_PARAMETER_VALUE: Run 42 does not exist.",
        });
        const parent = await invoke("RunNow", { job_id: dailyRefreshPipeline.job_id });
        const output = await invoke("GetRunOutput", { run_id: (parent.body as { run_id: number }).run_id });
        expect(output.error).toMatch(
            /^HTTP 400 INVALID_PARAMETER_VALUE: Retrieving the output of runs with multiple tasks is not supported/,
        );
        const noToken = await invokeOperation({ operationId: "ListJobs", host: emulator.baseUrl, token: "   " });
        expect(noToken.error).toMatch(/^No token/);
    });

    it("turns the gateway's HTML 403 and 400 into readable errors", async () => {
        const unknownUser = await invoke("ListJobs", {}, { token: mintTestToken({ upn: UNKNOWN_USER }) });
        expect(unknownUser).toMatchObject({
            ok: false,
            status: 403,
            error: "HTTP 403 (an HTML page, not JSON): User not authorized.",
        });
        expect(unknownUser.body).toContain("<h2>HTTP ERROR 403</h2>");
        const wrongAudience = await invoke(
            "ListJobs",
            {},
            { token: mintTestToken({ aud: "00000003-0000-0000-c000-000000000000" }) },
        );
        expect(wrongAudience.error).toBe(
            "HTTP 400 (an HTML page, not JSON): io.jsonwebtoken.IncorrectClaimException: Expected aud claim to be: 2ff814a6-3304-4ab8-85cb-cd0e6f879c1d, but was: 00000003-0000-0000-c000-000000000000.",
        );
        const noBearer = await invoke(
            "ListJobs",
            {},
            { fetchImpl: (url, init) => fetch(url, { ...init, headers: {} }) },
        );
        expect(noBearer.error).toMatch(/^HTTP 401: Credential was not sent/);
    });

    it("reports an answer that does not match the response schema, naming the JSON pointer", async () => {
        emulator.faults.add({ match: { operationId: "GetRun" }, fault: { kind: "malformed" }, times: 1 });
        const result = await invoke("GetRun", { run_id: "1" });
        expect(result.ok).toBe(false);
        expect(result.status).toBe(200);
        expect(result.error).toMatch(/^The response of GetRun does not match the connector's response schema: /);
        expect(result.error).toContain("/run_id: must be integer");
        expect(result.error).toContain("/status/state: must be equal to one of the allowed values");

        const fake: typeof fetch = async () =>
            new Response(JSON.stringify({ jobs: [{ job_id: 1, settings: { parameters: [{ name: 5 }] } }] }), {
                status: 200,
                headers: { "Content-Type": "application/json" },
            });
        const faked = await invoke("ListJobs", {}, { fetchImpl: fake });
        expect(faked.error).toBe(
            "The response of ListJobs does not match the connector's response schema: /jobs/0/settings/parameters/0/name: must be string",
        );
        const html: typeof fetch = async () =>
            new Response("<html><body>Maintenance</body></html>", {
                status: 200,
                headers: { "Content-Type": "text/html" },
            });
        expect((await invoke("ListJobs", {}, { fetchImpl: html })).error).toBe(
            "HTTP 200: the answer is not JSON but text/html: Maintenance",
        );
    });
});

describe("retries of the connector runner", () => {
    let emulator: RunningEmulator;
    let waits: number[];
    beforeEach(async () => {
        emulator = await startEmulator();
        waits = [];
    });
    afterEach(() => emulator.close());

    const invoke = (
        operationId: string,
        params: Record<string, unknown>,
        extra: Partial<InvokeRequest> = {},
    ): Promise<RunnerResult> =>
        invokeOperation({
            operationId,
            host: emulator.baseUrl,
            token: emulator.token(),
            params,
            sleep: async (ms) => {
                waits.push(ms);
            },
            ...extra,
        });

    it("honours Retry-After through a 429 storm, then succeeds with one run", async () => {
        emulator.faults.add({
            match: { operationId: "RunNow" },
            fault: { kind: "status", status: 429, retryAfterSeconds: 2 },
            times: 3,
        });
        const result = await invoke("RunNow", { job_id: nightlySalesLoad.job_id, idempotency_token: "storm" });
        expect(result).toMatchObject({ ok: true, status: 200, attempts: 4 });
        expect(waits).toEqual([2000, 2000, 2000]);
        expect(emulator.jobs.runs.size).toBe(1);
    });

    it("gives up after the bounded number of retries, or when the waits would exceed the budget", async () => {
        emulator.faults.add({
            match: { operationId: "GetJob" },
            fault: { kind: "status", status: 429, retryAfterSeconds: 1 },
        });
        const result = await invoke("GetJob", { job_id: nightlySalesLoad.job_id }, { maxRetries: 2 });
        expect(result).toMatchObject({ ok: false, status: 429, attempts: 3 });
        expect(result.error).toMatch(/^HTTP 429 REQUEST_LIMIT_EXCEEDED: .* \(gave up after 3 attempts\)$/);
        expect(waits).toEqual([1000, 1000]);

        waits = [];
        emulator.faults.clear();
        emulator.faults.add({
            match: { operationId: "GetJob" },
            fault: { kind: "status", status: 429, retryAfterSeconds: 3600 },
        });
        const patient = await invoke("GetJob", { job_id: nightlySalesLoad.job_id }, { maxTotalWaitMs: 10_000 });
        expect(patient.attempts).toBe(1);
        expect(patient.error).toContain("would exceed the 10000 ms retry budget");
        expect(waits).toEqual([]);
    });

    it("retries a 503, with a back-off when there is no Retry-After", async () => {
        emulator.faults.add({
            match: { operationId: "ListWarehouses" },
            fault: { kind: "status", status: 503 },
            times: 2,
        });
        const result = await invoke("ListWarehouses", {});
        expect(result).toMatchObject({ ok: true, attempts: 3 });
        expect(waits).toEqual([1000, 2000]);
    });

    it("does not retry other errors", async () => {
        emulator.faults.add({
            match: { operationId: "ListWarehouses" },
            fault: { kind: "status", status: 500 },
            times: 1,
        });
        const result = await invoke("ListWarehouses", {});
        expect(result).toMatchObject({
            ok: false,
            status: 500,
            attempts: 1,
            error: "HTTP 500 INTERNAL_ERROR: Internal error. Please try again later.",
        });
    });

    it("retries a dropped connection for a GET and for a run-now with an idempotency token, not without one", async () => {
        emulator.faults.add({ match: { operationId: "GetJob" }, fault: { kind: "drop" }, times: 1 });
        expect(await invoke("GetJob", { job_id: nightlySalesLoad.job_id })).toMatchObject({ ok: true, attempts: 2 });

        emulator.faults.add({ match: { operationId: "RunNow" }, fault: { kind: "drop" }, times: 2 });
        const unsafe = await invoke("RunNow", { job_id: nightlySalesLoad.job_id });
        expect(unsafe).toMatchObject({ ok: false, status: 0, attempts: 1 });
        expect(unsafe.error).toMatch(/^The request to http:\/\/127\.0\.0\.1:\d+ failed: .* \(after 1 attempt\)$/);
        const safe = await invoke("RunNow", { job_id: nightlySalesLoad.job_id, idempotency_token: "dropped" });
        expect(safe).toMatchObject({ ok: true, attempts: 2 });
        expect(emulator.jobs.runs.size).toBe(1);
    });

    it("waits out a slow answer", async () => {
        emulator.faults.add({
            match: { operationId: "ListWarehouses" },
            fault: { kind: "slow", delayMs: 200 },
            times: 1,
        });
        const started = Date.now();
        expect((await invoke("ListWarehouses", {})).ok).toBe(true);
        expect(Date.now() - started).toBeGreaterThanOrEqual(190);
        const timedOut = await invoke(
            "ListWarehouses",
            {},
            {
                timeoutMs: 50,
                maxRetries: 0,
                fetchImpl: async (url, init) => {
                    await new Promise((resolve) => setTimeout(resolve, 100));
                    return fetch(url, init);
                },
            },
        );
        expect(timedOut.ok).toBe(false);
    });
});
