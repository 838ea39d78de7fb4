import { formatDuration } from "../../runModel/duration";
import { isRunActive, type RunSnapshot } from "../../runModel/runSnapshot";
import type { RunState } from "../../runModel/runState";
import type { TrackerView } from "../../runModel/trackerView";
import { el, srOnly, type Child } from "./dom";
import type { PortalLocalize } from "./portalStrings";

const TONE: Partial<Record<RunState, string>> = {
    Succeeded: "success",
    SucceededWithFailures: "warning",
    Unknown: "warning",
    Failed: "danger",
    TimedOut: "danger",
    Error: "danger",
};

export function timeText(run: RunSnapshot, now: number, localize: PortalLocalize): string {
    if (isRunActive(run))
        return run.startTime !== undefined ? localize("Status_Elapsed", formatDuration(now - run.startTime)) : "";
    return run.durationMs !== undefined ? localize("Status_Duration", formatDuration(run.durationMs)) : "";
}

/**
 * The run's state, id, time, tasks, Databricks' message and the https-only link. Everything that
 * came from a response is text. The time sits in its own node (`.dbxjr-time`, not announced) so the
 * element can move it every second without rebuilding, and without re-announcing, the rest.
 */
export function statusPanel(view: TrackerView, localize: PortalLocalize): Child[] {
    const { run, runState } = view;
    if (runState === "Idle" || runState === "Error") return [];
    const state = el(
        "p",
        { class: "dbxjr-state", "data-state": runState, "data-tone": TONE[runState] },
        localize("Status_Announce", localize(`State_${runState}`)),
    );
    if (!run) return [state];
    const unknown = (value?: string) => value && localize("Status_UnknownValue", value);
    return [
        state,
        el(
            "p",
            { class: "dbxjr-muted" },
            el("span", { class: "dbxjr-run-id" }, localize("Status_RunId", run.runId)),
            " ",
            el("span", { class: "dbxjr-time", "aria-live": "off" }, timeText(run, view.now, localize)),
        ),
        run.awaitingStatus && el("p", {}, localize("Status_AwaitingStatus")),
        run.unknownValue !== undefined && el("p", {}, unknown(run.unknownValue)),
        run.message !== undefined && el("p", { class: "dbxjr-message" }, run.message),
        run.tasks.length > 0 && el("p", {}, localize("Tasks_Heading")),
        run.tasks.length > 0 &&
            el(
                "ul",
                { class: "dbxjr-tasks" },
                ...run.tasks.map((task) =>
                    el(
                        "li",
                        { "data-state": task.state },
                        el("span", { class: "dbxjr-task-key" }, task.taskKey),
                        localize(`State_${task.state}`),
                        task.unknownValue && ` · ${unknown(task.unknownValue)}`,
                        task.message && ` · ${task.message}`,
                    ),
                ),
            ),
        run.runPageUrl !== undefined &&
            el(
                "a",
                { href: run.runPageUrl, target: "_blank", rel: "noopener noreferrer", class: "dbxjr-link" },
                localize("Link_OpenInDatabricks"),
                srOnly(` (${localize("Link_NewWindow")})`),
            ),
    ];
}
