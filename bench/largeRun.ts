import { performance } from "node:perf_hooks";
import { createRunTracker, EMPTY_INPUTS } from "../runModel/runTracker";
import { VirtualClock } from "./virtualClock";

export const ONE_MEGABYTE = 1024 * 1024;
export const LARGE_RUN_TARGET_MS = 50;

const WORKSPACE = "https://adb-1234567890123456.7.azuredatabricks.net";

function task(index: number) {
    const taskKey = `transform_partition_${String(index).padStart(4, "0")}`;
    return {
        task_key: taskKey,
        run_id: 900_000_000_000 + index,
        notebook_task: { notebook_path: `/Repos/etl/pipelines/${taskKey}`, source: "WORKSPACE" },
        existing_cluster_id: "0923-164208-meows279",
        start_time: 1_700_000_000_000 + index * 1_000,
        end_time: 1_700_000_060_000 + index * 1_000,
        run_page_url: `${WORKSPACE}/?o=1234567890123456#job/11/run/${900_000_000_000 + index}`,
        status: { state: "TERMINATED", termination_details: { code: "SUCCESS", type: "SUCCESS", message: "" } },
        state: { life_cycle_state: "TERMINATED", result_state: "SUCCESS", state_message: "" },
    };
}

/**
 * A GetRun answer of at least `minBytes`: a multi-task run, still running, with as many tasks as it
 * takes and a long state message (a stack trace), as a large pipeline's run can be.
 */
export function largeRunJson(minBytes: number): string {
    const run = {
        job_id: 11,
        run_id: 22,
        run_name: "nightly-etl",
        run_page_url: `${WORKSPACE}/?o=1234567890123456#job/11/run/22`,
        start_time: 1_700_000_000_000,
        status: { state: "RUNNING" },
        state: { life_cycle_state: "RUNNING", state_message: "at etl.transform(line 42)\n".repeat(2_000) },
        tasks: [] as ReturnType<typeof task>[],
    };
    let json = JSON.stringify(run);
    const perTask = JSON.stringify(task(0)).length + 1;
    const needed = Math.max(0, Math.ceil((minBytes - Buffer.byteLength(json)) / perTask));
    run.tasks = Array.from({ length: needed + 1 }, (_, index) => task(index));
    json = JSON.stringify(run);
    return json;
}

export function median(values: readonly number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Milliseconds for each of `repetitions` fresh trackers to take `runJson` as its Run and derive its view. */
export function timeRunInput(runJson: string, repetitions: number): number[] {
    const times: number[] = [];
    for (let i = 0; i < repetitions; i++) {
        const tracker = createRunTracker({ raise: () => {}, onOutputsChanged: () => {}, clock: new VirtualClock() });
        const started = performance.now();
        tracker.update({ ...EMPTY_INPUTS, jobId: "11", run: runJson });
        const view = tracker.view();
        times.push(performance.now() - started);
        if (view.run === undefined) throw new Error("The large Run was not read as a run.");
        tracker.dispose();
    }
    return times;
}
