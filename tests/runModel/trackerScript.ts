import { VirtualClock } from "../../bench/virtualClock";
import { formatIssue } from "../../runModel/issueText";
import { createLocalizer } from "../../runModel/localize";
import {
    createRunTracker,
    EMPTY_INPUTS,
    type RunEvent,
    type RunTracker,
    type RunTrackerOptions,
    type TrackerInputs,
    type TrackerView,
} from "../../runModel/runTracker";
import { controlOutputs } from "../../TriggerControl/controlOutputs";
import { VALID_START, type TrackerCommand } from "../support/arbitraries";

/** What happened while a script played, in order; each view is the one at that moment. */
export type TimelineEntry =
    | { type: "event"; event: RunEvent; view: TrackerView; inputs: TrackerInputs }
    | { type: "click"; accepted: boolean; before: TrackerView }
    | { type: "cancel"; accepted: boolean; before: TrackerView }
    | { type: "update"; inputs: TrackerInputs; view: TrackerView }
    | { type: "disposed" };

export type TrackerFactory = (options: RunTrackerOptions) => RunTracker;

/** Past every timer the tracker sets: the fallback for OnTrigger, the submission timeout, the longest poll. */
const SETTLE_MS = 2 * 3_600_000;

const localize = createLocalizer(() => "");

/**
 * Plays `script` on a tracker with a virtual clock, the way a host would (reading the outputs when told
 * they changed), then lets every timer run out and disposes it. `afterEach` sees the view after each step.
 */
export function playScript(
    script: readonly TrackerCommand[],
    afterEach: (view: TrackerView) => void = () => {},
    makeTracker: TrackerFactory = createRunTracker,
): TimelineEntry[] {
    const clock = new VirtualClock();
    const timeline: TimelineEntry[] = [];
    let inputs: TrackerInputs = { ...EMPTY_INPUTS, ...VALID_START };
    let tokens = 0;
    const tracker: RunTracker = makeTracker({
        clock,
        newToken: () => `token-${++tokens}`,
        raise: (event) => timeline.push({ type: "event", event, view: tracker.view(), inputs }),
        onOutputsChanged: () => controlOutputs(tracker.view(), (issue) => formatIssue(issue, localize)),
    });
    const step = (command: TrackerCommand) => {
        switch (command.kind) {
            case "update":
                inputs = { ...inputs, ...command.changes };
                tracker.update(inputs);
                timeline.push({ type: "update", inputs, view: tracker.view() });
                break;
            case "click": {
                const before = tracker.view();
                timeline.push({ type: "click", accepted: tracker.trigger(command.values), before });
                break;
            }
            case "cancel": {
                const before = tracker.view();
                timeline.push({ type: "cancel", accepted: tracker.cancel(), before });
                break;
            }
            case "outputsRead":
                tracker.outputsRead();
                break;
            case "outputsTaken":
                tracker.outputsTaken();
                break;
            case "advance":
                clock.advanceTo(clock.now() + command.ms);
                break;
        }
        afterEach(tracker.view());
    };
    step({ kind: "update", changes: {} });
    script.forEach(step);
    step({ kind: "advance", ms: SETTLE_MS });
    tracker.dispose();
    timeline.push({ type: "disposed" });
    clock.advanceTo(clock.now() + SETTLE_MS);
    return timeline;
}
