import type { StringKey } from "../strings/stringKeys";

/** The maker-facing properties whose values the control validates. */
export type ValidatedProperty =
    | "JobId"
    | "JobParameters"
    | "ParameterDefinitions"
    | "Run"
    | "MinPollSeconds"
    | "MaxPollSeconds";

/** A problem with one input, as a resx key and its arguments, so the view can localize it. */
export interface ValidationIssue {
    property: ValidatedProperty;
    messageKey: StringKey;
    args: readonly string[];
}

export function issue(property: ValidatedProperty, messageKey: StringKey, ...args: string[]): ValidationIssue {
    return { property, messageKey, args };
}
