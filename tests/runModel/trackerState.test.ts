import { EMPTY_INPUTS, type TrackerInputs } from "../../runModel/trackerInputs";
import {
    applyInputs,
    atTime,
    initialState,
    openRequest,
    raiseRequest,
    reportsNewFailure,
    requestCancel,
    shownRun,
    startRequest,
    timeOutRequest,
    withdrawRequest,
    type TrackerState,
} from "../../runModel/trackerState";
import { failed, running, succeeded } from "./runFixtures";

const valid: TrackerInputs = { ...EMPTY_INPUTS, jobId: "11" };

/** Freezes a state and everything in it: a transition that writes to the state it was given throws. */
function frozen<T>(value: T): T {
    if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
        Object.freeze(value);
        for (const inner of Object.values(value)) frozen(inner);
    }
    return value;
}

function given(inputs: Partial<TrackerInputs>, now = 1_000): TrackerState {
    return frozen(applyInputs(initialState(0), { ...valid, ...inputs }, now));
}

/** A request whose OnTrigger went out. */
function submitted(inputs: Partial<TrackerInputs> = {}, now = 2_000): TrackerState {
    return frozen(raiseRequest(startRequest(given(inputs), { region: "emea" }, "token-1", now)));
}

describe("inputs", () => {
    test("are checked on arrival; an unreadable Run keeps the last readable run", () => {
        const state = given({ run: running(22) });
        expect(state.checked.run?.runId).toBe("22");
        const garbled = applyInputs(state, { ...state.inputs, run: "{garbage" }, 2_000);
        expect(garbled.checked.run?.runId).toBe("22");
        expect(garbled.checked.issues.map((i) => i.messageKey)).toEqual(["Validation_RunNotJson"]);
    });

    test("a blank tracker is checked too: it has no job id", () => {
        expect(initialState(0).checked.issues.map((i) => i.messageKey)).toEqual(["Validation_JobIdMissing"]);
    });
});

