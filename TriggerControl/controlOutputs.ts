import type { TrackerView } from "../runModel/trackerView";
import type { ValidationIssue } from "../runModel/validationIssue";
import type { IOutputs } from "./generated/ManifestTypes";

/** The control's output properties for a view; `format` puts a validation issue in the user's words. */
export function controlOutputs(view: TrackerView, format: (issue: ValidationIssue) => string): Required<IOutputs> {
    return {
        RequestedParameters: view.request ? JSON.stringify(view.request.parameters) : "",
        IdempotencyToken: view.request?.idempotencyToken ?? "",
        RunId: view.run?.runId ?? "",
        RunState: view.runState,
        RunPageUrl: view.run?.runPageUrl ?? "",
        IsActive: view.isActive,
        ValidationError: view.issues.map(format).join("\n"),
    };
}
