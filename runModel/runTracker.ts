import { systemClock, type Clock, type TimerHandle } from "./clock";
import { newIdempotencyToken } from "./idempotencyToken";
import { parseJobId } from "./jobId";
import { buildParameterModel, type ParameterModel } from "./parameters";
import { nextPollDelayMs, readPollBounds, type PollBounds } from "./pollingSchedule";
import { parseRunInput, type RunSnapshot } from "./runSnapshot";
import { isActiveState, type RunState } from "./runState";
import type { ValidationIssue } from "./validationIssue";

/** The events the control raises; the maker's Power Fx answers each with a connector call. */
export type ControlEvent = "OnTrigger" | "OnRefresh" | "OnCancel";

/** The maker's property values, as the control received them. */
export interface TrackerInputs {
    jobId: string | null;
    jobParameters: string | null;
    parameterDefinitions: string | null;
    run: string | null;
    errorText: string | null;
    minPollSeconds: number | null;
    maxPollSeconds: number | null;
    disabled: boolean;
    visible: boolean;
}

/** Without a new run id or an ErrorText by then, the maker's OnTrigger formula did not start a run. */
export const SUBMISSION_TIMEOUT_MS = 60_000;
/** The host reads the new outputs before OnTrigger runs; if it never does, the event goes anyway. */
export const OUTPUTS_READ_FALLBACK_MS = 500;
export const ELAPSED_TICK_MS = 1_000;

export type SubmissionFailure = "noRunStarted" | "errorText";

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
    canCancel: boolean;
    cancelRequested: boolean;
    requestedParameters?: Readonly<Record<string, string>>;
    idempotencyToken?: string;
    now: number;
}

export interface TrackerOutputs {
    RequestedParameters: string;
    IdempotencyToken: string;
    RunId: string;
    RunState: RunState;
    RunPageUrl: string;
    IsActive: boolean;
    ValidationError: string;
}

interface Submission {
    startedAt: number;
    baselineRunId?: string;
    baselineErrorText: string;
    errorTextCleared: boolean;
}

interface Failure {
    kind: SubmissionFailure;
    /** The run shown when the submission began; a different one ends the failure. */
    baselineRunId?: string;
}

export interface RunTrackerOptions {
    raise: (event: ControlEvent) => void;
    /** Called, a moment after, when an output value changed (the control calls notifyOutputChanged). */
    onOutputsChanged: () => void;
    clock?: Clock;
    newToken?: () => string;
}

/** A control whose properties are all blank, as on a new canvas screen. */
export const EMPTY_INPUTS: TrackerInputs = {
    jobId: null,
    jobParameters: null,
    parameterDefinitions: null,
    run: null,
    errorText: null,
    minPollSeconds: null,
    maxPollSeconds: null,
    disabled: false,
    visible: true,
};

/**
 * The control's behaviour without React or PCF: it takes the maker's inputs, decides which events to
 * raise and when, owns every timer, and exposes what the view shows and what the outputs hold.
 */
export interface RunTracker {
    /** Takes the maker's current property values (each updateView). */
    update(inputs: TrackerInputs): void;
    /** The user confirmed a run with these parameter values. Returns false when no run may start now. */
    trigger(parameterValues: Readonly<Record<string, string>>): boolean;
    /** The user confirmed cancelling the active run. */
    cancel(): boolean;
    /** The host read the outputs (getOutputs): a pending OnTrigger may now be raised. */
    outputsRead(): void;
    view(): TrackerView;
    /** The output values; `format` turns a validation issue into the maker's language. */
    outputs(format: (issue: ValidationIssue) => string): TrackerOutputs;
    subscribe(listener: () => void): () => void;
    /** Stops every timer; the tracker raises nothing afterwards. */
    dispose(): void;
}

