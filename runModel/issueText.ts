import type { Localize } from "./localize";
import type { ValidationIssue } from "./validationIssue";

/** A validation issue in the user's language, with the JSON types it names translated too. */
export function formatIssue(issue: ValidationIssue, localize: Localize): string {
    return localize(
        issue.messageKey,
        ...issue.args.map((arg) => (typeof arg === "string" ? arg : localize(`JsonType_${arg.jsonType}`))),
    );
}
