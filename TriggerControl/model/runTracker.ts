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
    /** Called when an output value changed (the control calls notifyOutputChanged). */
    onOutputsChanged: () => void;
    clock?: Clock;
    newToken?: () => string;
}

const EMPTY_INPUTS: TrackerInputs = {
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
export class RunTracker {
    private readonly clock: Clock;
    private readonly raiseEvent: (event: ControlEvent) => void;
    private readonly onOutputsChanged: () => void;
    private readonly newToken: () => string;
    private readonly listeners = new Set<() => void>();

    private inputs: TrackerInputs = EMPTY_INPUTS;
    private issues: ValidationIssue[] = [];
    private parameters: ParameterModel = { fields: [], fromDefinitions: false, issues: [] };
    private bounds: PollBounds = { minSeconds: 2, maxSeconds: 30 };
    private run?: RunSnapshot;
    private submission?: Submission;
    private failure?: Failure;
    private requested?: Record<string, string>;
    private token?: string;
    private cancelRequestedFor?: string;

    private trackedStateKey?: string;
    private runStartFor?: string;
    private runStartedAt = 0;
    private stateChangedAt = 0;
    private wasPolling = false;

    private pollTimer?: TimerHandle;
    private submissionTimer?: TimerHandle;
    private tickTimer?: TimerHandle;
    private pendingTrigger?: { timer: TimerHandle; outputsRead: boolean };
    private lastOutputs?: string;
    private disposed = false;
    private cachedView?: TrackerView;

    constructor(options: RunTrackerOptions) {
        this.clock = options.clock ?? systemClock;
        this.raiseEvent = options.raise;
        this.onOutputsChanged = options.onOutputsChanged;
        this.newToken = options.newToken ?? (() => newIdempotencyToken());
    }

    /** Takes the maker's current property values (each updateView). */
    update(inputs: TrackerInputs): void {
        if (this.disposed) return;
        const previous = this.inputs;
        this.inputs = inputs;
        this.validate();
        this.resolveSubmission(previous);
        this.trackStateChanges(previous);
        this.afterChange();
    }

    /** The user confirmed a run with these parameter values. Returns false when no run may start now. */
    trigger(parameterValues: Readonly<Record<string, string>>): boolean {
        if (this.disposed || !this.view().canTrigger) return false;
        const now = this.clock.now();
        this.submission = {
            startedAt: now,
            baselineRunId: this.run?.runId,
            baselineErrorText: this.errorTextInput(),
            errorTextCleared: false,
        };
        this.failure = undefined;
        this.cancelRequestedFor = undefined;
        this.requested = { ...parameterValues };
        this.token = this.newToken();
        this.submissionTimer = this.clock.setTimeout(() => this.onSubmissionTimeout(), SUBMISSION_TIMEOUT_MS);
        // OnTrigger's formula reads RequestedParameters and IdempotencyToken: raise it once the host
        // has read the new outputs (see outputsRead), not before.
        this.pendingTrigger = {
            outputsRead: false,
            timer: this.clock.setTimeout(() => this.flushTrigger(), OUTPUTS_READ_FALLBACK_MS),
        };
        this.afterChange();
        return true;
    }

    /** The user confirmed cancelling the active run. */
    cancel(): boolean {
        const view = this.view();
        if (this.disposed || !view.canCancel || !view.run) return false;
        this.cancelRequestedFor = view.run.runId;
        this.raise("OnCancel");
        // A cancelled run ends within seconds: poll from the minimum again to show it promptly.
        this.stateChangedAt = this.clock.now();
        this.reschedulePolling(true);
        this.afterChange();
        return true;
    }

    /** The host read the outputs (getOutputs): a pending OnTrigger may now be raised. */
    outputsRead(): void {
        if (this.pendingTrigger && !this.pendingTrigger.outputsRead) {
            this.pendingTrigger.outputsRead = true;
            this.clock.clearTimeout(this.pendingTrigger.timer);
            this.pendingTrigger.timer = this.clock.setTimeout(() => this.flushTrigger(), 0);
        }
    }

    subscribe(listener: () => void): () => void {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }

    /** Stops every timer; the tracker raises nothing afterwards. */
    dispose(): void {
        this.disposed = true;
        for (const timer of [this.pollTimer, this.submissionTimer, this.tickTimer, this.pendingTrigger?.timer]) {
            if (timer !== undefined) this.clock.clearTimeout(timer);
        }
        this.pollTimer = this.submissionTimer = this.tickTimer = this.pendingTrigger = undefined;
        this.listeners.clear();
    }

    view(): TrackerView {
        if (this.cachedView) return this.cachedView;
        const shownRun = this.submission || this.failure ? undefined : this.run;
        const runState: RunState = this.submission
            ? "Submitting"
            : this.failure
              ? "Error"
              : (shownRun?.state ?? "Idle");
        const isActive = this.submission !== undefined || (shownRun !== undefined && isRunActive(shownRun));
        const blocked = this.inputs.disabled || this.issues.length > 0 || this.submission !== undefined;
        const errorText = this.errorTextInput();
        this.cachedView = {
            runState,
            run: shownRun,
            isActive,
            failure: this.failure?.kind,
            errorText: !this.submission && errorText !== "" ? errorText : undefined,
            issues: this.issues,
            parameters: this.parameters,
            canTrigger: !blocked,
            canCancel: !this.inputs.disabled && shownRun !== undefined && isRunActive(shownRun) && !this.isCancelRequested(shownRun),
            cancelRequested: shownRun !== undefined && this.isCancelRequested(shownRun),
            requestedParameters: this.requested,
            idempotencyToken: this.token,
            now: this.clock.now(),
        };
        return this.cachedView;
    }

    /** The output values; `format` turns a validation issue into the maker's language. */
    outputs(format: (issue: ValidationIssue) => string): TrackerOutputs {
        const view = this.view();
        return {
            RequestedParameters: this.requested ? JSON.stringify(this.requested) : "",
            IdempotencyToken: this.token ?? "",
            RunId: view.run?.runId ?? "",
            RunState: view.runState,
            RunPageUrl: view.run?.runPageUrl ?? "",
            IsActive: view.isActive,
            ValidationError: view.issues.map(format).join("\n"),
        };
    }

    private isCancelRequested(run: RunSnapshot): boolean {
        return this.cancelRequestedFor === run.runId;
    }

    private errorTextInput(): string {
        return (this.inputs.errorText ?? "").trim();
    }

    private validate(): void {
        const jobId = parseJobId(this.inputs.jobId);
        this.parameters = buildParameterModel(this.inputs.jobParameters, this.inputs.parameterDefinitions);
        const poll = readPollBounds(this.inputs.minPollSeconds, this.inputs.maxPollSeconds);
        this.bounds = poll.bounds;
        const runInput = parseRunInput(this.inputs.run);
        // A Run that cannot be read keeps the last good one: polling goes on, the problem is shown.
        if (runInput.ok) {
            this.run = runInput.run;
        }
        this.issues = [
            ...(jobId.ok ? [] : [jobId.issue]),
            ...this.parameters.issues,
            ...(runInput.ok ? [] : [runInput.issue]),
            ...poll.issues,
        ];
    }

    private resolveSubmission(previous: TrackerInputs): void {
        const errorText = this.errorTextInput();
        const submission = this.submission;
        if (submission) {
            if (errorText === "") submission.errorTextCleared = true;
            if (this.run && this.run.runId !== submission.baselineRunId) {
                this.endSubmission();
            } else if (
                errorText !== "" &&
                (errorText !== submission.baselineErrorText || submission.errorTextCleared)
            ) {
                this.endSubmission({ kind: "errorText", baselineRunId: submission.baselineRunId });
            }
        } else if (this.failure && this.run && this.run.runId !== this.failure.baselineRunId) {
            // The maker's formula set a new run after all (late, or from elsewhere): follow it.
            this.failure = undefined;
        }
        if (previous.errorText !== this.inputs.errorText) this.cachedView = undefined;
    }

    private endSubmission(failure?: Failure): void {
        const submission = this.submission;
        if (!submission) return;
        this.submission = undefined;
        this.failure = failure;
        if (this.submissionTimer !== undefined) this.clock.clearTimeout(this.submissionTimer);
        this.submissionTimer = undefined;
        if (!failure && this.run) {
            // The quick start counts from the click, not from when the run became visible.
            this.runStartFor = this.run.runId;
            this.runStartedAt = submission.startedAt;
        }
    }

    private onSubmissionTimeout(): void {
        this.submissionTimer = undefined;
        if (!this.submission) return;
        this.endSubmission({ kind: "noRunStarted", baselineRunId: this.submission.baselineRunId });
        this.afterChange();
    }

    private flushTrigger(): void {
        if (!this.pendingTrigger) return;
        this.pendingTrigger = undefined;
        // A disabled control raises nothing, even for a click it accepted just before.
        if (!this.inputs.disabled) this.raise("OnTrigger");
    }

    private raise(event: ControlEvent): void {
        if (!this.disposed && !this.inputs.disabled) this.raiseEvent(event);
    }

    private trackStateChanges(previous: TrackerInputs): void {
        const run = this.submission || this.failure ? undefined : this.run;
        const key = run ? `${run.runId}|${run.state}` : undefined;
        const now = this.clock.now();
        let restart = false;
        if (run && run.runId !== this.runStartFor) {
            // A run the control did not submit, or saw only now: its quick start begins now.
            this.runStartFor = run.runId;
            this.runStartedAt = now;
        }
        if (key !== this.trackedStateKey) {
            this.trackedStateKey = key;
            this.stateChangedAt = now;
            restart = true;
        }
        if (previous.visible !== this.inputs.visible || previous.disabled !== this.inputs.disabled) {
            // Whatever happened while the control was hidden or disabled is unseen: look again soon.
            this.stateChangedAt = now;
            restart = true;
        }
        this.reschedulePolling(restart);
    }

    private shouldPoll(): boolean {
        const view = this.view();
        return (
            !this.disposed &&
            view.run !== undefined &&
            view.isActive &&
            this.inputs.visible &&
            !this.inputs.disabled
        );
    }

    /** Keeps the OnRefresh timer in line with the state; `restart` starts the delay over. */
    private reschedulePolling(restart: boolean): void {
        this.cachedView = undefined;
        const poll = this.shouldPoll();
        if (!poll) {
            if (this.pollTimer !== undefined) this.clock.clearTimeout(this.pollTimer);
            this.pollTimer = undefined;
        } else if (restart || !this.wasPolling || this.pollTimer === undefined) {
            if (this.pollTimer !== undefined) this.clock.clearTimeout(this.pollTimer);
            this.schedulePoll();
        }
        this.wasPolling = poll;
        this.updateTicker();
    }

    private schedulePoll(): void {
        const now = this.clock.now();
        const delay = nextPollDelayMs(now - this.runStartedAt, now - this.stateChangedAt, this.bounds);
        this.pollTimer = this.clock.setTimeout(() => {
            this.pollTimer = undefined;
            if (!this.shouldPoll()) return;
            this.raise("OnRefresh");
            this.schedulePoll();
        }, delay);
    }

    /** While a run is active and visible, the elapsed time on screen moves every second. */
    private updateTicker(): void {
        const tick = !this.disposed && this.inputs.visible && this.view().isActive;
        if (tick && this.tickTimer === undefined) {
            const onTick = () => {
                this.tickTimer = this.clock.setTimeout(onTick, ELAPSED_TICK_MS);
                this.cachedView = undefined;
                this.notifyListeners();
            };
            this.tickTimer = this.clock.setTimeout(onTick, ELAPSED_TICK_MS);
        } else if (!tick && this.tickTimer !== undefined) {
            this.clock.clearTimeout(this.tickTimer);
            this.tickTimer = undefined;
        }
    }

    private afterChange(): void {
        this.cachedView = undefined;
        if (this.disposed) return;
        this.reschedulePolling(false);
        const outputs = JSON.stringify(this.outputs((i) => `${i.messageKey}:${i.args.join("|")}`));
        if (outputs !== this.lastOutputs) {
            this.lastOutputs = outputs;
            this.onOutputsChanged();
        }
        this.notifyListeners();
    }

    private notifyListeners(): void {
        for (const listener of [...this.listeners]) listener();
    }
}

/** An Unknown state counts as active until Databricks sets an end time: a new state must not stop polling. */
export function isRunActive(run: RunSnapshot): boolean {
    return isActiveState(run.state) || (run.state === "Unknown" && run.endTime === undefined);
}
