import { followShownRun, INITIAL_TIMING, lookAgainSoon, type RefreshTiming } from "./refreshTiming";
import type { RunSnapshot } from "./runSnapshot";
import { checkInputs, EMPTY_INPUTS, errorTextOf, type CheckedInputs, type TrackerInputs } from "./trackerInputs";

export type SubmissionFailure = "noRunStarted" | "errorText";

/** The user's latest run request, and how the host answered it. */
export interface RunRequest {
    readonly parameters: Readonly<Record<string, string>>;
    readonly idempotencyToken: string;
    readonly startedAt: number;
    /**
     * OnTrigger went out. Until then nothing answers the request: a run or an error that arrives
     * before the host was asked for one is not its answer.
     */
    readonly raised: boolean;
    /** The run shown when OnTrigger went out: only a different one answers the request. */
    readonly baselineRunId?: string;
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
    /** The run the user asked to cancel, until it ends or the cancel fails. */
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

/**
 * Whether ErrorText now reports a failure it did not report in the previous inputs: it changed to a
 * text that is not empty. The same failure twice is seen because the events' formulas clear the
 * error before each call, so the text goes empty and then comes back.
 */
export function reportsNewFailure(previous: TrackerInputs, inputs: TrackerInputs): boolean {
    const errorText = errorTextOf(inputs);
    return errorText !== "" && errorText !== errorTextOf(previous);
}

/** A new run answers the raised request, a new failure fails it; a new run also ends a failure. */
function answerRequest(state: TrackerState, newFailure: boolean): TrackerState {
    const { request, checked } = state;
    const run = checked.run;
    if (!request?.raised) return state;
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
    return newFailure ? answer(state, request, "errorText") : state;
}

/** The host's property values changed (or were given again). */
export function applyInputs(state: TrackerState, inputs: TrackerInputs, now: number): TrackerState {
    const newFailure = reportsNewFailure(state.inputs, inputs);
    const next = answerRequest(
        {
            ...state,
            inputs,
            checked: checkInputs(inputs, state.checked.run),
            // A failure while a cancel is pending may be the cancel's: the user can ask again.
            cancelRequestedFor: newFailure ? undefined : state.cancelRequestedFor,
            now,
        },
        newFailure,
    );
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
            raised: false,
        },
        cancelRequestedFor: undefined,
        now,
    };
}

/** OnTrigger goes out for the open request: from now on a different run or a new failure answers it. */
export function raiseRequest(state: TrackerState): TrackerState {
    const request = openRequest(state);
    return request
        ? { ...state, request: { ...request, raised: true, baselineRunId: state.checked.run?.runId } }
        : state;
}

/**
 * The open request is dropped before its OnTrigger went out: the control was disabled, or its inputs
 * became invalid, in the moment before it was due. Nothing was sent.
 */
export function withdrawRequest(state: TrackerState): TrackerState {
    return { ...state, request: undefined };
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
