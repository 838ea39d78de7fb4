import { ActionDefinition } from "./actions/definition";
import { ActionResult } from "./expressions/context";
import { RunError, RunStatus } from "./workflowRun";

/**
 * The status of a run that no Terminate action ended, as Logic Apps documents it: each branch of
 * the top-level actions ends with an action no other action runs after; a branch whose last action
 * was skipped ends as that action's predecessors did; the run fails when a branch ends in failure
 * (Failed or TimedOut), and succeeds otherwise.
 * (https://learn.microsoft.com/azure/logic-apps/error-exception-handling#manage-the-run-after-behavior)
 */
export function runOutcome(
    actions: Record<string, ActionDefinition>,
    results: ReadonlyMap<string, ActionResult>,
): { status: RunStatus; error?: RunError } {
    const names = Object.keys(actions);
    const predecessors = (name: string) => Object.keys(actions[name].runAfter ?? {});
    const followed = new Set(names.flatMap(predecessors));
    const endedInFailure = new Map<string, boolean>();
    const failed = (name: string): boolean => {
        const known = endedInFailure.get(name);
        if (known !== undefined) return known;
        const status = results.get(name)?.status ?? "Skipped";
        const verdict =
            status === "Skipped" ? predecessors(name).some(failed) : status === "Failed" || status === "TimedOut";
        endedInFailure.set(name, verdict);
        return verdict;
    };
    const failedBranches = names.filter((name) => !followed.has(name) && failed(name));
    if (failedBranches.length === 0) return { status: "Succeeded" };
    return {
        status: "Failed",
        error: {
            code: "ActionFailed",
            message: `An action failed. No dependent actions succeeded. (The branch that failed ends at ${failedBranches.join(", ")}.)`,
        },
    };
}
