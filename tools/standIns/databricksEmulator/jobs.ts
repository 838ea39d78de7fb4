import { invalidParameter } from "./apiError";
import { Clock } from "./clock";
import { jsonInteger } from "../../common/exactJson";
import { FIRST_RUN_ID, JobSpec, RunDurations, RunOutcome, TaskSpec } from "./seed";

/**
 * Jobs and runs. A run's state is a function of the clock: its phases (QUEUED, PENDING, RUNNING,
 * TERMINATING, then TERMINATED) have fixed lengths from the job's durations, and a cancel cuts the
 * current phase short and starts TERMINATING. Nothing runs in the background, so a test clock
 * can step a run through its life, and a real clock plays it out in real time.
 */

type Json = unknown;

export type LifeCycleState = "QUEUED" | "PENDING" | "RUNNING" | "TERMINATING" | "TERMINATED" | "BLOCKED";
type ResultState = "SUCCESS" | "FAILED" | "TIMEDOUT" | "CANCELED" | "UPSTREAM_FAILED";

interface Termination {
    result: ResultState;
    code: string;
    type: "SUCCESS" | "CLIENT_ERROR" | "INTERNAL_ERROR" | "CLOUD_FAILURE";
    message: string;
    userCancelledOrTimedOut: boolean;
}

export interface JobRecord {
    id: bigint;
    spec: JobSpec;
}

export interface RunRecord {
    runId: bigint;
    job: JobRecord;
    /** The job's settings when the run started: later changes do not touch it. */
    spec: JobSpec;
    createdAt: number;
    creator: string;
    jobParameters: Record<string, string>;
    idempotencyToken?: string;
    cancelRequestedAt?: number;
    taskRunIds: bigint[];
}

interface Timeline {
    start: number;
    queueEnd: number;
    setupEnd: number;
    execEnd: number;
    cleanupEnd: number;
    /** How the run ends, once execution is over. */
    termination: Termination;
    canceled: boolean;
}

export interface RunNowRequest {
    jobId: bigint;
    jobParameters?: Record<string, string>;
    idempotencyToken?: string;
    user: string;
}

export class JobStore {
    readonly jobs = new Map<bigint, JobRecord>();
    readonly runs = new Map<bigint, RunRecord>();
    /** Task run ID → its parent run and task index. */
    private readonly taskRuns = new Map<bigint, { run: RunRecord; index: number }>();
    private readonly idempotency = new Map<string, bigint>();
    private nextRunId = FIRST_RUN_ID;

    constructor(
        private readonly now: Clock,
        private readonly workspaceHost: () => string,
        private readonly workspaceId: string,
    ) {}

    addJob(spec: JobSpec): JobRecord {
        const record = { id: BigInt(spec.job_id), spec: structuredClone(spec) };
        this.jobs.set(record.id, record);
        return record;
    }

    /** Changes how later runs of a job behave (outcome, durations, timeout). */
    configureJob(
        jobId: string | bigint,
        change: Partial<Pick<JobSpec, "outcome" | "failing_task" | "timeout_seconds" | "parameters">> & {
            durations?: Partial<RunDurations>;
        },
    ): void {
        const job = this.requireJob(BigInt(jobId));
        const { durations, ...rest } = change;
        job.spec = { ...job.spec, ...rest, durations: { ...job.spec.durations, ...durations } };
    }

    requireJob(jobId: bigint): JobRecord {
        const job = this.jobs.get(jobId);
        if (!job) throw invalidParameter(`Job ${jobId} does not exist.`);
        return job;
    }

