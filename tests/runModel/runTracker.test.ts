import {
    createRunTracker,
    EMPTY_INPUTS,
    ELAPSED_TICK_MS,
    OUTPUTS_TAKEN_FALLBACK_MS,
    SUBMISSION_TIMEOUT_MS,
    type RunEvent,
    type TrackerInputs,
} from "../../runModel/runTracker";
import { controlOutputs } from "../../TriggerControl/controlOutputs";
import { failed, queued, running, succeeded } from "./runFixtures";

const baseInputs: TrackerInputs = { ...EMPTY_INPUTS, jobId: "11", jobParameters: '{"region": "emea"}' };

function setup(inputs: Partial<TrackerInputs> = {}) {
    const events: RunEvent[] = [];
    let outputChanges = 0;
    let tokenCount = 0;
    const tracker = createRunTracker({
        raise: (event) => events.push(event),
        onOutputsChanged: () => outputChanges++,
        newToken: () => `token-${++tokenCount}`,
    });
    let current = { ...baseInputs, ...inputs };
    tracker.update(current);
    const update = (changes: Partial<TrackerInputs>) => {
        current = { ...current, ...changes };
        tracker.update(current);
    };
    const outputs = () => controlOutputs(tracker.view(), (i) => `${i.property}: ${i.messageKey}`);
    /** The host's reaction to notifyOutputChanged: it reads the outputs. */
    const hostReadsOutputs = () => {
        const o = outputs();
        tracker.outputsRead();
        return o;
    };
    /** The canvas order after notifyOutputChanged: the host reads the outputs, then lists them as updated in updateView. */
    const hostTakesOutputs = () => {
        const o = hostReadsOutputs();
        tracker.outputsTaken();
        return o;
    };
    /** A click on the control's button, answered the way a canvas app answers it: OnTrigger goes out. */
    const click = (values: Record<string, string> = {}) => {
        const accepted = tracker.trigger(values);
        hostTakesOutputs();
        return accepted;
    };
    const count = (event: RunEvent) => events.filter((e) => e === event).length;
    return {
        tracker,
        events,
        update,
        outputs,
        hostReadsOutputs,
        hostTakesOutputs,
        click,
        count,
        outputChanges: () => outputChanges,
    };
}

beforeEach(() => {
    jest.useFakeTimers();
    jest.setSystemTime(new Date("2026-11-28T10:00:00Z"));
});

afterEach(() => {
    jest.useRealTimers();
});

