import type { StringKey } from "./stringKeys";
import type { JsonTypeName } from "./jsonInput";

/** The maker-facing properties whose values the control validates. */
export type ValidatedProperty =
    "JobId" | "JobParameters" | "ParameterDefinitions" | "Run" | "MinPollSeconds" | "MaxPollSeconds";

/** An argument of a message: text as it is, or a JSON type the view names in the user's language. */
export type IssueArg = string | { jsonType: JsonTypeName };

/** A problem with one input, as a resx key and its arguments, so the view can localize it. */
export interface ValidationIssue {
    property: ValidatedProperty;
    messageKey: StringKey;
    args: readonly IssueArg[];
}

/** A validation message, by its resx key without the "Validation_" that every such key begins with. */
export type ValidationMessage = Exclude<
    StringKey extends infer Key ? (Key extends `Validation_${infer Message}` ? Message : never) : never,
    "Heading"
>;

export function issue(property: ValidatedProperty, message: ValidationMessage, ...args: IssueArg[]): ValidationIssue {
    return { property, messageKey: `Validation_${message}`, args };
}