    runNow(request: RunNowRequest): { run_id: number | bigint; number_in_job: number | bigint } {
        const job = this.requireJob(request.jobId);
        if (request.idempotencyToken !== undefined) {
            const existing = this.idempotency.get(request.idempotencyToken);
            if (existing !== undefined) return { run_id: jsonInteger(existing), number_in_job: jsonInteger(existing) };
        }
        const declared = new Set(job.spec.parameters.map((parameter) => parameter.name));
        for (const [name, value] of Object.entries(request.jobParameters ?? {})) {
            if (!declared.has(name)) {
                throw invalidParameter(
                    `Job parameter '${name}' is not defined in job ${job.id}. Defined job parameters: ${[...declared].join(", ") || "none"}.`,
                );
            }
            if (typeof value !== "string") throw invalidParameter(`Job parameter '${name}' must be a string.`);
        }
        const runId = this.nextRunId;
        const spec = structuredClone(job.spec);
        const run: RunRecord = {
            runId,
            job,
            spec,
            createdAt: this.now(),
            creator: request.user,
            jobParameters: { ...(request.jobParameters ?? {}) },
            idempotencyToken: request.idempotencyToken,
            taskRunIds: spec.tasks.map((_, index) => runId + BigInt(index + 1)),
        };
        this.nextRunId += BigInt(spec.tasks.length + 1);
        this.runs.set(runId, run);
        run.taskRunIds.forEach((taskRunId, index) => this.taskRuns.set(taskRunId, { run, index }));
        if (request.idempotencyToken !== undefined) this.idempotency.set(request.idempotencyToken, runId);
        return { run_id: jsonInteger(runId), number_in_job: jsonInteger(runId) };
    }

    /** runs/get: a job run, or a task run by its own run ID. */
    getRun(runId: bigint): Json {
        const run = this.runs.get(runId);
        if (run) return this.describeRun(run, true);
        const task = this.taskRuns.get(runId);
        if (task) return this.describeTaskRunAsRun(task.run, task.index);
        throw invalidParameter(`Run ${runId} does not exist.`);
    }

    getRunOutput(runId: bigint): Json {
        const run = this.runs.get(runId);
        if (run) {
            if (run.spec.tasks.length > 1) {
                throw invalidParameter(
                    "Retrieving the output of runs with multiple tasks is not supported. You must retrieve the output of each individual task run instead.",
                );
            }
            return this.outputOf(run, 0);
        }
        const task = this.taskRuns.get(runId);
        if (task) return this.outputOf(task.run, task.index);
        throw invalidParameter(`Run ${runId} does not exist.`);
    }

    /** runs/cancel: asynchronous; the run passes through TERMINATING. Cancelling an ended run does nothing. */
    cancelRun(runId: bigint): void {
        const run = this.runs.get(runId) ?? this.taskRuns.get(runId)?.run;
        if (!run) throw invalidParameter(`Run ${runId} does not exist.`);
        const now = this.now();
        const timeline = this.timelineOf(run);
        if (run.cancelRequestedAt === undefined && now < timeline.execEnd) run.cancelRequestedAt = now;
    }

    listRuns(filter: {
        jobId?: bigint;
        activeOnly: boolean;
        completedOnly: boolean;
        runType?: string;
        startTimeFrom?: number;
        startTimeTo?: number;
        expandTasks: boolean;
    }): RunRecord[] {
        if (filter.jobId !== undefined) this.requireJob(filter.jobId);
        if (filter.activeOnly && filter.completedOnly) {
            throw invalidParameter("active_only and completed_only cannot both be true.");
        }
        const now = this.now();
        return [...this.runs.values()]
            .filter((run) => filter.jobId === undefined || run.job.id === filter.jobId)
            .filter(() => filter.runType === undefined || filter.runType === "JOB_RUN")
            .filter((run) => filter.startTimeFrom === undefined || run.createdAt >= filter.startTimeFrom)
            .filter((run) => filter.startTimeTo === undefined || run.createdAt <= filter.startTimeTo)
            .filter((run) => {
                const ended = now >= this.timelineOf(run).cleanupEnd;
                return (!filter.activeOnly || !ended) && (!filter.completedOnly || ended);
            })
            .sort((a, b) => b.createdAt - a.createdAt || (b.runId > a.runId ? 1 : -1));
    }

    /** The phase a run is in now: for tests that wait for a state. */
    lifeCycleStateOf(runId: bigint): LifeCycleState {
        const run = this.runs.get(runId);
        if (!run) throw new Error(`No run ${runId}`);
        return this.phaseAt(this.timelineOf(run), this.now());
    }

