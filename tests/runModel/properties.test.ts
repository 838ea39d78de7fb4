/**
 * Property-based tests: random values in every property a maker controls, and random orders of
 * updates, clicks, cancels, output reads and timer ticks. A failure prints the shrunk script and the
 * seed that replays it.
 */
import { formatIssue } from "../../runModel/issueText";
import { createLocalizer } from "../../runModel/localize";
import { createRunTracker, type RunTracker, type RunTrackerOptions, type TrackerView } from "../../runModel/runTracker";
import { MAX_INT64 } from "../../runModel/jobId";
import { isRunActive } from "../../runModel/runSnapshot";
import { controlOutputs } from "../../TriggerControl/controlOutputs";
import { assertForEveryScript, holdsForEveryScript, type TrackerCommand } from "../support/arbitraries";
import { playScript, type TimelineEntry, type TrackerFactory } from "./trackerScript";

const RUNS = { numRuns: 300, seed: 13_2026 };

/** Compares two strings of decimal digits as numbers. */
const compareIds = (a: string, b: string) => {
    const [x, y] = [a.replace(/^0+(?=.)/, ""), b];
    return x.length !== y.length ? x.length - y.length : x.localeCompare(y);
};
const localize = createLocalizer(() => "");

/** Every event, with the timeline around it. */
const eventsOf = (timeline: TimelineEntry[]) =>
    timeline.flatMap((entry, index) => (entry.type === "event" ? [{ ...entry, index }] : []));

function expectConsistent(view: TrackerView): void {
    if (view.canTrigger) {
        expect(view.disabled).toBe(false);
        expect(view.issues).toEqual([]);
        expect(view.runState).not.toBe("Submitting");
    }
    if (view.canCancel) {
        expect(view.disabled).toBe(false);
        expect(view.run !== undefined && isRunActive(view.run)).toBe(true);
        expect(view.cancelRequested).toBe(false);
    }
    if (view.runState === "Submitting") expect(view.isActive).toBe(true);
    if (view.runState === "Idle") expect([view.run, view.isActive]).toEqual([undefined, false]);
    if (view.runState === "Error") expect([view.run, view.failure !== undefined]).toEqual([undefined, true]);
    if (view.run) {
        expect(view.run.runId).toMatch(/^[0-9]+$/);
        expect(view.run.runPageUrl ?? "https:").toMatch(/^https:/i);
        expect(view.isActive).toBe(isRunActive(view.run));
    }
    const outputs = controlOutputs(view, (issue) => formatIssue(issue, localize));
    expect(outputs.ValidationError === "").toBe(view.issues.length === 0);
}

interface ClickWindow {
    triggers: number;
    /** Before its OnTrigger went out, the control was disabled or its inputs had issues: the click may be withdrawn. */
    blockedMeanwhile: boolean;
}

/** For each accepted click: how many triggers came before the next accepted click, and whether it was blocked meanwhile. */
function triggersPerAcceptedClick(timeline: TimelineEntry[]): ClickWindow[] {
    const windows: ClickWindow[] = [];
    let strayTriggers = 0;
    for (const entry of timeline) {
        const current = windows[windows.length - 1];
        if (entry.type === "click" && entry.accepted) windows.push({ triggers: 0, blockedMeanwhile: false });
        else if (entry.type === "event" && entry.event === "trigger") {
            if (current) current.triggers++;
            else strayTriggers++;
        } else if (entry.type === "update" && current && current.triggers === 0) {
            if (entry.view.disabled || entry.view.issues.length > 0) current.blockedMeanwhile = true;
        }
    }
    expect(strayTriggers).toBe(0);
    return windows;
}

const properties: Record<string, (script: TrackerCommand[], makeTracker?: TrackerFactory) => void> = {
    "never throws, and every view is consistent": (script, makeTracker) => {
        playScript(script, expectConsistent, makeTracker);
    },

    "raises nothing while disabled, and nothing once disposed": (script, makeTracker) => {
        const timeline = playScript(script, undefined, makeTracker);
        const disposedAt = timeline.findIndex((entry) => entry.type === "disposed");
        for (const event of eventsOf(timeline)) {
            expect(event.view.disabled).toBe(false);
            expect(event.index).toBeLessThan(disposedAt);
        }
    },

    "refuses every click while the inputs have issues, the control is disabled or a request is open": (
        script,
        makeTracker,
    ) => {
        for (const entry of playScript(script, undefined, makeTracker)) {
            if (entry.type !== "click") continue;
            const refusable = entry.before.issues.length > 0 || entry.before.disabled || !entry.before.canTrigger;
            if (refusable) expect(entry.accepted).toBe(false);
        }
    },

    "raises exactly one OnTrigger per accepted click, unless disabled or made invalid before it went out": (
        script,
        makeTracker,
    ) => {
        for (const window of triggersPerAcceptedClick(playScript(script, undefined, makeTracker))) {
            expect(window.triggers).toBeLessThanOrEqual(1);
            if (!window.blockedMeanwhile) expect(window.triggers).toBe(1);
        }
    },

    // OnRefresh and OnCancel read only RunId, which the control itself checked; they go on while a
    // run is followed whatever the other inputs hold (a blank JobId must not freeze RunState).
    "OnTrigger never goes out while the inputs have issues or the control is disabled": (script, makeTracker) => {
        for (const event of eventsOf(playScript(script, undefined, makeTracker))) {
            if (event.event === "trigger") expect([event.view.issues, event.view.disabled]).toEqual([[], false]);
        }
    },

    "a failed request is answered at once by a new failure, and never before its OnTrigger went out": (
        script,
        makeTracker,
    ) => {
        let raised = false;
        for (const entry of playScript(script, undefined, makeTracker)) {
            if (entry.type === "click" && entry.accepted) raised = false;
            if (entry.type === "event" && entry.event === "trigger") raised = true;
            if (entry.type === "update" && entry.view.runState === "Error" && entry.view.failure === "errorText") {
                expect(raised).toBe(true);
            }
        }
    },

    "refreshes only while an active run is shown, in a visible control": (script, makeTracker) => {
        for (const event of eventsOf(playScript(script, undefined, makeTracker))) {
            if (event.event !== "refresh") continue;
            expect(event.view.run).toBeDefined();
            expect(event.view.isActive).toBe(true);
            expect(event.inputs.visible).toBe(true);
        }
    },

    "cancels only from an accepted cancel of an active run": (script, makeTracker) => {
        const timeline = playScript(script, undefined, makeTracker);
        for (const event of eventsOf(timeline)) {
            if (event.event !== "cancel") continue;
            const click = timeline[event.index + 1];
            expect(click).toMatchObject({ type: "cancel", accepted: true });
        }
        for (const entry of timeline) {
            if (entry.type === "cancel" && entry.accepted) {
                expect(entry.before.canCancel).toBe(true);
                expect(entry.before.run !== undefined && isRunActive(entry.before.run)).toBe(true);
            }
        }
    },
};

