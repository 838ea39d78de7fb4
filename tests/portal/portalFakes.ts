import { VirtualClock } from "../../bench/virtualClock";
import type { FlowOutcome, FlowReply, FlowRequest, FlowTransport, TransportFailure } from "../../portal/src/transport";
import { queued, running, runJson, succeeded } from "../runModel/runFixtures";

export const canceled = (runId: number) =>
    runJson(runId, {
        start_time: 1_700_000_000_000,
        end_time: 1_700_000_020_000,
        status: {
            state: "TERMINATED",
            termination_details: { code: "USER_CANCELED", type: "SUCCESS", message: "Canceled by a visitor" },
        },
        state: { life_cycle_state: "TERMINATED", result_state: "CANCELED", state_message: "Canceled by a visitor" },
    });

export const JOB_ID = "11";
export const JOB = { name: "Nightly load", parameters: [{ name: "region", default: "emea" }, { name: "day" }] };

export const reply = (fields: Partial<FlowReply>): FlowOutcome => ({
    ok: true,
    reply: { run: "", job: "", error: "", code: "", ...fields },
});
export const failure = (kind: TransportFailure["kind"], status?: number): FlowOutcome => ({
    ok: false,
    failure: { kind, status, detail: `${kind} in the test` },
});

/**
 * The portal flow as the tests script it: describe answers the job; start answers a queued run;
 * each status answers the next run JSON of `runStates` (the last one repeats). `override` answers
 * a request instead, when it returns an outcome.
 */
export function fakeFlow(
    options: {
        runStates?: Array<(runId: number) => string>;
        override?: (request: FlowRequest) => FlowOutcome | undefined;
    } = {},
) {
    const requests: FlowRequest[] = [];
    const runStates = options.runStates ?? [running, running, succeeded];
    let statusCalls = 0;
    let nextRunId = 100;
    let runId = 0;
    const transport: FlowTransport = (request) => {
        requests.push(request);
        const overridden = options.override?.(request);
        if (overridden) return Promise.resolve(overridden);
        switch (request.action) {
            case "describe":
                return Promise.resolve(reply({ job: JSON.stringify(JOB) }));
            case "start":
                runId = nextRunId++;
                statusCalls = 0;
                return Promise.resolve(reply({ run: queued(runId) }));
            case "status":
                return Promise.resolve(
                    reply({ run: runStates[Math.min(statusCalls++, runStates.length - 1)](Number(request.run_id)) }),
                );
            case "cancel":
                return Promise.resolve(reply({ run: canceled(Number(request.run_id)) }));
        }
    };
    const count = (action: FlowRequest["action"]) => requests.filter((r) => r.action === action).length;
    return { transport, requests, count };
}

/** Lets promise callbacks (the fake transport's answers, a few links each) run. */
export async function settle(): Promise<void> {
    for (let turn = 0; turn < 20; turn++) await Promise.resolve();
}

/** A virtual clock that settles the transport's promises between its steps. */
export function steppingClock() {
    const clock = new VirtualClock();
    const advance = async (ms: number, stepMs = 100) => {
        const end = clock.now() + ms;
        await settle();
        while (clock.now() < end) {
            clock.advanceTo(Math.min(end, clock.now() + stepMs));
            await settle();
        }
    };
    return { clock, advance };
}