    describeJob(job: JobRecord, withTasks: boolean): Json {
        const { spec } = job;
        return {
            job_id: jsonInteger(job.id),
            creator_user_name: spec.creator_user_name,
            run_as_user_name: spec.creator_user_name,
            created_time: spec.created_time,
            settings: {
                name: spec.name,
                ...(spec.description ? { description: spec.description } : {}),
                parameters: spec.parameters.map((parameter) => ({ ...parameter })),
                max_concurrent_runs: spec.max_concurrent_runs ?? 1,
                timeout_seconds: spec.timeout_seconds ?? 0,
                queue: { enabled: spec.queue_enabled ?? true },
                format: "MULTI_TASK",
                ...(withTasks ? { tasks: spec.tasks.map((task) => this.describeTaskSetting(task)) } : {}),
            },
        };
    }

    describeRun(run: RunRecord, withTasks: boolean): Json {
        const now = this.now();
        const timeline = this.timelineOf(run);
        const phase = this.phaseAt(timeline, now);
        const multiTask = run.spec.tasks.length > 1;
        const durations = this.durationsAt(timeline, now);
        const ended = phase === "TERMINATED";
        return {
            job_id: jsonInteger(run.job.id),
            run_id: jsonInteger(run.runId),
            number_in_job: jsonInteger(run.runId),
            original_attempt_run_id: jsonInteger(run.runId),
            attempt_number: 0,
            creator_user_name: run.creator,
            run_name: run.spec.name,
            run_page_url: this.runPageUrl(run.job.id, run.runId),
            run_type: "JOB_RUN",
            trigger: "ONE_TIME",
            state: this.legacyState(phase, timeline),
            status: this.status(phase, timeline),
            start_time: timeline.start,
            end_time: ended ? timeline.cleanupEnd : 0,
            queue_duration: durations.queue,
            setup_duration: multiTask ? 0 : durations.setup,
            execution_duration: multiTask ? 0 : durations.execution,
            cleanup_duration: multiTask ? 0 : durations.cleanup,
            run_duration: ended ? timeline.cleanupEnd - timeline.start : 0,
            job_parameters: run.spec.parameters.map((parameter) => ({
                name: parameter.name,
                default: parameter.default,
                value: run.jobParameters[parameter.name] ?? parameter.default,
            })),
            format: "MULTI_TASK",
            ...(withTasks ? { tasks: run.spec.tasks.map((_, index) => this.describeTaskRun(run, index)) } : {}),
        };
    }

    private describeTaskSetting(task: TaskSpec): Json {
        return {
            task_key: task.task_key,
            ...(task.depends_on ? { depends_on: task.depends_on.map((key) => ({ task_key: key })) } : {}),
            run_if: "ALL_SUCCESS",
            notebook_task: { notebook_path: task.notebook_path, source: "WORKSPACE" },
            existing_cluster_id: "1128-090000-emulat0r",
            timeout_seconds: 0,
        };
    }

    private describeTaskRun(run: RunRecord, index: number): Json {
        const task = run.spec.tasks[index];
        const now = this.now();
        const timeline = this.taskTimeline(run, index);
        const phase = this.phaseAt(timeline, now);
        const durations = this.durationsAt(timeline, now);
        const ended = phase === "TERMINATED";
        return {
            ...(this.describeTaskSetting(task) as object),
            run_id: jsonInteger(run.taskRunIds[index]),
            attempt_number: 0,
            run_page_url: this.runPageUrl(run.job.id, run.taskRunIds[index]),
            state: this.legacyState(phase, timeline),
            status: this.status(phase, timeline),
            start_time: timeline.start,
            end_time: ended ? timeline.cleanupEnd : 0,
            queue_duration: durations.queue,
            setup_duration: durations.setup,
            execution_duration: durations.execution,
            cleanup_duration: durations.cleanup,
            run_duration: ended ? timeline.cleanupEnd - timeline.start : 0,
        };
    }

    private describeTaskRunAsRun(run: RunRecord, index: number): Json {
        const task = this.describeTaskRun(run, index) as Record<string, unknown>;
        return {
            job_id: jsonInteger(run.job.id),
            run_id: task.run_id,
            number_in_job: task.run_id,
            original_attempt_run_id: task.run_id,
            attempt_number: 0,
            creator_user_name: run.creator,
            run_name: run.spec.tasks[index].task_key,
            run_page_url: task.run_page_url,
            run_type: "JOB_RUN",
            trigger: "ONE_TIME",
            state: task.state,
            status: task.status,
            start_time: task.start_time,
            end_time: task.end_time,
            queue_duration: task.queue_duration,
            setup_duration: task.setup_duration,
            execution_duration: task.execution_duration,
            cleanup_duration: task.cleanup_duration,
            run_duration: task.run_duration,
            job_parameters: (this.describeRun(run, false) as { job_parameters: unknown }).job_parameters,
            tasks: [task],
        };
    }

