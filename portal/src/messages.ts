import { formatIssue } from "../../runModel/issueText";
import type { ValidationIssue } from "../../runModel/validationIssue";
import type { PortalLocalize } from "./portalStrings";
import type { SessionProblem, SessionView } from "./runSession";

/** The element's attribute behind each input the model checks; the flow's answers have none. */
const ATTRIBUTE_OF: Partial<Record<ValidationIssue["property"], string>> = {
    JobId: "job-id",
    JobParameters: "parameters",
    MinPollSeconds: "min-poll-seconds",
    MaxPollSeconds: "max-poll-seconds",
};

/** A model issue, prefixed with the attribute a maker sets (the model's messages name the control's properties). */
export function issueText(issue: ValidationIssue, localize: PortalLocalize): string {
    const attribute = ATTRIBUTE_OF[issue.property];
    const text = formatIssue(issue, localize);
    return attribute ? `${attribute}: ${text}` : text;
}

/** What the visitor reads about a failed call: the flow's own message, or what kept the call from the flow. */
export function problemText(problem: SessionProblem, localize: PortalLocalize, jobId: string): string {
    if (problem.source === "flow") {
        if (problem.code === "not_allowed") return localize("Portal_NotAllowed", jobId);
        if (problem.code === "databricks_error") return localize("Error_CallFailed", problem.message);
        return localize("Portal_FlowError", problem.message);
    }
    const { kind, status } = problem.failure;
    if (kind === "forbidden") return localize("Portal_Forbidden");
    if (kind === "serverError") return localize("Portal_ServerError");
    if (kind === "network") return localize("Portal_NetworkError");
    if (kind === "unreadable") return localize("Portal_UnreadableReply");
    if (kind === "notAuthorized") return localize("Portal_NotAuthorized");
    if (kind === "signInNeeded") return localize("Portal_SignInNeeded");
    if (kind === "endpointStatus") return localize("Portal_EndpointStatus", String(status ?? ""));
    return localize("Portal_HttpStatus", String(status ?? ""));
}

/** Every line of the element's alert, in order: bad attributes, the model's issues, the latest failure. */
export function alertLines(view: SessionView, localize: PortalLocalize, jobId: string): string[] {
    const lines: string[] = [];
    const { tracker } = view;
    if (tracker.issues.length > 0)
        lines.push(localize("Validation_Heading"), ...tracker.issues.map((issue) => issueText(issue, localize)));
    if (view.problem) lines.push(problemText(view.problem, localize, jobId));
    if (tracker.failure === "noRunStarted") lines.push(localize("Portal_NoRunStarted"));
    return lines;
}