describe("triggering", () => {
    test("a valid job starts Idle and may run", () => {
        const { tracker, outputs } = setup();
        expect(tracker.view()).toMatchObject({ runState: "Idle", canTrigger: true, isActive: false });
        expect(outputs()).toEqual({
            RequestedParameters: "",
            IdempotencyToken: "",
            RunId: "",
            RunState: "Idle",
            RunPageUrl: "",
            IsActive: false,
            ValidationError: "",
        });
    });

    test("OnTrigger goes out once the host has read the new parameters and token and taken them", () => {
        const { tracker, events, hostReadsOutputs } = setup();
        expect(tracker.trigger({ region: "apac" })).toBe(true);
        expect(events).toEqual([]);
        const seenByFormula = hostReadsOutputs();
        expect(seenByFormula).toMatchObject({
            RequestedParameters: '{"region":"apac"}',
            IdempotencyToken: "token-1",
            RunState: "Submitting",
            IsActive: true,
        });
        jest.advanceTimersByTime(OUTPUTS_TAKEN_FALLBACK_MS - 1);
        expect(events).toEqual([]);
        tracker.outputsTaken();
        expect(events).toEqual(["trigger"]);
        jest.advanceTimersByTime(SUBMISSION_TIMEOUT_MS);
        expect(events).toEqual(["trigger"]);
    });

    test("a host that reads the outputs but never says it took them (pcf-start) gets OnTrigger 500 ms after reading", () => {
        const { tracker, events, hostReadsOutputs } = setup();
        tracker.trigger({});
        jest.advanceTimersByTime(300);
        hostReadsOutputs();
        jest.advanceTimersByTime(OUTPUTS_TAKEN_FALLBACK_MS - 1);
        expect(events).toEqual([]);
        jest.advanceTimersByTime(1);
        expect(events).toEqual(["trigger"]);
    });

    test("OnTrigger still comes when the host never reads the outputs", () => {
        const { tracker, events } = setup();
        tracker.trigger({});
        jest.advanceTimersByTime(OUTPUTS_TAKEN_FALLBACK_MS - 1);
        expect(events).toEqual([]);
        jest.advanceTimersByTime(1);
        expect(events).toEqual(["trigger"]);
    });

    test("outputs taken before the host read this click's values do not raise OnTrigger", () => {
        const { tracker, events } = setup();
        tracker.trigger({});
        tracker.outputsTaken();
        expect(events).toEqual([]);
    });

    test("a run or an error that arrives before OnTrigger went out does not answer the request", () => {
        const { tracker, update, events, hostTakesOutputs } = setup();
        tracker.trigger({});
        update({ run: queued(22), errorText: "from another button" });
        expect(tracker.view()).toMatchObject({ runState: "Submitting", canTrigger: false });
        expect(tracker.trigger({})).toBe(false);
        hostTakesOutputs();
        expect(events).toEqual(["trigger"]);
        expect(tracker.view().runState).toBe("Submitting");
        update({ run: queued(23) });
        expect(tracker.view()).toMatchObject({ runState: "Queued", run: { runId: "23" } });
    });

    test("inputs that become invalid before OnTrigger is due withdraw the request: nothing goes out", () => {
        const { tracker, update, events, outputs, hostTakesOutputs } = setup();
        tracker.trigger({});
        update({ jobId: "" });
        hostTakesOutputs();
        jest.advanceTimersByTime(SUBMISSION_TIMEOUT_MS);
        expect(events).toEqual([]);
        expect(tracker.view()).toMatchObject({ runState: "Idle", failure: undefined, canTrigger: false });
        expect(outputs()).toMatchObject({ IdempotencyToken: "", ValidationError: "JobId: Validation_JobIdMissing" });
        update({ jobId: "11" });
        expect(tracker.view().canTrigger).toBe(true);
    });

    test("a hundred clicks while submitting are one OnTrigger", () => {
        const { tracker, count, hostReadsOutputs } = setup();
        const accepted = Array.from({ length: 100 }, () => tracker.trigger({}));
        hostReadsOutputs();
        jest.advanceTimersByTime(SUBMISSION_TIMEOUT_MS - 1);
        expect(accepted.filter(Boolean)).toHaveLength(1);
        expect(count("trigger")).toBe(1);
    });

    test("a new run id ends the submission and shows the run", () => {
        const { tracker, update, outputs, click } = setup();
        click();
        update({ run: queued(22) });
        expect(outputs()).toMatchObject({
            RunId: "22",
            RunState: "Queued",
            IsActive: true,
            RunPageUrl: expect.stringMatching(/^https:/),
        });
        expect(tracker.view()).toMatchObject({ canTrigger: false, runInProgress: true });
    });

    test("the previous run's id does not end the submission", () => {
        const { tracker, update, click } = setup({ run: succeeded(21) });
        click();
        update({ run: succeeded(21) });
        expect(tracker.view().runState).toBe("Submitting");
        update({ run: queued(22) });
        expect(tracker.view().runState).toBe("Queued");
    });

    test("each trigger gets a fresh idempotency token", () => {
        const { update, outputs, click } = setup();
        click();
        const first = outputs().IdempotencyToken;
        update({ run: succeeded(22) });
        expect(click()).toBe(true);
        expect(outputs().IdempotencyToken).not.toBe(first);
    });

    test("a new ErrorText ends the submission as Error", () => {
        const { tracker, update, outputs, click } = setup();
        click();
        update({ errorText: "DatabricksJobs.RunNow failed: 403 User not authorized." });
        expect(outputs()).toMatchObject({ RunState: "Error", IsActive: false, RunId: "" });
        expect(tracker.view()).toMatchObject({
            failure: "errorText",
            errorText: "DatabricksJobs.RunNow failed: 403 User not authorized.",
        });
    });

    test("an ErrorText left from before the click does not end the submission; the same text after a clear does", () => {
        const { tracker, update, click } = setup({ errorText: "old failure" });
        click();
        update({ errorText: "old failure", jobParameters: '{"region": "x"}' });
        expect(tracker.view().runState).toBe("Submitting");
        expect(tracker.view().errorText).toBeUndefined();
        update({ errorText: "" });
        update({ errorText: "old failure" });
        expect(tracker.view().runState).toBe("Error");
    });

    test("the same failure twice in a row is two errors, each seen as it comes", () => {
        const { tracker, update, click, count } = setup();
        for (const attempt of [1, 2]) {
            click();
            expect(count("trigger")).toBe(attempt);
            // The prefilled OnTrigger clears the error before its call; the call then fails the same way.
            update({ errorText: "" });
            expect(tracker.view().runState).toBe("Submitting");
            update({ errorText: "DatabricksJobs.RunNow failed: 400 INVALID_PARAMETER_VALUE" });
            expect(tracker.view()).toMatchObject({ runState: "Error", failure: "errorText", canTrigger: true });
        }
    });

    test("without a run or an error within 60 s the submission fails, saying to check OnTrigger", () => {
        const { tracker, outputs } = setup();
        tracker.trigger({});
        jest.advanceTimersByTime(SUBMISSION_TIMEOUT_MS - 1);
        expect(tracker.view().runState).toBe("Submitting");
        jest.advanceTimersByTime(1);
        expect(tracker.view()).toMatchObject({ runState: "Error", failure: "noRunStarted", canTrigger: true });
        expect(outputs().IsActive).toBe(false);
    });

    test("a run that arrives after the timeout is followed after all", () => {
        const { tracker, update } = setup();
        tracker.trigger({});
        jest.advanceTimersByTime(SUBMISSION_TIMEOUT_MS);
        update({ run: running(22) });
        expect(tracker.view()).toMatchObject({ runState: "Running", failure: undefined });
    });

    test("invalid inputs block the run and say why in ValidationError", () => {
        const { tracker, outputs, events } = setup({ jobId: "abc", jobParameters: "{bad" });
        expect(tracker.view().canTrigger).toBe(false);
        expect(outputs().ValidationError).toBe(
            "JobId: Validation_JobIdNotDigits\nJobParameters: Validation_JobParametersNotJson",
        );
        expect(tracker.trigger({})).toBe(false);
        jest.runOnlyPendingTimers();
        expect(events).toEqual([]);
    });

    test("notifies the host only when an output changes, and never from inside update", () => {
        const { update, outputChanges } = setup();
        jest.advanceTimersByTime(0);
        const before = outputChanges();
        update({ minPollSeconds: 2 });
        update({ jobParameters: '{"region": "emea"}' });
        jest.advanceTimersByTime(0);
        expect(outputChanges()).toBe(before);
        update({ jobId: "" });
        expect(outputChanges()).toBe(before);
        jest.advanceTimersByTime(0);
        expect(outputChanges()).toBe(before + 1);
    });
});

