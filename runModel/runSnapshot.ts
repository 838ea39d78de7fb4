import { readInt64Id } from "./jobId";
import { describeJsonType, isPlainObject, parseJsonInput } from "./jsonInput";
import { isActiveState, mapRunState, type RunState, type RunStateFields } from "./runState";
import { safeHttpsUrl } from "./safeUrl";
import { issue, type ValidationIssue } from "./validationIssue";

export interface TaskSnapshot {
    taskKey: string;
    state: RunState;
    unknownValue?: string;
    message?: string;
}

/** What the control shows of one run, read from the `Run` property. */
export interface RunSnapshot {
    runId: string;
    state: RunState;
    /** The Databricks values behind an Unknown state. */
    unknownValue?: string;
    /** True when `Run` only holds RunNow's `{run_id}`: the run exists, its state is not known yet. */
    awaitingStatus: boolean;
    message?: string;
    /** https: only; anything else is dropped. */
    runPageUrl?: string;
    /** Epoch milliseconds, when Databricks has set them. */
    startTime?: number;
    endTime?: number;
    /** Total duration in milliseconds, as Databricks reports it for a finished run. */
    durationMs?: number;
    /** Each task of a multi-task run; empty for a single-task run. */
    tasks: TaskSnapshot[];
}

export type RunInputResult = { ok: true; run: RunSnapshot | undefined } | { ok: false; issue: ValidationIssue };

function text(value: unknown): string | undefined {
    return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

function positiveNumber(value: unknown): number | undefined {
    return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : undefined;
}

function stateMessage(fields: RunStateFields): string | undefined {
    return (
        text(fields.status?.termination_details?.message) ??
        text(fields.status?.queue_details?.message) ??
        text(fields.state?.state_message)
    );
}

function readTask(value: unknown, index: number): TaskSnapshot {
    const task = isPlainObject(value) ? value : {};
    const mapped = mapRunState(task);
    return {
        taskKey: text(task.task_key) ?? `#${index + 1}`,
        state: mapped.state,
        unknownValue: mapped.unknownValue,
        message: stateMessage(task as RunStateFields),
    };
}

/** Reads a runs/get result (or RunNow's `{run_id}`) from the parsed `Run` property. */
export function readRun(value: Record<string, unknown>): RunSnapshot | undefined {
    const runId = readInt64Id(value.run_id);
    if (runId === undefined) {
        return undefined;
    }
    const fields = value as RunStateFields;
    const awaitingStatus = fields.status === undefined && fields.state === undefined;
    const mapped = awaitingStatus ? { state: "Pending" as const, unknownValue: undefined } : mapRunState(fields);
    const startTime = positiveNumber(value.start_time);
    const endTime = positiveNumber(value.end_time);
    const tasks = Array.isArray(value.tasks) ? value.tasks.map(readTask) : [];
    return {
        runId,
        state: mapped.state,
        unknownValue: mapped.unknownValue,
        awaitingStatus,
        message: stateMessage(fields),
        runPageUrl: safeHttpsUrl(value.run_page_url),
        startTime,
        endTime,
        durationMs:
            positiveNumber(value.run_duration) ??
            (startTime !== undefined && endTime !== undefined && endTime >= startTime
                ? endTime - startTime
                : undefined),
        tasks: tasks.length > 1 ? tasks : [],
    };
}

/** Parses the `Run` property: blank, `{}` or `null` mean no run yet. */
export function parseRunInput(textValue: string | null | undefined): RunInputResult {
    const parsed = parseJsonInput(textValue);
    if (!parsed.ok) {
        return { ok: false, issue: issue("Run", "RunNotJson", parsed.error) };
    }
    if (parsed.value === undefined || parsed.value === null) {
        return { ok: true, run: undefined };
    }
    if (!isPlainObject(parsed.value)) {
        return { ok: false, issue: issue("Run", "RunNotObject", describeJsonType(parsed.value)) };
    }
    if (parsed.value.run_id !== undefined && readInt64Id(parsed.value.run_id) === undefined) {
        return { ok: false, issue: issue("Run", "RunIdInvalid", JSON.stringify(parsed.value.run_id)) };
    }
    return { ok: true, run: readRun(parsed.value) };
}

/** An Unknown state counts as active until Databricks sets an end time: a new state must not stop polling. */
export function isRunActive(run: RunSnapshot): boolean {
    return isActiveState(run.state) || (run.state === "Unknown" && run.endTime === undefined);
}
