import type { StringKey } from "./stringKeys";
import type { JsonTypeName } from "./jsonInput";

/** The maker-facing properties whose values the control validates. */
export type ValidatedProperty =
    | "JobId"
    | "JobParameters"
    | "ParameterDefinitions"
    | "Run"
    | "MinPollSeconds"
    | "MaxPollSeconds";

/** An argument of a message: text as it is, or a JSON type the view names in the user's language. */
export type IssueArg = string | { jsonType: JsonTypeName };

/** A problem with one input, as a resx key and its arguments, so the view can localize it. */
export interface ValidationIssue {
    property: ValidatedProperty;
    messageKey: StringKey;
    args: readonly IssueArg[];
}

export function issue(property: ValidatedProperty, messageKey: StringKey, ...args: IssueArg[]): ValidationIssue {
    return { property, messageKey, args };
}