describe("one run at a time", () => {
    test("while the followed run is active the button starts no second run, and says why", () => {
        const { tracker, update, count, click } = setup();
        click();
        update({ run: running(22) });
        expect(tracker.view()).toMatchObject({ runState: "Running", canTrigger: false, runInProgress: true });
        expect(tracker.trigger({})).toBe(false);
        jest.advanceTimersByTime(OUTPUTS_TAKEN_FALLBACK_MS);
        expect(count("trigger")).toBe(1);
        update({ run: succeeded(22) });
        expect(tracker.view()).toMatchObject({ canTrigger: true, runInProgress: false });
        expect(tracker.trigger({})).toBe(true);
    });

    test("an active run the control did not start also holds the button", () => {
        const { tracker } = setup({ run: queued(7) });
        expect(tracker.view()).toMatchObject({ runState: "Queued", canTrigger: false, runInProgress: true });
    });

    test("an open submission holds the button too, and says so", () => {
        const { tracker } = setup({ allowConcurrentRuns: true });
        tracker.trigger({});
        expect(tracker.view()).toMatchObject({ runState: "Submitting", canTrigger: false, runInProgress: true });
        expect(tracker.trigger({})).toBe(false);
    });

    test("with AllowConcurrentRuns a second run starts while the first is active, and the outputs follow the newest", () => {
        const { tracker, update, outputs, count, click } = setup({ allowConcurrentRuns: true });
        click();
        update({ run: running(22) });
        expect(tracker.view()).toMatchObject({ canTrigger: true, runInProgress: false });
        expect(click()).toBe(true);
        expect(count("trigger")).toBe(2);
        expect(outputs()).toMatchObject({ RunState: "Submitting", IdempotencyToken: "token-2" });
        update({ run: queued(23) });
        expect(outputs()).toMatchObject({
            RunId: "23",
            RunState: "Queued",
            IsActive: true,
            IdempotencyToken: "token-2",
        });
    });
});

