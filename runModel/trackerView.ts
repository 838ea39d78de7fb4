import type { ParameterModel } from "./parameters";
import { isRunActive, type RunSnapshot } from "./runSnapshot";
import type { RunState } from "./runState";
import { errorTextOf, type TrackerInputs } from "./trackerInputs";
import { shownRun, type RunRequest, type SubmissionFailure, type TrackerState } from "./trackerState";
import type { ValidationIssue } from "./validationIssue";

/** What a front end shows, derived from the tracker's state. */
export interface TrackerView {
    runState: RunState;
    /** The run the control shows; undefined while submitting or after a failed submission. */
    run?: RunSnapshot;
    isActive: boolean;
    failure?: SubmissionFailure;
    /** The maker's ErrorText when it is to be shown. */
    errorText?: string;
    issues: readonly ValidationIssue[];
    parameters: ParameterModel;
    /** The host disabled the control: nothing may be edited or started. */
    disabled: boolean;
    canTrigger: boolean;
    /** The button is held because a run is in progress (one at a time, unless concurrent runs are allowed). */
    runInProgress: boolean;
    canCancel: boolean;
    cancelRequested: boolean;
    /** The latest run request: the host passes both to RunNow. */
    request?: Pick<RunRequest, "parameters" | "idempotencyToken">;
    now: number;
}

export function deriveView(state: TrackerState): TrackerView {
    const { inputs, checked, request } = state;
    const outcome = request?.outcome;
    const submitting = request !== undefined && outcome === undefined;
    const failure = outcome === "runStarted" ? undefined : outcome;
    const run = shownRun(state);
    const runActive = run !== undefined && isRunActive(run);
    const cancelRequested = run !== undefined && state.cancelRequestedFor === run.runId;
    const errorText = errorTextOf(inputs);
    const runInProgress = submitting || (runActive && !inputs.allowConcurrentRuns);
    return {
        runState: submitting ? "Submitting" : failure ? "Error" : (run?.state ?? "Idle"),
        run,
        isActive: submitting || runActive,
        failure,
        errorText: !submitting && errorText !== "" ? errorText : undefined,
        issues: checked.issues,
        parameters: checked.parameters,
        disabled: inputs.disabled,
        canTrigger: !inputs.disabled && checked.issues.length === 0 && !runInProgress,
        runInProgress,
        canCancel: !inputs.disabled && runActive && !cancelRequested,
        cancelRequested,
        request,
        now: state.now,
    };
}

/** Refreshes are due while an active run is on screen in a visible, enabled control. */
export function wantsRefresh(view: TrackerView, inputs: TrackerInputs): boolean {
    return view.run !== undefined && view.isActive && inputs.visible && !inputs.disabled;
}

/** While a run is active and visible, the elapsed time on screen moves. */
export function showsElapsedTime(view: TrackerView, inputs: TrackerInputs): boolean {
    return inputs.visible && view.isActive;
}

/**
 * What a host publishes of the view (the run, its state and link, whether it is active, the last
 * request, the problems), in a form that compares: problems by key, not by their localized text.
 */
export function publishedValuesKey(view: TrackerView): string {
    return JSON.stringify([
        view.request?.parameters,
        view.request?.idempotencyToken,
        view.run?.runId,
        view.runState,
        view.run?.runPageUrl,
        view.isActive,
        view.issues,
    ]);
}
