import { isTerminalState } from "../runModel/runState";
import { createRunSession } from "../portal/src/runSession";
import type { FlowOutcome, FlowRequest } from "../portal/src/transport";
import { runJsonAt, type Phase } from "./runSimulation";
import { VirtualClock } from "./virtualClock";

export interface PortalSimulationResult {
    /** Every call to the portal flow (describe, start, status), each one flow run. */
    flowRuns: number;
    statusCalls: number;
    /** From the run's end to the page showing its final state. */
    lagMs: number;
}

const JOB_REPLY = JSON.stringify({ name: "Simulated job", parameters: [] });

/** Lets the promise chains of answers that arrived in this step run before the clock moves on. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs the portal component's session (portal/src/runSession.ts: the shared run tracker answered by
 * calls to the portal flow) against a simulated run: the page opens at 0 and describes the job, the
 * visitor starts the run once it is described, and each flow run answers after `latencyMs` (the
 * site, the flow's start-up and its Databricks call together).
 */
export async function simulatePortalRun(
    phases: readonly Phase[],
    bounds: { minSeconds: number; maxSeconds: number },
    latencyMs = 1_500,
): Promise<PortalSimulationResult> {
    const clock = new VirtualClock();
    let flowRuns = 0;
    let statusCalls = 0;
    let startedAt: number | undefined;
    const transport = (request: FlowRequest) =>
        new Promise<FlowOutcome>((resolve) => {
            flowRuns++;
            if (request.action === "status") statusCalls++;
            if (request.action === "start") startedAt = clock.now();
            clock.setTimeout(() => {
                const run = request.action === "describe" ? "" : runJsonAt(phases, startedAt ?? 0, clock.now());
                const job = request.action === "describe" ? JOB_REPLY : "";
                resolve({ ok: true, reply: { run, job, error: "", code: "" } });
            }, latencyMs);
        });
    const session = createRunSession({
        transport,
        clock,
        jobId: "1",
        minPollSeconds: bounds.minSeconds,
        maxPollSeconds: bounds.maxSeconds,
    });
    void session.describe();
    let started = false;
    let shownAt: number | undefined;
    // From timer to timer: only a timer (an answer arriving, a refresh falling due) changes what the page shows.
    for (let next = clock.nextTimerAt(); shownAt === undefined && next !== undefined; next = clock.nextTimerAt()) {
        clock.advanceTo(next);
        await settle();
        if (!started && session.view().canStart) started = session.start(new Map());
        if (started && startedAt !== undefined && isTerminalState(session.view().tracker.runState))
            shownAt = clock.now();
    }
    session.dispose();
    if (shownAt === undefined || startedAt === undefined)
        throw new Error("the simulated portal run was never seen ending");
    const endsAt = startedAt + phases.reduce((sum, p) => sum + p.durationMs, 0);
    return { flowRuns, statusCalls, lagMs: shownAt - endsAt };
}