    private outputOf(run: RunRecord, index: number): Json {
        const task = run.spec.tasks[index];
        const now = this.now();
        const timeline = this.taskTimeline(run, index);
        const phase = this.phaseAt(timeline, now);
        const metadata =
            run.spec.tasks.length > 1 ? this.describeTaskRunAsRun(run, index) : this.describeRun(run, true);
        if (phase !== "TERMINATED") return { metadata };
        const result = timeline.termination.result;
        if (result === "SUCCESS") {
            return { metadata, notebook_output: { result: task.result ?? "", truncated: false } };
        }
        if (result === "FAILED") {
            return {
                metadata,
                error: task.error ?? "Exception: the notebook failed",
                error_trace: `---------------------------------------------------------------------------\n${task.error ?? "Exception"}\n  File "${task.notebook_path}", line 12, in <module>`,
            };
        }
        return { metadata, error: timeline.termination.message };
    }

    private runPageUrl(jobId: bigint, runId: bigint): string {
        return `https://${this.workspaceHost()}/?o=${this.workspaceId}#job/${jobId}/run/${runId}`;
    }

    private legacyState(phase: LifeCycleState, timeline: Timeline): Json {
        const messages: Record<LifeCycleState, string> = {
            QUEUED: "Queued due to reaching maximum concurrent runs of 1.",
            PENDING: "Waiting for cluster",
            RUNNING: "In run",
            TERMINATING: "",
            TERMINATED: timeline.termination.message,
            BLOCKED: "Waiting for upstream tasks",
        };
        return {
            life_cycle_state:
                timeline.termination.result === "UPSTREAM_FAILED" && phase === "TERMINATED" ? "SKIPPED" : phase,
            ...(phase === "TERMINATED" ? { result_state: timeline.termination.result } : {}),
            state_message: messages[phase],
            user_cancelled_or_timedout:
                phase === "TERMINATED" || phase === "TERMINATING"
                    ? timeline.termination.userCancelledOrTimedOut
                    : false,
            ...(phase === "QUEUED" ? { queue_reason: messages.QUEUED } : {}),
        };
    }

    private status(phase: LifeCycleState, timeline: Timeline): Json {
        const termination = timeline.termination;
        return {
            state: phase,
            ...(phase === "TERMINATING" || phase === "TERMINATED"
                ? {
                      termination_details: {
                          code: termination.code,
                          type: termination.type,
                          message: termination.message,
                      },
                  }
                : {}),
            ...(phase === "QUEUED"
                ? {
                      queue_details: {
                          code: "MAX_CONCURRENT_RUNS_REACHED",
                          message: "Queued due to reaching maximum concurrent runs of 1.",
                      },
                  }
                : {}),
        };
    }

    private phaseAt(timeline: Timeline, now: number): LifeCycleState {
        if (now < timeline.queueEnd) return timeline.termination.result === "UPSTREAM_FAILED" ? "BLOCKED" : "QUEUED";
        if (now < timeline.setupEnd) return "PENDING";
        if (now < timeline.execEnd) return timeline.termination.result === "UPSTREAM_FAILED" ? "BLOCKED" : "RUNNING";
        if (now < timeline.cleanupEnd) return "TERMINATING";
        return "TERMINATED";
    }

    private durationsAt(
        timeline: Timeline,
        now: number,
    ): { queue: number; setup: number; execution: number; cleanup: number } {
        const done = (from: number, to: number): number => (now >= to ? to - from : 0);
        return {
            queue: done(timeline.start, timeline.queueEnd),
            setup: done(timeline.queueEnd, timeline.setupEnd),
            execution: done(timeline.setupEnd, timeline.execEnd),
            cleanup: done(timeline.execEnd, timeline.cleanupEnd),
        };
    }

