import { createRunSession, type RunSessionOptions } from "../../portal/src/runSession";
import type { FlowOutcome, FlowRequest } from "../../portal/src/transport";
import { failed, running, succeeded } from "../runModel/runFixtures";
import { failure, fakeFlow, JOB_ID, reply, steppingClock } from "./portalFakes";

function setup(flow = fakeFlow(), options: Partial<RunSessionOptions> = {}) {
    const { clock, advance } = steppingClock();
    let tokens = 0;
    const session = createRunSession({
        transport: flow.transport,
        clock,
        jobId: JOB_ID,
        newToken: () => `token-${++tokens}`,
        ...options,
    });
    return { session, flow, clock, advance };
}

async function described(flow = fakeFlow(), options: Partial<RunSessionOptions> = {}) {
    const context = setup(flow, options);
    await context.session.describe();
    return context;
}

describe("describe", () => {
    test("asks the flow for the job and offers exactly its parameters, prefilled from the page", async () => {
        const { session, flow } = setup(fakeFlow(), { parameters: '{"day": "monday"}' });
        expect(session.view().canStart).toBe(false);
        await session.describe();
        expect(flow.requests).toEqual([{ action: "describe", job_id: JOB_ID }]);
        const view = session.view();
        expect(view.jobPhase).toBe("described");
        expect(view.jobName).toBe("Nightly load");
        expect(view.tracker.parameters.fields).toEqual([
            { name: "region", defaultValue: "emea", initialValue: "emea" },
            { name: "day", defaultValue: undefined, initialValue: "monday" },
        ]);
        expect(view.canStart).toBe(true);
    });

    test("a job without parameters gives an empty form from the job's definitions", async () => {
        const flow = fakeFlow({
            override: (r) => (r.action === "describe" ? reply({ job: '{"name": "Bare"}' }) : undefined),
        });
        const { session } = await described(flow);
        expect(session.view().tracker.parameters).toMatchObject({ fields: [], fromDefinitions: true, issues: [] });
    });

    test("a prefill the job does not define is the model's issue, and blocks the run", async () => {
        const { session } = await described(fakeFlow(), { parameters: '{"colour": "red"}' });
        expect(session.view().tracker.issues.map((i) => i.messageKey)).toEqual(["Validation_JobParameterUndefined"]);
        expect(session.view().canStart).toBe(false);
    });

    test("an invalid job id asks nothing and is the model's issue", async () => {
        const { session, flow } = setup(fakeFlow(), { jobId: "12ab" });
        await session.describe();
        expect(flow.requests).toEqual([]);
        expect(session.view().jobPhase).toBe("invalid");
        expect(session.view().tracker.issues.map((i) => i.messageKey)).toEqual(["Validation_JobIdNotDigits"]);
    });

    test("a refused job: the flow's error and code, and no run may start", async () => {
        const flow = fakeFlow({
            override: (r) =>
                r.action === "describe"
                    ? reply({ error: "Job 11 is not allowed here.", code: "not_allowed" })
                    : undefined,
        });
        const { session } = await described(flow);
        expect(session.view()).toMatchObject({
            jobPhase: "failed",
            canStart: false,
            problem: {
                source: "flow",
                action: "describe",
                code: "not_allowed",
                message: "Job 11 is not allowed here.",
            },
        });
        expect(session.start(new Map())).toBe(false);
        expect(flow.count("start")).toBe(0);
    });

    test("a reply whose job is not JSON is unreadable", async () => {
        const flow = fakeFlow({
            override: (r) => (r.action === "describe" ? reply({ job: "<b>job</b>" }) : undefined),
        });
        const { session } = await described(flow);
        expect(session.view().problem).toMatchObject({ source: "transport", failure: { kind: "unreadable" } });
    });
});

