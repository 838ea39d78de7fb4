import { createRunTracker, EMPTY_INPUTS, type TrackerInputs } from "../runModel/runTracker";
import { isTerminalState } from "../runModel/runState";
import { VirtualClock } from "./virtualClock";

export interface Phase {
    /** A lifecycle v2 status.state. */
    state: string;
    durationMs: number;
}

export interface SimulationResult {
    refreshes: number;
    /** From the run's end to the control showing its final state. */
    lagMs: number;
}

/** The phases of a realistic job run of the given length: queue, cluster start, work, clean-up. */
export function realisticPhases(totalMs: number): Phase[] {
    const queued = Math.min(500, totalMs * 0.05);
    const pending = Math.min(300_000, totalMs * 0.1);
    const terminating = Math.min(30_000, totalMs * 0.05);
    return [
        { state: "QUEUED", durationMs: queued },
        { state: "PENDING", durationMs: pending },
        { state: "RUNNING", durationMs: totalMs - queued - pending - terminating },
        { state: "TERMINATING", durationMs: terminating },
    ];
}

/** The run as GetRun shows it at `time`, for a run that started at `startedAt`. */
export function runJsonAt(phases: readonly Phase[], startedAt: number, time: number): string {
    let phaseEnd = startedAt;
    for (const phase of phases) {
        phaseEnd += phase.durationMs;
        if (time < phaseEnd) return JSON.stringify({ run_id: 1, status: { state: phase.state } });
    }
    return JSON.stringify({ run_id: 1, status: { state: "TERMINATED", termination_details: { code: "SUCCESS" } } });
}

/**
 * Runs the real RunTracker against a simulated run: the user clicks at 0; the maker's OnTrigger
 * (RunNow + GetRun) and each OnRefresh (GetRun) answer after `latencyMs`.
 */
export function simulateRun(
    phases: readonly Phase[],
    bounds: { minSeconds: number; maxSeconds: number },
    latencyMs = 300,
): SimulationResult {
    const clock = new VirtualClock();
    let refreshes = 0;
    const inputs: TrackerInputs = {
        ...EMPTY_INPUTS,
        jobId: "1",
        minPollSeconds: bounds.minSeconds,
        maxPollSeconds: bounds.maxSeconds,
    };
    const answerAfterLatency = () => {
        clock.setTimeout(() => tracker.update({ ...inputs, run: runJsonAt(phases, 0, clock.now()) }), latencyMs);
    };
    const tracker = createRunTracker({
        clock,
        // A canvas app reads the outputs, then lists them as updated in its next updateView.
        onOutputsChanged: () => {
            tracker.outputsRead();
            tracker.outputsTaken();
        },
        raise: (event) => {
            if (event === "refresh") refreshes++;
            answerAfterLatency();
        },
    });
    tracker.update(inputs);
    tracker.trigger({});

    const endsAt = phases.reduce((sum, p) => sum + p.durationMs, 0);
    const limit = endsAt + 24 * 3_600_000;
    let shownAt: number | undefined;
    while (shownAt === undefined && clock.now() < limit) {
        clock.advanceTo(clock.now() + 100);
        if (isTerminalState(tracker.view().runState)) shownAt = clock.now();
    }
    tracker.dispose();
    if (shownAt === undefined) throw new Error("the simulated run was never seen ending");
    return { refreshes, lagMs: shownAt - endsAt };
}

/**
 * The worst lag over runs of about this length: ending at every point (in 250 ms steps) of a window
 * of a tenth of the length, at most one longest poll interval, so that the end falls everywhere
 * between two refreshes.
 */
export function worstLag(totalMs: number, bounds: { minSeconds: number; maxSeconds: number }): number {
    const window = Math.min(bounds.maxSeconds * 1000, totalMs / 10);
    let worst = 0;
    for (let shift = 0; shift <= window; shift += 250) {
        worst = Math.max(worst, simulateRun(realisticPhases(totalMs + shift), bounds).lagMs);
    }
    return worst;
}