describe("a run request", () => {
    test("starts open and unraised; raising it remembers the run shown then", () => {
        const started = frozen(startRequest(given({ run: succeeded(21) }), { region: "emea" }, "token-1", 2_000));
        expect(openRequest(started)).toEqual({
            parameters: { region: "emea" },
            idempotencyToken: "token-1",
            startedAt: 2_000,
            raised: false,
        });
        expect(shownRun(started)).toBeUndefined();
        const moved = frozen(applyInputs(started, { ...valid, run: succeeded(23) }, 2_100));
        expect(openRequest(moved)).toBeDefined();
        expect(openRequest(raiseRequest(moved))).toMatchObject({ raised: true, baselineRunId: "23" });
    });

    test("withdrawing drops the request as if the click had not been", () => {
        const started = frozen(startRequest(given({ run: succeeded(21) }), {}, "token-1", 2_000));
        const withdrawn = withdrawRequest(started);
        expect(withdrawn.request).toBeUndefined();
        expect(shownRun(withdrawn)?.runId).toBe("21");
    });

    test("is answered by a new run, whose quick start counts from the click", () => {
        const state = applyInputs(submitted(), { ...valid, run: running(22) }, 5_000);
        expect(state.request?.outcome).toBe("runStarted");
        expect(shownRun(state)?.runId).toBe("22");
        expect(state.timing).toMatchObject({ runId: "22", runStartedAt: 2_000, shownSince: 5_000 });
    });

    test("is not answered by the run that was shown at the click", () => {
        const state = applyInputs(submitted({ run: succeeded(21) }), { ...valid, run: succeeded(21) }, 5_000);
        expect(openRequest(state)).toBeDefined();
    });

    test("fails on a new ErrorText, but not on the one left from before the click until it is cleared", () => {
        const before = submitted({ errorText: "old" });
        const same = frozen(applyInputs(before, { ...valid, errorText: " old " }, 3_000));
        expect(openRequest(same)).toBeDefined();
        const cleared = frozen(applyInputs(same, { ...valid, errorText: "" }, 4_000));
        expect(openRequest(cleared)).toBeDefined();
        expect(applyInputs(cleared, { ...valid, errorText: "old" }, 5_000).request?.outcome).toBe("errorText");
        expect(applyInputs(before, { ...valid, errorText: "new" }, 5_000).request?.outcome).toBe("errorText");
    });

    test("a new failure is a change to a text that is not empty", () => {
        const at = (errorText: string | null) => ({ ...valid, errorText });
        expect(reportsNewFailure(at(null), at("403"))).toBe(true);
        expect(reportsNewFailure(at("403"), at("429"))).toBe(true);
        expect(reportsNewFailure(at("403"), at(" 403 "))).toBe(false);
        expect(reportsNewFailure(at("403"), at(""))).toBe(false);
        expect(reportsNewFailure(at(""), at("   "))).toBe(false);
    });

    test("an unraised request is answered by nothing", () => {
        const started = frozen(startRequest(given({}), {}, "token-1", 2_000));
        const next = applyInputs(started, { ...valid, run: running(22), errorText: "403" }, 3_000);
        expect(openRequest(next)).toBeDefined();
    });

    test("times out as noRunStarted; a timeout after the answer changes nothing", () => {
        const timedOut = timeOutRequest(submitted(), 62_000);
        expect(timedOut.request?.outcome).toBe("noRunStarted");
        expect(timedOut.now).toBe(62_000);
        const answered = frozen(applyInputs(submitted(), { ...valid, run: running(22) }, 5_000));
        expect(timeOutRequest(answered, 62_000)).toBe(answered);
    });

    test("after a failure, a new run is followed after all; the old one is not", () => {
        const failedRequest = frozen(timeOutRequest(submitted({ run: succeeded(21) }), 62_000));
        expect(shownRun(applyInputs(failedRequest, { ...valid, run: succeeded(21) }, 63_000))).toBeUndefined();
        const late = applyInputs(failedRequest, { ...valid, run: running(22) }, 63_000);
        expect(late.request?.outcome).toBe("runStarted");
        expect(shownRun(late)?.runId).toBe("22");
    });

    test("a new failure ends a pending cancel: the user may ask again", () => {
        const cancelling = frozen(requestCancel(given({ run: running(22) }), "22", 3_000));
        expect(applyInputs(cancelling, { ...cancelling.inputs }, 4_000).cancelRequestedFor).toBe("22");
        expect(applyInputs(cancelling, { ...cancelling.inputs, errorText: "403" }, 4_000).cancelRequestedFor).toBe(
            undefined,
        );
    });

    test("a new request forgets the cancel asked for the last run", () => {
        const cancelling = frozen(requestCancel(given({ run: running(22) }), "22", 3_000));
        expect(startRequest(cancelling, {}, "token-2", 4_000).cancelRequestedFor).toBeUndefined();
    });
});

describe("refresh timing", () => {
    test("the same run in the same state keeps its timing: the refresh delay goes on growing", () => {
        const state = given({ run: running(22) });
        expect(applyInputs(state, { ...state.inputs }, 9_000).timing).toBe(state.timing);
    });

    test("a new state of the run starts the delay over", () => {
        const state = given({ run: running(22) });
        const next = applyInputs(state, { ...state.inputs, run: failed(22) }, 9_000);
        expect(next.timing).toMatchObject({ shownKey: "22|Failed", shownSince: 9_000, runStartedAt: 1_000 });
    });

    test("showing or enabling the control again starts the delay over", () => {
        const state = given({ run: running(22), visible: false });
        const shown = applyInputs(state, { ...state.inputs, visible: true }, 9_000);
        expect(shown.timing.shownSince).toBe(9_000);
        const disabled = applyInputs(shown, { ...shown.inputs, disabled: true }, 12_000);
        expect(disabled.timing.shownSince).toBe(12_000);
    });

    test("a cancel starts the delay over and marks the run", () => {
        const state = requestCancel(given({ run: running(22) }), "22", 7_000);
        expect(state).toMatchObject({ cancelRequestedFor: "22", now: 7_000, timing: { shownSince: 7_000 } });
    });
});

test("atTime moves only the clock", () => {
    const state = given({ run: running(22) });
    expect(atTime(state, 8_000)).toEqual({ ...state, now: 8_000 });
});