describe("a run", () => {
    test("start, then status until the run ends, then no more calls", async () => {
        const { session, flow, advance, clock } = await described();
        expect(session.start(new Map([["region", "apac"]]))).toBe(true);
        await advance(100);
        expect(flow.requests[1]).toEqual({
            action: "start",
            job_id: JOB_ID,
            parameters: '{"region":"apac","day":""}',
            idempotency_token: "token-1",
        });
        expect(session.view().tracker.runState).toBe("Queued");
        await advance(60_000);
        expect(session.view().tracker.runState).toBe("Succeeded");
        expect(flow.count("status")).toBe(3);
        await advance(600_000);
        expect(flow.count("status")).toBe(3);
        expect(clock.pendingTimers()).toBe(0);
    });

    test("without max-poll-seconds a run that keeps its state is asked about every 45 s, not 30 s", async () => {
        const times: number[] = [];
        const flow = fakeFlow({ runStates: [running] });
        let now = () => 0;
        const timed = { ...flow, transport: (r: FlowRequest) => (times.push(now()), flow.transport(r)) };
        const { session, advance, clock } = await described(timed);
        now = () => clock.now();
        session.start(new Map());
        await advance(10 * 60_000, 500);
        const gaps = times.slice(1).map((t, i) => t - times[i]);
        expect(Math.max(...gaps)).toBe(45_000);
        expect(gaps.slice(-3)).toEqual([45_000, 45_000, 45_000]);
    });

    test("a min-poll-seconds above the portal's ceiling raises the ceiling with it, rather than being refused", async () => {
        const { session } = await described(fakeFlow(), { minPollSeconds: 60 });
        expect(session.view().tracker.issues).toEqual([]);
        expect(session.view().canStart).toBe(true);
    });

    test("one click is one run: clicks while the request is open start nothing", async () => {
        const { session, flow, advance } = await described(fakeFlow({ runStates: [running] }));
        expect(session.start(new Map())).toBe(true);
        expect(session.start(new Map())).toBe(false);
        expect(session.start(new Map())).toBe(false);
        await advance(10_000);
        expect(flow.count("start")).toBe(1);
        expect(session.view().tracker.run?.runId).toBe("100");
    });

    test("after a run has ended, the next click starts a new run with a new idempotency token", async () => {
        const { session, flow, advance } = await described(fakeFlow({ runStates: [succeeded] }));
        session.start(new Map());
        await advance(10_000);
        expect(session.view().tracker.runState).toBe("Succeeded");
        session.start(new Map());
        await advance(10_000);
        expect(flow.requests.filter((r) => r.action === "start").map((r) => r.idempotency_token)).toEqual([
            "token-1",
            "token-2",
        ]);
    });

    test("a failed run shows Databricks' message", async () => {
        const { session, advance } = await described(fakeFlow({ runStates: [failed] }));
        session.start(new Map());
        await advance(10_000);
        expect(session.view().tracker.run).toMatchObject({
            state: "Failed",
            message: "Notebook raised: division by zero",
        });
    });

    test("cancel asks the flow once and shows the run as the flow read it again", async () => {
        const { session, flow, advance } = await described(fakeFlow({ runStates: [running] }));
        session.start(new Map());
        await advance(5_000);
        expect(session.view().tracker.canCancel).toBe(true);
        expect(session.cancel()).toBe(true);
        expect(session.cancel()).toBe(false);
        await advance(100);
        expect(flow.requests.filter((r) => r.action === "cancel")).toEqual([{ action: "cancel", run_id: "100" }]);
        expect(session.view().tracker.runState).toBe("Canceled");
    });

    test("a cancel that fails the same way twice is two errors: Cancel may be asked again each time", async () => {
        const refused = reply({ error: "CancelRun failed: 403 PERMISSION_DENIED", code: "databricks_error" });
        const flow = fakeFlow({ runStates: [running], override: (r) => (r.action === "cancel" ? refused : undefined) });
        const { session, advance } = await described(flow);
        session.start(new Map());
        await advance(5_000);
        for (const attempt of [1, 2]) {
            expect(session.cancel()).toBe(true);
            await advance(100);
            expect(flow.requests.filter((r) => r.action === "cancel")).toHaveLength(attempt);
            expect(session.view().tracker).toMatchObject({
                errorText: "CancelRun failed: 403 PERMISSION_DENIED",
                canCancel: true,
                cancelRequested: false,
            });
        }
    });

    test("a flow error on start is shown and starts no second run", async () => {
        const flow = fakeFlow({
            override: (r) =>
                r.action === "start" ? reply({ error: "RunNow failed: quota", code: "databricks_error" }) : undefined,
        });
        const { session, advance } = await described(flow);
        session.start(new Map());
        await advance(120_000);
        expect(flow.count("start")).toBe(1);
        expect(flow.count("status")).toBe(0);
        expect(session.view().tracker.runState).toBe("Error");
        expect(session.view().problem).toEqual({
            source: "flow",
            action: "start",
            code: "databricks_error",
            message: "RunNow failed: quota",
        });
    });

    test("the same error twice fails each request", async () => {
        const flow = fakeFlow({ override: (r) => (r.action === "start" ? failure("serverError", 500) : undefined) });
        const { session, advance } = await described(flow);
        session.start(new Map());
        await advance(1_000);
        expect(session.view().tracker.runState).toBe("Error");
        session.start(new Map());
        expect(session.view().tracker.runState).toBe("Submitting");
        await advance(1_000);
        expect(session.view().tracker.runState).toBe("Error");
        expect(flow.count("start")).toBe(2);
    });

    test.each(["forbidden", "serverError", "network", "unreadable", "status"] as const)(
        "a %s failure on start is the session's problem and ends the request",
        async (kind) => {
            const flow = fakeFlow({ override: (r) => (r.action === "start" ? failure(kind) : undefined) });
            const { session, advance } = await described(flow);
            session.start(new Map());
            await advance(1_000);
            expect(session.view().problem).toMatchObject({ source: "transport", action: "start", failure: { kind } });
            expect(session.view().tracker.runState).toBe("Error");
            expect(flow.count("start")).toBe(1);
        },
    );

    test("a failed status call is shown, polling goes on, and the next answer clears it", async () => {
        let statusCalls = 0;
        const flow = fakeFlow({
            runStates: [running, succeeded],
            override: (r) => (r.action === "status" && statusCalls++ === 0 ? failure("network") : undefined),
        });
        const { session, advance } = await described(flow);
        session.start(new Map());
        await advance(3_100);
        expect(session.view().problem).toMatchObject({ action: "status", failure: { kind: "network" } });
        expect(session.view().tracker.isActive).toBe(true);
        await advance(30_000);
        expect(session.view().problem).toBeUndefined();
        expect(session.view().tracker.runState).toBe("Succeeded");
    });

    test("a status answer that arrives after a new start is ignored", async () => {
        const base = fakeFlow({ runStates: [running] });
        let answerFirstStatus: ((outcome: FlowOutcome) => void) | undefined;
        const transport = (request: FlowRequest) =>
            request.action === "status" && answerFirstStatus === undefined
                ? new Promise<FlowOutcome>((resolve) => (answerFirstStatus = resolve))
                : base.transport(request);
        const { session, advance } = await described({ ...base, transport });
        session.start(new Map());
        await advance(3_100);
        expect(answerFirstStatus).toBeDefined();
        // One run at a time: the run ends (the cancel's answer) while its status call is still out.
        expect(session.start(new Map())).toBe(false);
        expect(session.cancel()).toBe(true);
        await advance(100);
        expect(session.view().tracker.runState).toBe("Canceled");
        expect(session.start(new Map())).toBe(true);
        await advance(100);
        expect(session.view().tracker.run?.runId).toBe("101");
        answerFirstStatus?.(reply({ run: succeeded(100) }));
        await advance(100);
        expect(session.view().tracker.run).toMatchObject({ runId: "101", state: "Queued" });
    });
});

