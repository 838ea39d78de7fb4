/**
 * The control's RunState vocabulary and the mapping from a Databricks runs/get result to it.
 *
 * Databricks reports a run twice: `status` (lifecycle v2, current) and `state` (deprecated, still
 * filled in). `status` is read first; `state` is the fallback for older workspaces and for values
 * this mapping does not know yet.
 */

export const RunStates = [
    "Idle",
    "Submitting",
    "Queued",
    "Pending",
    "Running",
    "Terminating",
    "Blocked",
    "Waiting",
    "Succeeded",
    "SucceededWithFailures",
    "Failed",
    "TimedOut",
    "Canceled",
    "Skipped",
    "Error",
    "Unknown",
] as const;

export type RunState = (typeof RunStates)[number];

// Arrays, not sets: a bundle that never asks isTerminalState then drops its list.
const ACTIVE_STATES: readonly RunState[] = [
    "Submitting",
    "Queued",
    "Pending",
    "Running",
    "Terminating",
    "Blocked",
    "Waiting",
];

const TERMINAL_STATES: readonly RunState[] = [
    "Succeeded",
    "SucceededWithFailures",
    "Failed",
    "TimedOut",
    "Canceled",
    "Skipped",
];

export function isActiveState(state: RunState): boolean {
    return ACTIVE_STATES.includes(state);
}

export function isTerminalState(state: RunState): boolean {
    return TERMINAL_STATES.includes(state);
}

/** The non-terminal states `status.state` and the deprecated `state.life_cycle_state` share. */
const SHARED_LIFECYCLE_STATES = {
    QUEUED: "Queued",
    PENDING: "Pending",
    RUNNING: "Running",
    TERMINATING: "Terminating",
    BLOCKED: "Blocked",
} as const;

/** `status.state` (RunLifecycleStateV2State) values that are not TERMINATED. */
const STATUS_STATES: Readonly<Record<string, RunState>> = { ...SHARED_LIFECYCLE_STATES, WAITING: "Waiting" };

/**
 * `status.termination_details.code` (TerminationCodeCode) values that say more than their type. The
 * type (below) is the category; every other code, known or new, is a failure of its type.
 */
const REFINING_CODES: Readonly<Record<string, RunState>> = {
    SUCCESS: "Succeeded",
    SUCCESS_WITH_FAILURES: "SucceededWithFailures",
    USER_CANCELED: "Canceled",
    CANCELED: "Canceled",
    SKIPPED: "Skipped",
    DISABLED: "Skipped",
    // Databricks skips, rather than fails, a run that would exceed a concurrency or queue limit.
    MAX_CONCURRENT_RUNS_EXCEEDED: "Skipped",
    MAX_JOB_QUEUE_SIZE_EXCEEDED: "Skipped",
    WORKSPACE_RUN_LIMIT_EXCEEDED: "Skipped",
};

/** `status.termination_details.type` (TerminationTypeType). */
const TERMINATION_TYPES: Readonly<Record<string, RunState>> = {
    SUCCESS: "Succeeded",
    CLIENT_ERROR: "Failed",
    INTERNAL_ERROR: "Failed",
    CLOUD_FAILURE: "Failed",
};

/** Deprecated `state.life_cycle_state` (RunLifeCycleState) values other than TERMINATED. */
const LIFE_CYCLE_STATES: Readonly<Record<string, RunState>> = {
    ...SHARED_LIFECYCLE_STATES,
    WAITING_FOR_RETRY: "Waiting",
    SKIPPED: "Skipped",
    // "An exceptional state that indicates a failure in the Jobs service."
    INTERNAL_ERROR: "Failed",
};

/** Deprecated `state.result_state` (RunResultState). */
const RESULT_STATES: Readonly<Record<string, RunState>> = {
    SUCCESS: "Succeeded",
    SUCCESS_WITH_FAILURES: "SucceededWithFailures",
    FAILED: "Failed",
    TIMEDOUT: "TimedOut",
    CANCELED: "Canceled",
    MAXIMUM_CONCURRENT_RUNS_REACHED: "Skipped",
    EXCLUDED: "Skipped",
    DISABLED: "Skipped",
    UPSTREAM_FAILED: "Failed",
    UPSTREAM_CANCELED: "Canceled",
};

/** The parts of a runs/get result (or one of its `tasks`) that decide the state. */
export interface RunStateFields {
    status?: {
        state?: unknown;
        termination_details?: { type?: unknown; code?: unknown; message?: unknown };
        queue_details?: { code?: unknown; message?: unknown };
    };
    state?: {
        life_cycle_state?: unknown;
        result_state?: unknown;
        state_message?: unknown;
    };
}

export interface MappedState {
    state: RunState;
    /** The Databricks values behind an Unknown state, for display ("status.state = NEW_STATE"). */
    unknownValue?: string;
}

function lookup(table: Readonly<Record<string, RunState>>, value: unknown): RunState | undefined {
    return typeof value === "string" && Object.prototype.hasOwnProperty.call(table, value) ? table[value] : undefined;
}

function fromLegacyState(fields: RunStateFields): RunState | undefined {
    const lifeCycle = fields.state?.life_cycle_state;
    if (lifeCycle === "TERMINATED") {
        return lookup(RESULT_STATES, fields.state?.result_state);
    }
    return lookup(LIFE_CYCLE_STATES, lifeCycle);
}

function fromStatus(fields: RunStateFields): RunState | undefined {
    const status = fields.status;
    if (status?.state !== "TERMINATED") {
        return lookup(STATUS_STATES, status?.state);
    }
    const details = status.termination_details;
    const state = lookup(REFINING_CODES, details?.code) ?? lookup(TERMINATION_TYPES, details?.type);
    // Lifecycle v2 has no timeout code: a run stopped at its timeout ends as a failure or as CANCELED
    // (by the platform), and only the deprecated result_state still says TIMEDOUT.
    if ((state === "Failed" || details?.code === "CANCELED") && fields.state?.result_state === "TIMEDOUT") {
        return "TimedOut";
    }
    return state;
}

/** The fields an Unknown state names; each is shown by its last two path segments ("termination_details.code"). */
const DESCRIBED_FIELDS = [
    "status.state",
    "status.termination_details.code",
    "status.termination_details.type",
    "state.life_cycle_state",
    "state.result_state",
];

function describeUnknown(fields: RunStateFields): string {
    const parts: string[] = [];
    for (const path of DESCRIBED_FIELDS) {
        const segments = path.split(".");
        const value = segments.reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], fields);
        if (value !== undefined && value !== null && value !== "") {
            const shown = typeof value === "string" ? value : JSON.stringify(value);
            parts.push(`${segments.slice(-2).join(".")} = ${shown}`);
        }
    }
    return parts.length > 0 ? parts.join(", ") : "no status";
}

/** Maps a run (or task run) to a RunState; never throws, whatever the input holds. */
export function mapRunState(run: unknown): MappedState {
    const fields: RunStateFields = typeof run === "object" && run !== null ? run : {};
    const state = fromStatus(fields) ?? fromLegacyState(fields);
    return state ? { state } : { state: "Unknown", unknownValue: describeUnknown(fields) };
}
