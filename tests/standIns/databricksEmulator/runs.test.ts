import { manualClock, ManualClock } from "../../../tools/standIns/databricksEmulator/clock";
import { SEED_JOBS } from "../../../tools/standIns/databricksEmulator/seed";
import { startEmulator, RunningEmulator } from "../../../tools/standIns/databricksEmulator/server";
import { KNOWN_USER } from "../../../tools/standIns/databricksEmulator/tokens";
import { get, post, runNow } from "./helpers";

const { nightlySalesLoad, churnScoring, dailyRefreshPipeline, warehouseVacuum, longExport, archivePartitions } =
    SEED_JOBS;

describe("jobs and runs in the emulator", () => {
    let emulator: RunningEmulator;
    let clock: ManualClock;
    beforeEach(async () => {
        clock = manualClock();
        emulator = await startEmulator({ now: clock.now });
    });
    afterEach(() => emulator.close());

    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const getRun = async (runId: number | bigint): Promise<any> =>
        (await get(emulator, `/api/2.2/jobs/runs/get?run_id=${runId}`)).json;

    it("takes a run through QUEUED, PENDING, RUNNING, TERMINATING and TERMINATED, with status and state", async () => {
        const start = clock.now();
        const runId = await runNow(emulator, nightlySalesLoad.job_id);
        const { queuedMs, pendingMs, runningMs, terminatingMs } = nightlySalesLoad.durations;
        const seen: Array<[string, string, string | undefined]> = [];
        for (const step of [0, queuedMs, pendingMs, runningMs, terminatingMs]) {
            clock.advance(step);
            const run = await getRun(runId);
            seen.push([run.status.state, run.state.life_cycle_state, run.state.result_state]);
        }
        expect(seen).toEqual([
            ["QUEUED", "QUEUED", undefined],
            ["PENDING", "PENDING", undefined],
            ["RUNNING", "RUNNING", undefined],
            ["TERMINATING", "TERMINATING", undefined],
            ["TERMINATED", "TERMINATED", "SUCCESS"],
        ]);
        const run = await getRun(runId);
        expect(run).toMatchObject({
            job_id: Number(nightlySalesLoad.job_id),
            run_id: runId,
            run_name: "Nightly sales load",
            creator_user_name: KNOWN_USER,
            run_type: "JOB_RUN",
            trigger: "ONE_TIME",
            start_time: start,
            end_time: start + queuedMs + pendingMs + runningMs + terminatingMs,
            queue_duration: queuedMs,
            setup_duration: pendingMs,
            execution_duration: runningMs,
            cleanup_duration: terminatingMs,
            run_duration: queuedMs + pendingMs + runningMs + terminatingMs,
            status: { state: "TERMINATED", termination_details: { code: "SUCCESS", type: "SUCCESS" } },
            state: { life_cycle_state: "TERMINATED", result_state: "SUCCESS", user_cancelled_or_timedout: false },
            job_parameters: [
                { name: "region", default: "emea", value: "emea" },
                { name: "as_of", default: "latest", value: "latest" },
            ],
        });
        expect(run.run_page_url).toBe(
            `https://${emulator.host}/?o=1234567890123456#job/${nightlySalesLoad.job_id}/run/${runId}`,
        );
        expect(run.tasks).toHaveLength(1);
        expect(run.tasks[0]).toMatchObject({
            task_key: "load_sales",
            run_id: runId + 1,
            status: { state: "TERMINATED" },
        });
    });

    it("keeps end_time 0 and durations of unfinished phases 0 while a run goes on, and queue details while queued", async () => {
        const runId = await runNow(emulator, nightlySalesLoad.job_id);
        const queued = await getRun(runId);
        expect(queued.status.queue_details).toMatchObject({ code: "MAX_CONCURRENT_RUNS_REACHED" });
        expect(queued.state.queue_reason).toBeTruthy();
        clock.advance(nightlySalesLoad.durations.queuedMs + nightlySalesLoad.durations.pendingMs + 10);
        const running = await getRun(runId);
        expect(running).toMatchObject({
            end_time: 0,
            run_duration: 0,
            execution_duration: 0,
            queue_duration: 200,
            setup_duration: 400,
        });
        expect(running.status.termination_details).toBeUndefined();
        expect(running.status.queue_details).toBeUndefined();
    });

    it("uses the job parameters given to run-now over the defaults", async () => {
        const runId = await runNow(emulator, nightlySalesLoad.job_id, { job_parameters: { region: "apac" } });
        expect((await getRun(runId)).job_parameters).toEqual([
            { name: "region", default: "emea", value: "apac" },
            { name: "as_of", default: "latest", value: "latest" },
        ]);
        const unknown = await post(emulator, "/api/2.2/jobs/run-now", {
            job_id: Number(nightlySalesLoad.job_id),
            job_parameters: { colour: "red" },
        });
        expect(unknown.status).toBe(400);
        expect(unknown.json.error_code).toBe("INVALID_PARAMETER_VALUE");
        expect(unknown.json.message).toContain("colour");
    });

    it("gives one run for an idempotency token however often it is sent", async () => {
        const first = await runNow(emulator, nightlySalesLoad.job_id, { idempotency_token: "click-1" });
        const again = await runNow(emulator, nightlySalesLoad.job_id, { idempotency_token: "click-1" });
        const other = await runNow(emulator, nightlySalesLoad.job_id, { idempotency_token: "click-2" });
        expect(again).toBe(first);
        expect(other).not.toBe(first);
        expect(emulator.jobs.runs.size).toBe(2);
    });

    it("ends a failing job FAILED with the reason in status and state", async () => {
        const runId = await runNow(emulator, churnScoring.job_id);
        clock.advance(60_000);
        const run = await getRun(runId);
        expect(run.status).toMatchObject({
            state: "TERMINATED",
            termination_details: { code: "RUN_EXECUTION_ERROR", type: "CLIENT_ERROR" },
        });
        expect(run.status.termination_details.message).toContain("ValueError");
        expect(run.state).toMatchObject({
            life_cycle_state: "TERMINATED",
            result_state: "FAILED",
            user_cancelled_or_timedout: false,
        });
        const output = (await get(emulator, `/api/2.2/jobs/runs/get-output?run_id=${runId}`)).json;
        expect(output.error).toContain("ValueError");
        expect(output.error_trace).toBeTruthy();
        expect(output.metadata.run_id).toBe(runId);
    });

    it("ends a job that runs into its timeout TIMEDOUT after timeout_seconds", async () => {
        const runId = await runNow(emulator, warehouseVacuum.job_id);
        const { queuedMs, pendingMs } = warehouseVacuum.durations;
        clock.advance(queuedMs + pendingMs + warehouseVacuum.timeout_seconds * 1000 - 1);
        expect((await getRun(runId)).status.state).toBe("RUNNING");
        clock.advance(1);
        expect((await getRun(runId)).status.state).toBe("TERMINATING");
        clock.advance(10_000);
        const run = await getRun(runId);
        expect(run.state).toMatchObject({ result_state: "TIMEDOUT", user_cancelled_or_timedout: true });
        expect(run.status.termination_details).toMatchObject({ code: "CANCELED" });
        expect(run.execution_duration).toBe(2000);
    });

    it("fails a multi-task run with one failed task, skips what depends on it, and gets output per task only", async () => {
        const runId = await runNow(emulator, dailyRefreshPipeline.job_id);
        clock.advance(600 + 100);
        const running = await getRun(runId);
        expect(running.tasks.map((task: { status: { state: string } }) => task.status.state)).toEqual([
            "RUNNING",
            "RUNNING",
            "BLOCKED",
        ]);
        clock.advance(60_000);
        const run = await getRun(runId);
        expect(run.state.result_state).toBe("FAILED");
        expect(run.status.termination_details.message).toContain("transform");
        expect(run).toMatchObject({ setup_duration: 0, execution_duration: 0, cleanup_duration: 0 });
        expect(run.run_duration).toBeGreaterThan(0);
        const tasks = run.tasks as Array<{
            task_key: string;
            run_id: number;
            state: { result_state: string; life_cycle_state: string };
        }>;
        expect(tasks.map((task) => [task.task_key, task.state.life_cycle_state, task.state.result_state])).toEqual([
            ["ingest", "TERMINATED", "SUCCESS"],
            ["transform", "TERMINATED", "FAILED"],
            ["publish", "SKIPPED", "UPSTREAM_FAILED"],
        ]);

        const parentOutput = await get(emulator, `/api/2.2/jobs/runs/get-output?run_id=${runId}`);
        expect(parentOutput.status).toBe(400);
        expect(parentOutput.json).toEqual({
            error_code: "INVALID_PARAMETER_VALUE",
            message:
                "Retrieving the output of runs with multiple tasks is not supported. You must retrieve the output of each individual task run instead.",
        });
        const ingest = (await get(emulator, `/api/2.2/jobs/runs/get-output?run_id=${tasks[0].run_id}`)).json;
        expect(ingest.notebook_output).toEqual({ result: "ingested 42 files", truncated: false });
        expect(ingest.metadata.run_id).toBe(tasks[0].run_id);
        const transform = (await get(emulator, `/api/2.2/jobs/runs/get-output?run_id=${tasks[1].run_id}`)).json;
        expect(transform.error).toContain("UNRESOLVED_COLUMN");
        const taskRun = await getRun(tasks[1].run_id);
        expect(taskRun).toMatchObject({
            run_id: tasks[1].run_id,
            job_id: Number(dailyRefreshPipeline.job_id),
            state: { result_state: "FAILED" },
        });
    });

    it("cancels asynchronously: the run passes through TERMINATING and ends CANCELED", async () => {
        const runId = await runNow(emulator, longExport.job_id);
        clock.advance(5_000);
        expect((await getRun(runId)).status.state).toBe("RUNNING");
        const cancel = await post(emulator, "/api/2.2/jobs/runs/cancel", { run_id: runId });
        expect(cancel.status).toBe(200);
        expect(cancel.json).toEqual({});
        const terminating = await getRun(runId);
        expect(terminating.status).toMatchObject({
            state: "TERMINATING",
            termination_details: { code: "USER_CANCELED" },
        });
        expect(terminating.state.life_cycle_state).toBe("TERMINATING");
        clock.advance(longExport.durations.terminatingMs);
        const ended = await getRun(runId);
        expect(ended.state).toMatchObject({
            life_cycle_state: "TERMINATED",
            result_state: "CANCELED",
            user_cancelled_or_timedout: true,
        });
        expect(ended.execution_duration).toBe(5_000 - 500);
        // Cancelling again, or cancelling a run that ended, changes nothing.
        expect((await post(emulator, "/api/2.2/jobs/runs/cancel", { run_id: runId })).status).toBe(200);
        expect((await getRun(runId)).state.result_state).toBe("CANCELED");
    });

    it("answers a missing job or run with 400 INVALID_PARAMETER_VALUE, not 404", async () => {
        const cases = [
            await get(emulator, "/api/2.2/jobs/get?job_id=42"),
            await get(emulator, "/api/2.2/jobs/runs/get?run_id=42"),
            await get(emulator, "/api/2.2/jobs/runs/get-output?run_id=42"),
            await post(emulator, "/api/2.2/jobs/run-now", { job_id: 42 }),
            await post(emulator, "/api/2.2/jobs/runs/cancel", { run_id: 42 }),
        ];
        for (const answer of cases) {
            expect(answer.status).toBe(400);
            expect(answer.json.error_code).toBe("INVALID_PARAMETER_VALUE");
            expect(answer.json.message).toMatch(/(Job|Run) 42 does not exist\./);
        }
        const missing = await get(emulator, "/api/2.2/jobs/runs/get");
        expect(missing.json).toEqual({
            error_code: "INVALID_PARAMETER_VALUE",
            message: "Missing required field: run_id",
        });
        const malformed = await post(emulator, "/api/2.2/jobs/run-now", "{not json");
        expect(malformed.status).toBe(400);
        expect(malformed.json.error_code).toBe("MALFORMED_REQUEST");
        const unknownPath = await get(emulator, "/api/2.2/jobs/nothing-here");
        expect(unknownPath.status).toBe(404);
        expect(unknownPath.json.error_code).toBe("ENDPOINT_NOT_FOUND");
        // The connector's script-only operation has no Databricks path: a workspace does not serve it.
        expect(
            (await get(emulator, `/connector/jobs/parameters-schema?job_id=${nightlySalesLoad.job_id}`)).status,
        ).toBe(404);
        expect((await get(emulator, "/api/2.2/jobs/run-now")).status).toBe(404);
        expect((await get(emulator, "/api/2.0/sql/statements/%E0%A4%A")).status).toBe(400);
    });

    it("keeps int64 IDs above 2^53 exact", async () => {
        const answer = await post(emulator, "/api/2.2/jobs/run-now", `{"job_id": ${archivePartitions.job_id}}`);
        expect(answer.status).toBe(200);
        const run = await get(emulator, `/api/2.2/jobs/runs/get?run_id=${answer.json.run_id}`);
        expect(run.text).toContain(`"job_id":${archivePartitions.job_id}`);
        expect(run.json.job_id).toBe(BigInt(archivePartitions.job_id));
        expect((await get(emulator, `/api/2.2/jobs/get?job_id=${archivePartitions.job_id}`)).text).toContain(
            `"job_id":9007199254740993`,
        );
    });

    it("lists jobs a page at a time, by exact name, with tasks on request", async () => {
        const first = (await get(emulator, "/api/2.2/jobs/list?limit=4")).json;
        expect(first.jobs).toHaveLength(4);
        expect(first.has_more).toBe(true);
        expect(first.jobs[0].settings.tasks).toBeUndefined();
        const second = (await get(emulator, `/api/2.2/jobs/list?limit=4&page_token=${first.next_page_token}`)).json;
        expect(second.jobs).toHaveLength(Object.keys(SEED_JOBS).length - 4);
        expect(second.has_more).toBe(false);
        expect(second.prev_page_token).toBeTruthy();
        const named = (await get(emulator, "/api/2.2/jobs/list?name=Daily%20refresh%20pipeline&expand_tasks=true"))
            .json;
        expect(named.jobs.map((job: { settings: { name: string } }) => job.settings.name)).toEqual([
            "Daily refresh pipeline",
        ]);
        expect(named.jobs[0].settings.tasks).toHaveLength(3);
        expect((await get(emulator, "/api/2.2/jobs/list?limit=101")).status).toBe(400);
        const job = (await get(emulator, `/api/2.2/jobs/get?job_id=${nightlySalesLoad.job_id}`)).json;
        expect(job.settings.parameters).toEqual(nightlySalesLoad.parameters);
    });

    it("lists runs newest first, by job, active or completed", async () => {
        const a = await runNow(emulator, nightlySalesLoad.job_id);
        clock.advance(1000);
        const b = await runNow(emulator, churnScoring.job_id);
        clock.advance(1400);
        const c = await runNow(emulator, nightlySalesLoad.job_id);
        const all = (await get(emulator, "/api/2.2/jobs/runs/list")).json;
        expect(all.runs.map((run: { run_id: number }) => run.run_id)).toEqual([c, b, a]);
        const byJob = (await get(emulator, `/api/2.2/jobs/runs/list?job_id=${nightlySalesLoad.job_id}`)).json;
        expect(byJob.runs.map((run: { run_id: number }) => run.run_id)).toEqual([c, a]);
        const completed = (await get(emulator, "/api/2.2/jobs/runs/list?completed_only=true")).json;
        expect(completed.runs.map((run: { run_id: number }) => run.run_id)).toEqual([a]);
        const active = (await get(emulator, "/api/2.2/jobs/runs/list?active_only=true&limit=1&expand_tasks=true")).json;
        expect(active.runs.map((run: { run_id: number }) => run.run_id)).toEqual([c]);
        expect(active.has_more).toBe(true);
        const nextActive = (
            await get(emulator, `/api/2.2/jobs/runs/list?active_only=true&limit=1&page_token=${active.next_page_token}`)
        ).json;
        expect(nextActive.runs.map((run: { run_id: number }) => run.run_id)).toEqual([b]);
        expect(active.runs[0].tasks).toHaveLength(1);
        expect(active.has_more).toBe(true);
        expect((await get(emulator, "/api/2.2/jobs/runs/list?active_only=true&completed_only=true")).status).toBe(400);
    });

    it("lets a test change how a job's runs end and how long they take", async () => {
        emulator.jobs.configureJob(nightlySalesLoad.job_id, { outcome: "failure", durations: { runningMs: 50 } });
        const runId = await runNow(emulator, nightlySalesLoad.job_id);
        clock.advance(200 + 400 + 50 + 200);
        expect((await getRun(runId)).state.result_state).toBe("FAILED");
        expect(emulator.jobs.lifeCycleStateOf(BigInt(runId))).toBe("TERMINATED");
    });
});

describe("the emulator with run durations for browser tests", () => {
    it("plays a run out in real time with the durations given", async () => {
        const emulator = await startEmulator({
            runDurations: { queuedMs: 20, pendingMs: 20, runningMs: 40, terminatingMs: 20 },
        });
        try {
            const runId = await runNow(emulator, nightlySalesLoad.job_id);
            await new Promise((resolve) => setTimeout(resolve, 150));
            const run = (await get(emulator, `/api/2.2/jobs/runs/get?run_id=${runId}`)).json;
            expect(run.state.result_state).toBe("SUCCESS");
        } finally {
            await emulator.close();
        }
    });
});
