import { issue, type ValidationIssue } from "./validationIssue";

/** Largest Databricks id: job and run ids are int64. */
export const MAX_INT64 = "9223372036854775807";

export type JobIdResult = { ok: true; jobId: string } | { ok: false; issue: ValidationIssue };

/** Compares two strings of decimal digits without leading zeros, as numbers. */
function compareDigits(a: string, b: string): number {
    return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}

/** Validates the JobId property: 1–19 digits, at most the int64 maximum. Surrounding spaces are ignored. */
export function parseJobId(text: string | null | undefined): JobIdResult {
    const value = (text ?? "").trim();
    if (value === "") {
        return { ok: false, issue: issue("JobId", "JobIdMissing") };
    }
    if (!/^[0-9]{1,19}$/.test(value)) {
        return { ok: false, issue: issue("JobId", "JobIdNotDigits", value) };
    }
    const significant = value.replace(/^0+(?=.)/, "");
    if (compareDigits(significant, MAX_INT64) > 0) {
        return { ok: false, issue: issue("JobId", "JobIdTooLarge", value, MAX_INT64) };
    }
    return { ok: true, jobId: value };
}

/** Reads a Databricks int64 id from JSON, where Power Fx writes it as a number and others as a string. */
export function readInt64Id(value: unknown): string | undefined {
    const digits =
        typeof value === "number" && Number.isInteger(value) && value >= 0
            ? BigInt(value).toString()
            : typeof value === "string" && /^[0-9]{1,19}$/.test(value.trim())
              ? value.trim()
              : undefined;
    return digits !== undefined && compareDigits(digits.replace(/^0+(?=.)/, ""), MAX_INT64) <= 0 ? digits : undefined;
}