describe("polling", () => {
    function started() {
        const harness = setup();
        harness.click();
        harness.update({ run: running(22) });
        return harness;
    }

    test("OnRefresh every 2 s at first, slower as the state holds, never beyond 30 s", () => {
        const { count } = started();
        jest.advanceTimersByTime(2_000);
        expect(count("refresh")).toBe(1);
        jest.advanceTimersByTime(13_000); // quick start: at most 3 s apart
        expect(count("refresh")).toBeGreaterThanOrEqual(5);
        const before = count("refresh");
        jest.advanceTimersByTime(600_000);
        const inTenMinutes = count("refresh") - before;
        expect(inTenMinutes).toBeGreaterThanOrEqual(20); // 600 s / 30 s
        expect(inTenMinutes).toBeLessThanOrEqual(24);
    });

    test("a state change starts again from the minimum", () => {
        const { count, update } = started();
        jest.advanceTimersByTime(300_000);
        update({ run: queued(22).replace('"QUEUED"', '"TERMINATING"') });
        const before = count("refresh");
        jest.advanceTimersByTime(2_000);
        expect(count("refresh")).toBe(before + 1);
    });

    test("a terminal state stops polling and every timer", () => {
        const { count, update, tracker } = started();
        jest.advanceTimersByTime(10_000);
        update({ run: succeeded(22) });
        const before = count("refresh");
        jest.advanceTimersByTime(0); // the output notification
        expect(jest.getTimerCount()).toBe(0);
        jest.advanceTimersByTime(3_600_000);
        expect(count("refresh")).toBe(before);
        expect(tracker.view()).toMatchObject({ runState: "Succeeded", isActive: false });
    });

    test("RunNow's bare {run_id} is polled until it has a state", () => {
        const { tracker, update, count, click } = setup();
        click();
        update({ run: '{"run_id": 22}' });
        expect(tracker.view().runState).toBe("Pending");
        jest.advanceTimersByTime(2_000);
        expect(count("refresh")).toBe(1);
    });

    test("an Unknown state is polled until Databricks sets an end time", () => {
        const { update, count } = setup({ run: JSON.stringify({ run_id: 5, status: { state: "HIBERNATING" } }) });
        jest.advanceTimersByTime(2_000);
        expect(count("refresh")).toBe(1);
        update({ run: JSON.stringify({ run_id: 5, end_time: 1_700_000_000_000, status: { state: "HIBERNATING" } }) });
        jest.advanceTimersByTime(0); // the output notification
        expect(jest.getTimerCount()).toBe(0);
    });

    test("no polling while invisible; it resumes at the minimum when visible again", () => {
        const { count, update } = started();
        update({ visible: false });
        jest.advanceTimersByTime(600_000);
        expect(count("refresh")).toBe(0);
        expect(jest.getTimerCount()).toBe(0);
        update({ visible: true });
        jest.advanceTimersByTime(2_000);
        expect(count("refresh")).toBe(1);
    });

    test("an unreadable Run keeps the last good run and polling goes on", () => {
        const { count, update, tracker } = started();
        update({ run: "{garbage" });
        expect(tracker.view()).toMatchObject({ runState: "Running", canTrigger: false });
        jest.advanceTimersByTime(2_000);
        expect(count("refresh")).toBe(1);
    });

    test("an ErrorText while following a run is shown, and polling goes on", () => {
        const { count, update, tracker } = started();
        update({ errorText: "429 Too Many Requests" });
        expect(tracker.view()).toMatchObject({ runState: "Running", errorText: "429 Too Many Requests" });
        jest.advanceTimersByTime(2_000);
        expect(count("refresh")).toBe(1);
    });

    test("the elapsed time moves every second while active, and stops after", () => {
        const { tracker, update } = started();
        const listener = jest.fn();
        tracker.subscribe(listener);
        jest.advanceTimersByTime(ELAPSED_TICK_MS * 3);
        expect(listener.mock.calls.length).toBeGreaterThanOrEqual(3);
        update({ run: failed(22) });
        listener.mockClear();
        jest.advanceTimersByTime(10_000);
        expect(listener).not.toHaveBeenCalled();
    });
});

