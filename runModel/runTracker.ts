import { systemClock, type Clock } from "./clock";
import { newIdempotencyToken } from "./idempotencyToken";
import { refreshDelayMs } from "./refreshTiming";
import { createTimer } from "./timer";
import type { TrackerInputs } from "./trackerInputs";
import {
    applyInputs,
    atTime,
    initialState,
    openRequest,
    raiseRequest,
    requestCancel,
    startRequest,
    timeOutRequest,
    withdrawRequest,
    type TrackerState,
} from "./trackerState";
import { deriveView, publishedValuesKey, showsElapsedTime, wantsRefresh, type TrackerView } from "./trackerView";

export { EMPTY_INPUTS, type TrackerInputs } from "./trackerInputs";
export type { SubmissionFailure } from "./trackerState";
export type { TrackerView } from "./trackerView";

/**
 * What the tracker asks of the host; the host answers each with a connector call. `trigger`: start
 * the run (RunNow); `refresh`: read it again (GetRun); `cancel`: cancel it (CancelRun).
 */
export type RunEvent = "trigger" | "refresh" | "cancel";

/** Without a new run id or an ErrorText by then, the host's answer to `trigger` did not start a run. */
export const SUBMISSION_TIMEOUT_MS = 60_000;
/**
 * `trigger` goes out once the host has taken the new outputs (outputsTaken). A host that does not
 * read them within this time after the click, or does not say it took them within this time after
 * reading them, gets the event anyway.
 */
export const OUTPUTS_TAKEN_FALLBACK_MS = 500;
export const ELAPSED_TICK_MS = 1_000;

export interface RunTrackerOptions {
    raise: (event: RunEvent) => void;
    /** Called, a moment after, when a value the host publishes changed (the control calls notifyOutputChanged). */
    onOutputsChanged: () => void;
    clock?: Clock;
    newToken?: () => string;
}

/**
 * The control's behaviour without React or PCF: it takes the host's inputs, decides which events to
 * raise and when, owns every timer, and exposes what the view shows and what the host publishes.
 */
export interface RunTracker {
    /** Takes the host's current property values (each updateView). */
    update(inputs: TrackerInputs): void;
    /** The user confirmed a run with these parameter values. Returns false when no run may start now. */
    trigger(parameterValues: Readonly<Record<string, string>>): boolean;
    /** The user confirmed cancelling the active run. */
    cancel(): boolean;
    /** The host read the published values (getOutputs). */
    outputsRead(): void;
    /**
     * The host has taken the values it read: its formulas now see them (in a canvas app, updateView
     * lists IdempotencyToken among the updated properties). A pending `trigger` goes out now.
     */
    outputsTaken(): void;
    view(): TrackerView;
    subscribe(listener: () => void): () => void;
    /** Stops every timer; the tracker raises nothing afterwards. */
    dispose(): void;
}

/**
 * Wires the pure parts (trackerState's transitions, trackerView's derived view) to the clock, the
 * host and the listeners: each change commits a new state, then brings the timers in line with it.
 */
export function createRunTracker(options: RunTrackerOptions): RunTracker {
    const clock = options.clock ?? systemClock;
    const newToken = options.newToken ?? (() => newIdempotencyToken());
    const listeners = new Set<() => void>();
    const refreshTimer = createTimer(clock);
    const submissionTimer = createTimer(clock);
    const triggerTimer = createTimer(clock);
    const elapsedTimer = createTimer(clock);
    const publishTimer = createTimer(clock);

    let state = initialState(clock.now());
    let published: string | undefined;
    let outputsReadSinceClick = false;
    let disposed = false;

    const view = () => deriveView(state);
    const notifyListeners = () => {
        for (const listener of [...listeners]) listener();
    };

    function raise(event: RunEvent): void {
        if (!disposed && !state.inputs.disabled) options.raise(event);
    }

    /**
     * The pending `trigger` is due. It goes out only if a run may still start: a control disabled, or
     * whose inputs became invalid, since the click withdraws the request instead (nothing was sent).
     */
    function raiseTrigger(): void {
        triggerTimer.stop();
        const { disabled, issues } = view();
        if (disabled || issues.length > 0) return commit(withdrawRequest(state));
        commit(raiseRequest(state));
        raise("trigger");
    }

    function scheduleRefresh(): void {
        refreshTimer.start(
            () => {
                if (!wantsRefresh(view(), state.inputs)) return;
                raise("refresh");
                scheduleRefresh();
            },
            refreshDelayMs(state.timing, state.checked.bounds, clock.now()),
        );
    }

    function tickElapsed(): void {
        elapsedTimer.start(tickElapsed, ELAPSED_TICK_MS);
        state = atTime(state, clock.now());
        notifyListeners();
    }

    /** Moves to `next`, then brings the timers, the published values and the listeners in line with it. */
    function commit(next: TrackerState): void {
        const timingRestarted = next.timing !== state.timing;
        state = next;
        if (!openRequest(state)) submissionTimer.stop();
        const current = view();
        if (!wantsRefresh(current, state.inputs)) refreshTimer.stop();
        else if (timingRestarted || !refreshTimer.isWaiting()) scheduleRefresh();
        if (!showsElapsedTime(current, state.inputs)) elapsedTimer.stop();
        else if (!elapsedTimer.isWaiting()) elapsedTimer.start(tickElapsed, ELAPSED_TICK_MS);
        if (publishedValuesKey(current) !== published && !publishTimer.isWaiting()) {
            // Not from inside updateView: a host re-renders on notifyOutputChanged, and React warns
            // (and canvas may loop) when that happens during a render.
            publishTimer.start(() => {
                published = publishedValuesKey(view());
                options.onOutputsChanged();
            }, 0);
        }
        notifyListeners();
    }

    return {
        update(inputs) {
            if (!disposed) commit(applyInputs(state, inputs, clock.now()));
        },

        trigger(parameterValues) {
            if (disposed || !view().canTrigger) return false;
            const next = startRequest(state, parameterValues, newToken(), clock.now());
            submissionTimer.start(() => commit(timeOutRequest(state, clock.now())), SUBMISSION_TIMEOUT_MS);
            // The host's answer to `trigger` reads the requested parameters and the idempotency token:
            // raise it once the host has taken the new values (outputsTaken), not before.
            outputsReadSinceClick = false;
            triggerTimer.start(raiseTrigger, OUTPUTS_TAKEN_FALLBACK_MS);
            commit(next);
            return true;
        },

        cancel() {
            const { run, canCancel } = view();
            if (disposed || !canCancel || !run) return false;
            raise("cancel");
            commit(requestCancel(state, run.runId, clock.now()));
            return true;
        },

        outputsRead() {
            if (triggerTimer.isWaiting() && !outputsReadSinceClick) {
                outputsReadSinceClick = true;
                triggerTimer.start(raiseTrigger, OUTPUTS_TAKEN_FALLBACK_MS);
            }
        },

        outputsTaken() {
            // Only values read since the click carry this request's token.
            if (triggerTimer.isWaiting() && outputsReadSinceClick) raiseTrigger();
        },

        view,

        subscribe(listener) {
            listeners.add(listener);
            return () => listeners.delete(listener);
        },

        dispose() {
            disposed = true;
            for (const timer of [refreshTimer, submissionTimer, triggerTimer, elapsedTimer, publishTimer]) timer.stop();
            listeners.clear();
        },
    };
}
