import { nextPollDelayMs, type PollBounds } from "./pollingSchedule";
import type { RunSnapshot } from "./runSnapshot";

/**
 * What the delay before the next refresh depends on: when the run on screen started, and since when
 * its state has held. Replaced, never changed in place: a new object means the delay starts over.
 */
export interface RefreshTiming {
    /** The run whose quick start is counted. */
    readonly runId?: string;
    readonly runStartedAt: number;
    /** The run and state on screen, as `runId|state`; undefined when no run is shown. */
    readonly shownKey?: string;
    readonly shownSince: number;
}

export const INITIAL_TIMING: RefreshTiming = { runStartedAt: 0, shownSince: 0 };

/** The timing after `shown` is on screen at `now`: a new run or state starts the delay over. */
export function followShownRun(timing: RefreshTiming, shown: RunSnapshot | undefined, now: number): RefreshTiming {
    let next = timing;
    if (shown && shown.runId !== timing.runId) {
        // A run the control did not submit, or saw only now: its quick start begins now.
        next = { ...next, runId: shown.runId, runStartedAt: now };
    }
    const key = shown ? `${shown.runId}|${shown.state}` : undefined;
    return key === next.shownKey ? next : { ...next, shownKey: key, shownSince: now };
}

/** Something may have changed unseen (the control was hidden, or a cancel was asked): look again soon. */
export function lookAgainSoon(timing: RefreshTiming, now: number): RefreshTiming {
    return { ...timing, shownSince: now };
}

export function refreshDelayMs(timing: RefreshTiming, bounds: PollBounds, now: number): number {
    return nextPollDelayMs(now - timing.runStartedAt, now - timing.shownSince, bounds);
}
