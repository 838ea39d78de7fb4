/**
 * Property-based tests: random values in every property a maker controls, and random orders of
 * updates, clicks, cancels, output reads and timer ticks. A failure prints the shrunk script and the
 * seed that replays it.
 */
import { formatIssue } from "../../runModel/issueText";
import { createLocalizer } from "../../runModel/localize";
import { createRunTracker, type RunTrackerOptions, type TrackerView } from "../../runModel/runTracker";
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

/** For each accepted click: how many triggers came before the next accepted click, and whether it was disabled meanwhile. */
function triggersPerAcceptedClick(timeline: TimelineEntry[]): { triggers: number; disabledMeanwhile: boolean }[] {
    const windows: { triggers: number; disabledMeanwhile: boolean }[] = [];
    let strayTriggers = 0;
    for (const entry of timeline) {
        const current = windows[windows.length - 1];
        if (entry.type === "click" && entry.accepted) windows.push({ triggers: 0, disabledMeanwhile: false });
        else if (entry.type === "event" && entry.event === "trigger") {
            if (current) current.triggers++;
            else strayTriggers++;
        } else if (entry.type === "update" && entry.inputs.disabled && current) current.disabledMeanwhile = true;
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

    "raises at most one trigger per accepted click, and exactly one for the last, unless disabled before it went out": (
        script,
        makeTracker,
    ) => {
        const windows = triggersPerAcceptedClick(playScript(script, undefined, makeTracker));
        for (const window of windows) expect(window.triggers).toBeLessThanOrEqual(1);
        const last = windows[windows.length - 1];
        if (last && !last.disabledMeanwhile) expect(last.triggers).toBe(1);
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

describe("known violations", () => {
    // Counterexample: a click, Run = {"run_id": 1} before OnTrigger went out, a second click: the second
    // click's OnTrigger replaces the first's, so the first accepted click never raises one.
    test.failing("exactly one OnTrigger per accepted click, unless disabled before it went out", () => {
        assertForEveryScript((script) => {
            for (const window of triggersPerAcceptedClick(playScript(script))) {
                if (!window.disabledMeanwhile) expect(window.triggers).toBe(1);
            }
        }, RUNS);
    });

    // Counterexample: a click, then MinPollSeconds becomes NaN before the host reads the outputs:
    // OnTrigger still goes out, while ValidationError names MinPollSeconds.
    test.failing("OnTrigger never goes out while the inputs have issues", () => {
        assertForEveryScript((script) => {
            for (const event of eventsOf(playScript(script))) {
                if (event.event === "trigger") expect(event.view.issues).toEqual([]);
            }
        }, RUNS);
    });
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
        "raises at most one trigger per accepted click, and exactly one for the last, unless disabled before it went out",
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