// A closure rather than a class: the bundle ships to every user, and a minifier shortens local
// names but not property names.
export function createRunTracker(options: RunTrackerOptions): RunTracker {
    const clock = options.clock ?? systemClock;
    const newToken = options.newToken ?? (() => newIdempotencyToken());
    const listeners = new Set<() => void>();

    let inputs = EMPTY_INPUTS;
    let issues: ValidationIssue[] = [];
    let parameters: ParameterModel = { fields: [], fromDefinitions: false, issues: [] };
    let bounds: PollBounds = { minSeconds: 2, maxSeconds: 30 };
    let run: RunSnapshot | undefined;
    let submission: Submission | undefined;
    let failure: Failure | undefined;
    let requested: Record<string, string> | undefined;
    let token: string | undefined;
    let cancelRequestedFor: string | undefined;

    let trackedStateKey: string | undefined;
    let runStartFor: string | undefined;
    let runStartedAt = 0;
    let stateChangedAt = 0;

    let pollTimer: TimerHandle | undefined;
    let submissionTimer: TimerHandle | undefined;
    let tickTimer: TimerHandle | undefined;
    let pendingTrigger: { timer: TimerHandle; outputsRead: boolean } | undefined;
    let notifyTimer: TimerHandle | undefined;
    let lastOutputs: string | undefined;
    let disposed = false;
    let cachedView: TrackerView | undefined;

    const stopTimer = (timer: TimerHandle | undefined): undefined => {
        if (timer !== undefined) clock.clearTimeout(timer);
        return undefined;
    };
    const errorTextInput = () => (inputs.errorText ?? "").trim();
    const notifyListeners = () => {
        for (const listener of [...listeners]) listener();
    };

    function raise(event: ControlEvent): void {
        if (!disposed && !inputs.disabled) options.raise(event);
    }

    function view(): TrackerView {
        if (cachedView) return cachedView;
        const shownRun = submission || failure ? undefined : run;
        const runActive = shownRun !== undefined && isRunActive(shownRun);
        const cancelRequested = shownRun !== undefined && cancelRequestedFor === shownRun.runId;
        const errorText = errorTextInput();
        cachedView = {
            runState: submission ? "Submitting" : failure ? "Error" : (shownRun?.state ?? "Idle"),
            run: shownRun,
            isActive: submission !== undefined || runActive,
            failure: failure?.kind,
            errorText: !submission && errorText !== "" ? errorText : undefined,
            issues,
            parameters,
            disabled: inputs.disabled,
            canTrigger: !inputs.disabled && issues.length === 0 && submission === undefined,
            canCancel: !inputs.disabled && runActive && !cancelRequested,
            cancelRequested,
            requestedParameters: requested,
            idempotencyToken: token,
            now: clock.now(),
        };
        return cachedView;
    }

    function outputs(format: (issue: ValidationIssue) => string): TrackerOutputs {
        const current = view();
        return {
            RequestedParameters: requested ? JSON.stringify(requested) : "",
            IdempotencyToken: token ?? "",
            RunId: current.run?.runId ?? "",
            RunState: current.runState,
            RunPageUrl: current.run?.runPageUrl ?? "",
            IsActive: current.isActive,
            ValidationError: current.issues.map(format).join("\n"),
        };
    }

    /** The outputs in a comparable form (issues by key, not by their localized text). */
    function outputsKey(): string {
        return JSON.stringify(outputs((i) => JSON.stringify(i)));
    }

    function validate(): void {
        const jobId = parseJobId(inputs.jobId);
        parameters = buildParameterModel(inputs.jobParameters, inputs.parameterDefinitions);
        const poll = readPollBounds(inputs.minPollSeconds, inputs.maxPollSeconds);
        bounds = poll.bounds;
        const runInput = parseRunInput(inputs.run);
        // A Run that cannot be read keeps the last good one: polling goes on, the problem is shown.
        if (runInput.ok) run = runInput.run;
        issues = [
            ...(jobId.ok ? [] : [jobId.issue]),
            ...parameters.issues,
            ...(runInput.ok ? [] : [runInput.issue]),
            ...poll.issues,
        ];
    }

    function endSubmission(failed?: Failure): void {
        const ended = submission;
        if (!ended) return;
        submission = undefined;
        failure = failed;
        submissionTimer = stopTimer(submissionTimer);
        if (!failed && run) {
            // The quick start counts from the click, not from when the run became visible.
            runStartFor = run.runId;
            runStartedAt = ended.startedAt;
        }
    }

    function resolveSubmission(): void {
        const errorText = errorTextInput();
        if (submission) {
            if (errorText === "") submission.errorTextCleared = true;
            if (run && run.runId !== submission.baselineRunId) {
                endSubmission();
            } else if (errorText !== "" && (errorText !== submission.baselineErrorText || submission.errorTextCleared)) {
                endSubmission({ kind: "errorText", baselineRunId: submission.baselineRunId });
            }
        } else if (failure && run && run.runId !== failure.baselineRunId) {
            // The maker's formula set a new run after all (late, or from elsewhere): follow it.
            failure = undefined;
        }
    }

    function shouldPoll(): boolean {
        const current = view();
        return !disposed && current.run !== undefined && current.isActive && inputs.visible && !inputs.disabled;
    }

    function schedulePoll(): void {
        const now = clock.now();
        pollTimer = clock.setTimeout(
            () => {
                pollTimer = undefined;
                if (!shouldPoll()) return;
                raise("OnRefresh");
                schedulePoll();
            },
            nextPollDelayMs(now - runStartedAt, now - stateChangedAt, bounds),
        );
    }

    /** While a run is active and visible, the elapsed time on screen moves every second. */
    function updateTicker(): void {
        const tick = !disposed && inputs.visible && view().isActive;
        if (tick && tickTimer === undefined) {
            const onTick = () => {
                tickTimer = clock.setTimeout(onTick, ELAPSED_TICK_MS);
                cachedView = undefined;
                notifyListeners();
            };
            tickTimer = clock.setTimeout(onTick, ELAPSED_TICK_MS);
        } else if (!tick) {
            tickTimer = stopTimer(tickTimer);
        }
    }

    /** Keeps the OnRefresh timer in line with the state; `restart` starts the delay over. */
    function reschedulePolling(restart: boolean): void {
        cachedView = undefined;
        const poll = shouldPoll();
        if (!poll) {
            pollTimer = stopTimer(pollTimer);
        } else if (restart || pollTimer === undefined) {
            pollTimer = stopTimer(pollTimer);
            schedulePoll();
        }
        updateTicker();
    }

    function trackStateChanges(previous: TrackerInputs): void {
        const shown = submission || failure ? undefined : run;
        const key = shown ? `${shown.runId}|${shown.state}` : undefined;
        const now = clock.now();
        let restart = false;
        if (shown && shown.runId !== runStartFor) {
            // A run the control did not submit, or saw only now: its quick start begins now.
            runStartFor = shown.runId;
            runStartedAt = now;
        }
        if (key !== trackedStateKey) {
            trackedStateKey = key;
            stateChangedAt = now;
            restart = true;
        }
        if (previous.visible !== inputs.visible || previous.disabled !== inputs.disabled) {
            // Whatever happened while the control was hidden or disabled is unseen: look again soon.
            stateChangedAt = now;
            restart = true;
        }
        reschedulePolling(restart);
    }

    function afterChange(): void {
        cachedView = undefined;
        if (disposed) return;
        reschedulePolling(false);
        if (outputsKey() !== lastOutputs && notifyTimer === undefined) {
            // Not from inside updateView: a host re-renders on notifyOutputChanged, and React warns
            // (and canvas may loop) when that happens during a render.
            notifyTimer = clock.setTimeout(() => {
                notifyTimer = undefined;
                lastOutputs = outputsKey();
                options.onOutputsChanged();
            }, 0);
        }
        notifyListeners();
    }

    function flushTrigger(): void {
        if (!pendingTrigger) return;
        pendingTrigger = undefined;
        // raise() checks again: a control disabled since the click raises nothing.
        raise("OnTrigger");
    }

    function onSubmissionTimeout(): void {
        submissionTimer = undefined;
        if (!submission) return;
        endSubmission({ kind: "noRunStarted", baselineRunId: submission.baselineRunId });
        afterChange();
    }

    return {
        update(next) {
            if (disposed) return;
            const previous = inputs;
            inputs = next;
            validate();
            resolveSubmission();
            trackStateChanges(previous);
            afterChange();
        },

        trigger(parameterValues) {
            if (disposed || !view().canTrigger) return false;
            submission = {
                startedAt: clock.now(),
                baselineRunId: run?.runId,
                baselineErrorText: errorTextInput(),
                errorTextCleared: false,
            };
            failure = undefined;
            cancelRequestedFor = undefined;
            requested = { ...parameterValues };
            token = newToken();
            submissionTimer = clock.setTimeout(onSubmissionTimeout, SUBMISSION_TIMEOUT_MS);
            // OnTrigger's formula reads RequestedParameters and IdempotencyToken: raise it once the
            // host has read the new outputs (see outputsRead), not before.
            pendingTrigger = { outputsRead: false, timer: clock.setTimeout(flushTrigger, OUTPUTS_READ_FALLBACK_MS) };
            afterChange();
            return true;
        },

        cancel() {
            const current = view();
            if (disposed || !current.canCancel || !current.run) return false;
            cancelRequestedFor = current.run.runId;
            raise("OnCancel");
            // A cancelled run ends within seconds: poll from the minimum again to show it promptly.
            stateChangedAt = clock.now();
            reschedulePolling(true);
            afterChange();
            return true;
        },

        outputsRead() {
            if (pendingTrigger && !pendingTrigger.outputsRead) {
                pendingTrigger.outputsRead = true;
                stopTimer(pendingTrigger.timer);
                pendingTrigger.timer = clock.setTimeout(flushTrigger, 0);
            }
        },

        view,
        outputs,

        subscribe(listener) {
            listeners.add(listener);
            return () => listeners.delete(listener);
        },

        dispose() {
            disposed = true;
            pollTimer = stopTimer(pollTimer);
            submissionTimer = stopTimer(submissionTimer);
            tickTimer = stopTimer(tickTimer);
            notifyTimer = stopTimer(notifyTimer);
            stopTimer(pendingTrigger?.timer);
            pendingTrigger = undefined;
            listeners.clear();
        },
    };
}

/** An Unknown state counts as active until Databricks sets an end time: a new state must not stop polling. */
export function isRunActive(run: RunSnapshot): boolean {
    return isActiveState(run.state) || (run.state === "Unknown" && run.endTime === undefined);
}