    private timelineOf(run: RunRecord): Timeline {
        const { durations, outcome } = run.spec;
        const start = run.createdAt;
        const queueEnd = start + durations.queuedMs;
        const setupEnd = queueEnd + durations.pendingMs;
        const timeoutMs =
            outcome === "timeout" && run.spec.timeout_seconds ? run.spec.timeout_seconds * 1000 : durations.runningMs;
        const execEnd = setupEnd + timeoutMs;
        const natural: Timeline = {
            start,
            queueEnd,
            setupEnd,
            execEnd,
            cleanupEnd: execEnd + durations.terminatingMs,
            termination: naturalTermination(run.spec, outcome),
            canceled: false,
        };
        const cancelAt = run.cancelRequestedAt;
        if (cancelAt === undefined || cancelAt >= execEnd) return natural;
        return {
            start,
            queueEnd: Math.min(queueEnd, cancelAt),
            setupEnd: Math.min(setupEnd, cancelAt),
            execEnd: cancelAt,
            cleanupEnd: cancelAt + durations.terminatingMs,
            termination: {
                result: "CANCELED",
                code: "USER_CANCELED",
                type: "SUCCESS",
                message: "Run cancelled.",
                userCancelledOrTimedOut: true,
            },
            canceled: true,
        };
    }

    /** Tasks share the run's timeline; a task after the failing one is blocked, then skipped. */
    private taskTimeline(run: RunRecord, index: number): Timeline {
        const parent = this.timelineOf(run);
        const task = run.spec.tasks[index];
        if (parent.canceled) return parent;
        const outcome = run.spec.outcome;
        if (outcome === "success") return { ...parent, termination: SUCCESS };
        if (outcome === "timeout") return parent;
        const failing = failingTaskOf(run.spec);
        if (task.task_key === failing) return { ...parent, termination: taskFailure(task) };
        if (dependsOn(run.spec, task.task_key, failing)) {
            return {
                ...parent,
                cleanupEnd: parent.execEnd,
                termination: {
                    result: "UPSTREAM_FAILED",
                    code: "SKIPPED",
                    type: "SUCCESS",
                    message: `Upstream task ${failing} failed.`,
                    userCancelledOrTimedOut: false,
                },
            };
        }
        return { ...parent, termination: SUCCESS };
    }
}

const SUCCESS: Termination = {
    result: "SUCCESS",
    code: "SUCCESS",
    type: "SUCCESS",
    message: "",
    userCancelledOrTimedOut: false,
};

function naturalTermination(spec: JobSpec, outcome: RunOutcome): Termination {
    switch (outcome) {
        case "success":
            return SUCCESS;
        case "timeout":
            return {
                result: "TIMEDOUT",
                code: "CANCELED",
                type: "CLIENT_ERROR",
                message: `Run timed out after ${spec.timeout_seconds || Math.round(spec.durations.runningMs / 1000)} seconds.`,
                userCancelledOrTimedOut: true,
            };
        default: {
            const failing = spec.tasks.find((task) => task.task_key === failingTaskOf(spec));
            if (spec.tasks.length > 1) {
                return {
                    result: "FAILED",
                    code: "RUN_EXECUTION_ERROR",
                    type: "CLIENT_ERROR",
                    message: `Task ${failing?.task_key ?? "unknown"} failed with message: Workload failed, see run output for details. This caused all downstream tasks to get skipped.`,
                    userCancelledOrTimedOut: false,
                };
            }
            return taskFailure(failing ?? spec.tasks[0]);
        }
    }
}

function taskFailure(task: TaskSpec): Termination {
    return {
        result: "FAILED",
        code: "RUN_EXECUTION_ERROR",
        type: "CLIENT_ERROR",
        message: `Workload failed, see run output for details: ${task.error ?? "the notebook raised an exception"}`,
        userCancelledOrTimedOut: false,
    };
}

function failingTaskOf(spec: JobSpec): string {
    return spec.failing_task ?? spec.tasks[spec.tasks.length - 1].task_key;
}

/** Whether task `key` depends, directly or through others, on task `upstream`. */
function dependsOn(spec: JobSpec, key: string, upstream: string, seen = new Set<string>()): boolean {
    if (seen.has(key)) return false;
    seen.add(key);
    const task = spec.tasks.find((candidate) => candidate.task_key === key);
    return (task?.depends_on ?? []).some((parent) => parent === upstream || dependsOn(spec, parent, upstream, seen));
}
