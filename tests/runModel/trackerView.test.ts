import { formatIssue } from "../../runModel/issueText";
import { createLocalizer } from "../../runModel/localize";
import { EMPTY_INPUTS, type TrackerInputs } from "../../runModel/trackerInputs";
import {
    applyInputs,
    initialState,
    requestCancel,
    startRequest,
    timeOutRequest,
    type TrackerState,
} from "../../runModel/trackerState";
import { deriveView, publishedValuesKey, showsElapsedTime, wantsRefresh } from "../../runModel/trackerView";
import { issue } from "../../runModel/validationIssue";
import { running, succeeded } from "./runFixtures";

const valid: TrackerInputs = { ...EMPTY_INPUTS, jobId: "11" };

function given(inputs: Partial<TrackerInputs>): TrackerState {
    return applyInputs(initialState(0), { ...valid, ...inputs }, 1_000);
}

describe("the view", () => {
    test("of a valid job with no run: Idle, and a run may start", () => {
        expect(deriveView(given({}))).toMatchObject({
            runState: "Idle",
            isActive: false,
            canTrigger: true,
            canCancel: false,
            now: 1_000,
        });
    });

    test("while a request is open: Submitting, active, no run shown, no second run, the ErrorText held back", () => {
        const view = deriveView(
            startRequest(given({ run: succeeded(21), errorText: "old" }), { a: "1" }, "token-1", 2_000),
        );
        expect(view).toMatchObject({
            runState: "Submitting",
            isActive: true,
            canTrigger: false,
            run: undefined,
            errorText: undefined,
        });
        expect(view.request).toMatchObject({ parameters: { a: "1" }, idempotencyToken: "token-1" });
    });

    test("after a request timed out: Error, saying no run started, and a run may start again", () => {
        const view = deriveView(timeOutRequest(startRequest(given({}), {}, "token-1", 2_000), 62_000));
        expect(view).toMatchObject({ runState: "Error", failure: "noRunStarted", isActive: false, canTrigger: true });
    });

    test("of an active run: its state, and it may be cancelled once", () => {
        const state = given({ run: running(22) });
        expect(deriveView(state)).toMatchObject({
            runState: "Running",
            isActive: true,
            canCancel: true,
            cancelRequested: false,
        });
        expect(deriveView(requestCancel(state, "22", 2_000))).toMatchObject({
            canCancel: false,
            cancelRequested: true,
        });
    });

    test("of a disabled control: nothing may start or be cancelled", () => {
        expect(deriveView(given({ run: running(22), disabled: true }))).toMatchObject({
            disabled: true,
            canTrigger: false,
            canCancel: false,
        });
    });

    test("of invalid inputs: the problems, and no run may start", () => {
        expect(deriveView(given({ jobId: "x" }))).toMatchObject({
            canTrigger: false,
            issues: [{ property: "JobId", messageKey: "Validation_JobIdNotDigits" }],
        });
    });
});

describe("timers follow the view", () => {
    test("refreshes only for an active run in a visible, enabled control; the elapsed time moves while active and visible", () => {
        const cases: [Partial<TrackerInputs>, boolean, boolean][] = [
            [{ run: running(22) }, true, true],
            [{ run: succeeded(22) }, false, false],
            [{ run: running(22), visible: false }, false, false],
            [{ run: running(22), disabled: true }, false, true],
            [{}, false, false],
        ];
        for (const [inputs, refresh, elapsed] of cases) {
            const state = given(inputs);
            expect([
                inputs,
                wantsRefresh(deriveView(state), state.inputs),
                showsElapsedTime(deriveView(state), state.inputs),
            ]).toEqual([inputs, refresh, elapsed]);
        }
    });
});

describe("the published values", () => {
    test("do not change with the clock, the form or the ErrorText", () => {
        const state = given({ run: running(22) });
        const key = publishedValuesKey(deriveView(state));
        const later = applyInputs(state, { ...state.inputs, errorText: "429", jobParameters: '{"a": "1"}' }, 50_000);
        expect(publishedValuesKey(deriveView(later))).toBe(key);
    });

    test("change with the run's state, the request and the problems", () => {
        const state = given({ run: running(22) });
        const key = publishedValuesKey(deriveView(state));
        expect(
            publishedValuesKey(deriveView(applyInputs(state, { ...state.inputs, run: succeeded(22) }, 2_000))),
        ).not.toBe(key);
        expect(publishedValuesKey(deriveView(applyInputs(state, { ...state.inputs, jobId: "" }, 2_000)))).not.toBe(key);
        expect(publishedValuesKey(deriveView(startRequest(given({}), {}, "token-1", 2_000)))).not.toBe(
            publishedValuesKey(deriveView(given({}))),
        );
    });
});

test("an issue reads in the user's words, with the JSON type it names translated too", () => {
    const strings: Record<string, string> = {
        Validation_RunNotObject: "Run must be an object, not {0}.",
        JsonType_array: "an array",
    };
    const localize = createLocalizer((key) => strings[key] ?? "");
    expect(formatIssue(issue("Run", "RunNotObject", { jsonType: "array" }), localize)).toBe(
        "Run must be an object, not an array.",
    );
});