describe("the run tracker, for any inputs and any order of events", () => {
    it.each(Object.entries(properties))("%s", (_name, property) => {
        assertForEveryScript((script) => property(script), RUNS);
    });
});

/**
 * Stricter properties the tracker breaks today, found by these tests and reported rather than fixed
 * here (the run model's owner decides). `test.failing` passes while the property fails: once the
 * tracker is fixed, it fails, and becomes a plain `test`.
 */
// Found by these properties and fixed: Run = {"run_id": 1e19} showed and published RunId "10000000000000000000".
test("every run id shown is an int64, as Databricks' are", () => {
    assertForEveryScript((script) => {
        playScript(script, (view) => {
            if (view.run) expect(compareIds(view.run.runId, MAX_INT64)).toBeLessThanOrEqual(0);
        });
    }, RUNS);
});

/** Trackers each broken in one way the properties above are meant to catch. */
const brokenTrackers: [string, string, TrackerFactory][] = [
    [
        "throws on a long Run",
        "never throws, and every view is consistent",
        (options) => {
            const tracker = createRunTracker(options);
            return {
                ...tracker,
                update(inputs) {
                    if ((inputs.run ?? "").length > 10_000) throw new RangeError("Run too long");
                    tracker.update(inputs);
                },
            };
        },
    ],
    [
        "raises OnTrigger for a refused click",
        "raises exactly one OnTrigger per accepted click, unless disabled or made invalid before it went out",
        (options: RunTrackerOptions) => {
            const tracker = createRunTracker(options);
            return {
                ...tracker,
                trigger(values) {
                    const accepted = tracker.trigger(values);
                    if (!accepted) options.raise("trigger");
                    return accepted;
                },
            };
        },
    ],
    [
        "raises OnTrigger once its inputs have become invalid",
        "OnTrigger never goes out while the inputs have issues or the control is disabled",
        (options) => {
            const tracker = createRunTracker(options);
            return {
                ...tracker,
                update(inputs) {
                    const submitting = tracker.view().runState === "Submitting";
                    tracker.update(inputs);
                    if (submitting && tracker.view().issues.length > 0) options.raise("trigger");
                },
            };
        },
    ],
    [
        "takes a failure as the answer to a request it never raised",
        "a failed request is answered at once by a new failure, and never before its OnTrigger went out",
        (options) => {
            const tracker: RunTracker = createRunTracker({
                ...options,
                raise: (event) => (event === "trigger" ? undefined : options.raise(event)),
            });
            return {
                ...tracker,
                trigger(values) {
                    const accepted = tracker.trigger(values);
                    tracker.outputsRead();
                    tracker.outputsTaken();
                    return accepted;
                },
            };
        },
    ],
    [
        "accepts clicks whatever the inputs",
        "refuses every click while the inputs have issues, the control is disabled or a request is open",
        (options) => {
            const tracker = createRunTracker(options);
            return {
                ...tracker,
                trigger(values) {
                    tracker.trigger(values);
                    return true;
                },
            };
        },
    ],
    [
        "refreshes with no run shown",
        "refreshes only while an active run is shown, in a visible control",
        (options) => {
            const tracker = createRunTracker(options);
            return {
                ...tracker,
                outputsRead() {
                    if (!tracker.view().run) options.raise("refresh");
                    tracker.outputsRead();
                },
            };
        },
    ],
    [
        "raises an event while disabled",
        "raises nothing while disabled, and nothing once disposed",
        (options) => {
            const tracker = createRunTracker(options);
            return {
                ...tracker,
                update(inputs) {
                    tracker.update(inputs);
                    if (inputs.disabled) options.raise("refresh");
                },
            };
        },
    ],
    [
        "cancels unasked",
        "cancels only from an accepted cancel of an active run",
        (options) => {
            const tracker = createRunTracker(options);
            return {
                ...tracker,
                outputsRead() {
                    tracker.outputsRead();
                    if (!tracker.view().disabled) options.raise("cancel");
                },
            };
        },
    ],
];

describe("the properties can fail", () => {
    it.each(brokenTrackers)("a tracker that %s breaks “%s”", (_broken, propertyName, makeTracker) => {
        const property = properties[propertyName];
        expect(holdsForEveryScript((script) => property(script, makeTracker), RUNS)).toBe(false);
    });
});