describe("cancelling", () => {
    test("OnCancel once for an active run; then Cancelling until the state changes", () => {
        const { tracker, update, count } = setup({ run: running(22) });
        expect(tracker.view().canCancel).toBe(true);
        expect(tracker.cancel()).toBe(true);
        expect(tracker.cancel()).toBe(false);
        expect(count("cancel")).toBe(1);
        expect(tracker.view()).toMatchObject({ canCancel: false, cancelRequested: true });
        update({ run: failed(22).replace("RUN_EXECUTION_ERROR", "USER_CANCELED") });
        expect(tracker.view()).toMatchObject({ runState: "Canceled", canCancel: false });
    });

    test("polling starts over at the minimum after a cancel, to show the end promptly", () => {
        const { tracker, count } = setup({ run: running(22) });
        jest.advanceTimersByTime(600_000);
        const before = count("refresh");
        tracker.cancel();
        jest.advanceTimersByTime(2_000);
        expect(count("refresh")).toBe(before + 1);
    });

    test("a cancel that fails can be asked again: the error shows and the button comes back", () => {
        const { tracker, update, count } = setup({ run: running(22) });
        tracker.cancel();
        update({ errorText: "" });
        update({ errorText: "DatabricksJobs.CancelRun failed: 403 PERMISSION_DENIED" });
        expect(tracker.view()).toMatchObject({
            runState: "Running",
            canCancel: true,
            cancelRequested: false,
            errorText: "DatabricksJobs.CancelRun failed: 403 PERMISSION_DENIED",
        });
        expect(tracker.cancel()).toBe(true);
        expect(count("cancel")).toBe(2);
    });

    test("a finished run cannot be cancelled", () => {
        const { tracker, count } = setup({ run: succeeded(22) });
        expect(tracker.view().canCancel).toBe(false);
        expect(tracker.cancel()).toBe(false);
        expect(count("cancel")).toBe(0);
    });
});

describe("disabled", () => {
    test("a disabled control raises no event at all", () => {
        const { tracker, update, events } = setup({ run: running(22), disabled: true });
        expect(tracker.view()).toMatchObject({ canTrigger: false, canCancel: false });
        expect(tracker.trigger({})).toBe(false);
        expect(tracker.cancel()).toBe(false);
        jest.advanceTimersByTime(600_000);
        expect(events).toEqual([]);
        update({ disabled: false });
        jest.advanceTimersByTime(2_000);
        expect(events).toEqual(["refresh"]);
    });

    test("disabled between the click and the event: nothing is raised and the request is withdrawn", () => {
        const { tracker, update, events } = setup();
        tracker.trigger({});
        update({ disabled: true });
        jest.advanceTimersByTime(SUBMISSION_TIMEOUT_MS);
        expect(events).toEqual([]);
        expect(tracker.view()).toMatchObject({ runState: "Idle", failure: undefined });
    });
});

describe("dispose", () => {
    test("leaves no timer and raises nothing afterwards", () => {
        const { tracker, events } = setup({ run: running(22) });
        tracker.trigger({});
        expect(jest.getTimerCount()).toBeGreaterThan(0);
        tracker.dispose();
        expect(jest.getTimerCount()).toBe(0);
        jest.advanceTimersByTime(3_600_000);
        expect(events).toEqual([]);
        expect(tracker.trigger({})).toBe(false);
    });
});
