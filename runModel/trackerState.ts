import { followShownRun, INITIAL_TIMING, lookAgainSoon, type RefreshTiming } from "./refreshTiming";
import type { RunSnapshot } from "./runSnapshot";
import { checkInputs, EMPTY_INPUTS, errorTextOf, type CheckedInputs, type TrackerInputs } from "./trackerInputs";

export type SubmissionFailure = "noRunStarted" | "errorText";

/** The user's latest run request, and how the host answered it. */
export interface RunRequest {
    readonly parameters: Readonly<Record<string, string>>;
    readonly idempotencyToken: string;
    readonly startedAt: number;
    /** The run shown at the click: only a different one answers the request. */
    readonly baselineRunId?: string;
    /** The ErrorText at the click: it answers the request only once it has changed or been cleared. */
    readonly baselineErrorText: string;
    readonly errorTextCleared: boolean;
    /** Undefined while the request is open (submitting). */
    readonly outcome?: "runStarted" | SubmissionFailure;
}

/**
 * Everything the tracker knows, at one moment. Each transition below returns a new state and never
 * changes the one it was given; what a front end shows is derived from it (trackerView.ts).
 */
export interface TrackerState {
    readonly inputs: TrackerInputs;
    readonly checked: CheckedInputs;
    readonly request?: RunRequest;
    /** The run the user asked to cancel. */
    readonly cancelRequestedFor?: string;
    readonly timing: RefreshTiming;
    /** When this state began: the time the view shows. */
    readonly now: number;
}

export function initialState(now: number): TrackerState {
    return { inputs: EMPTY_INPUTS, checked: checkInputs(EMPTY_INPUTS), timing: INITIAL_TIMING, now };
}

/** The open run request, while the host has not answered it. */
export function openRequest(state: TrackerState): RunRequest | undefined {
    return state.request && !state.request.outcome ? state.request : undefined;
}

/** The run on screen: none while a request is open or has failed. */
export function shownRun(state: TrackerState): RunSnapshot | undefined {
    return !state.request || state.request.outcome === "runStarted" ? state.checked.run : undefined;
}

function answer(state: TrackerState, request: RunRequest, outcome: RunRequest["outcome"]): TrackerState {
    return { ...state, request: { ...request, outcome } };
}

/** A new run answers the open request, a new ErrorText fails it; a new run also ends a failure. */
function answerRequest(state: TrackerState): TrackerState {
    const { request, checked } = state;
    const run = checked.run;
    const errorText = errorTextOf(state.inputs);
    if (!request) return state;
    const newRun = run !== undefined && run.runId !== request.baselineRunId;
    if (request.outcome) {
        // After a failure: the maker's formula set a new run after all (late, or from elsewhere). Follow it.
        return request.outcome !== "runStarted" && newRun ? answer(state, request, "runStarted") : state;
    }
    if (newRun) {
        // The quick start counts from the click, not from when the run became visible.
        return {
            ...answer(state, request, "runStarted"),
            timing: { ...state.timing, runId: run.runId, runStartedAt: request.startedAt },
        };
    }
    if (errorText !== "" && (errorText !== request.baselineErrorText || request.errorTextCleared)) {
        return answer(state, request, "errorText");
    }
    return errorText === "" && !request.errorTextCleared
        ? { ...state, request: { ...request, errorTextCleared: true } }
        : state;
}

/** The host's property values changed (or were given again). */
export function applyInputs(state: TrackerState, inputs: TrackerInputs, now: number): TrackerState {
    const next = answerRequest({ ...state, inputs, checked: checkInputs(inputs, state.checked.run), now });
    const timing = followShownRun(next.timing, shownRun(next), now);
    // Whatever happened while the control was hidden or disabled is unseen.
    const unseen = state.inputs.visible !== inputs.visible || state.inputs.disabled !== inputs.disabled;
    return { ...next, timing: unseen ? lookAgainSoon(timing, now) : timing };
}

/** The user asked for a run with these parameter values; `idempotencyToken` is a new one. */
export function startRequest(
    state: TrackerState,
    parameterValues: Readonly<Record<string, string>>,
    idempotencyToken: string,
    now: number,
): TrackerState {
    return {
        ...state,
        request: {
            parameters: { ...parameterValues },
            idempotencyToken,
            startedAt: now,
            baselineRunId: state.checked.run?.runId,
            baselineErrorText: errorTextOf(state.inputs),
            errorTextCleared: false,
        },
        cancelRequestedFor: undefined,
        now,
    };
}

/** No run and no error came in time: the host's answer to the request did not start a run. */
export function timeOutRequest(state: TrackerState, now: number): TrackerState {
    const request = openRequest(state);
    return request ? { ...answer(state, request, "noRunStarted"), now } : state;
}

export function requestCancel(state: TrackerState, runId: string, now: number): TrackerState {
    // A cancelled run ends within seconds: refresh from the minimum delay again to show it promptly.
    return { ...state, cancelRequestedFor: runId, timing: lookAgainSoon(state.timing, now), now };
}

/** The same state a moment later: the elapsed time on screen moves. */
export function atTime(state: TrackerState, now: number): TrackerState {
    return { ...state, now };
}