describe("following the run", () => {
    test("only while the page is visible", async () => {
        const { session, flow, advance } = await described(fakeFlow({ runStates: [running] }));
        session.start(new Map());
        await advance(10_000);
        const before = flow.count("status");
        expect(before).toBeGreaterThan(0);
        session.update({ visible: false });
        await advance(600_000);
        expect(flow.count("status")).toBe(before);
        session.update({ visible: true });
        await advance(2_100);
        expect(flow.count("status")).toBe(before + 1);
    });

    test("never more than one status call at a time", async () => {
        const base = fakeFlow({ runStates: [running] });
        let statusCalls = 0;
        const transport = (request: FlowRequest) =>
            request.action === "status"
                ? (statusCalls++, new Promise<never>(() => undefined))
                : base.transport(request);
        const { session, advance } = await described({ ...base, transport });
        session.start(new Map());
        await advance(120_000);
        expect(statusCalls).toBe(1);
    });

    test("the page's poll bounds are the model's", async () => {
        const { session, flow, advance } = await described(fakeFlow({ runStates: [running] }), {
            minPollSeconds: 20,
            maxPollSeconds: 20,
        });
        session.start(new Map());
        await advance(60_500);
        expect(flow.count("status")).toBe(3);
    });

    test("dispose stops every timer and ignores later answers", async () => {
        const { session, flow, advance, clock } = await described(fakeFlow({ runStates: [running] }));
        session.start(new Map());
        await advance(5_000);
        session.dispose();
        expect(clock.pendingTimers()).toBe(0);
        const calls = flow.requests.length;
        await advance(600_000);
        expect(flow.requests.length).toBe(calls);
    });

    test("disabled: nothing starts and nothing is followed", async () => {
        const { session, flow, advance } = await described(fakeFlow(), { disabled: true });
        expect(session.view().canStart).toBe(false);
        expect(session.start(new Map())).toBe(false);
        await advance(10_000);
        expect(flow.count("start")).toBe(0);
    });
});
