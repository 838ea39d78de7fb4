/** runs/get results as Databricks returns them (Jobs API 2.2), trimmed to what the control reads. */

export const RUN_PAGE_URL = "https://adb-1234567890123456.7.azuredatabricks.net/?o=1234567890123456#job/11/run/22";

export function runJson(runId: number, fields: Record<string, unknown>): string {
    return JSON.stringify({ job_id: 11, run_id: runId, run_page_url: RUN_PAGE_URL, ...fields });
}

export const queued = (runId: number) =>
    runJson(runId, {
        start_time: 1_700_000_000_000,
        status: {
            state: "QUEUED",
            queue_details: { code: "ACTIVE_RUNS_LIMIT_REACHED", message: "Waiting for a slot." },
        },
        state: { life_cycle_state: "QUEUED", state_message: "" },
    });

export const running = (runId: number) =>
    runJson(runId, {
        start_time: 1_700_000_000_000,
        status: { state: "RUNNING" },
        state: { life_cycle_state: "RUNNING", state_message: "In run" },
    });

export const succeeded = (runId: number) =>
    runJson(runId, {
        start_time: 1_700_000_000_000,
        end_time: 1_700_000_095_000,
        run_duration: 95_000,
        status: { state: "TERMINATED", termination_details: { code: "SUCCESS", type: "SUCCESS", message: "" } },
        state: { life_cycle_state: "TERMINATED", result_state: "SUCCESS", state_message: "" },
    });

export const failed = (runId: number, message = "Notebook raised: division by zero") =>
    runJson(runId, {
        start_time: 1_700_000_000_000,
        end_time: 1_700_000_030_000,
        status: {
            state: "TERMINATED",
            termination_details: { code: "RUN_EXECUTION_ERROR", type: "CLIENT_ERROR", message },
        },
        state: { life_cycle_state: "TERMINATED", result_state: "FAILED", state_message: message },
    });
