import { existsSync, readFileSync } from "node:fs";
import { repoPath } from "../common/repoPaths";
import { ReferenceData, REFERENCE_REMEDY } from "./referencePaths";

/**
 * A check that did not run, named so that a person can tell what was not checked and how to get it
 * checked. Missing reference data or a missing tool never fails a build on its own; it is reported.
 */
export interface SkippedCheck {
    name: string;
    reason: string;
    /** What to do so that the check runs. */
    remedy?: string;
    /** "on-request": the caller left the check out on purpose; otherwise something it needs is missing. */
    cause: "reference-data" | "tool" | "on-request";
}

/** A check that reads third-party reference files, by their paths inside the reference folder. */
export interface ReferenceCheck {
    name: string;
    files: readonly string[];
}

/** `skipped: <name> (<reason>: <remedy>)`, the one form every summary prints. */
export function formatSkipped({ name, reason, remedy }: SkippedCheck): string {
    return `skipped: ${name} (${reason}${remedy ? `: ${remedy}` : ""})`;
}

/** Why `check` cannot run with this reference data, or undefined when it can. */
export function referenceSkip(check: ReferenceCheck, data: ReferenceData): SkippedCheck | undefined {
    const missing = data.missing(check.files);
    if (data.found && missing.length === 0) return undefined;
    const what = !data.found
        ? ""
        : missing.length === check.files.length
          ? `: none of its files is in ${data.dir}`
          : `: ${missing.join(", ")} missing from ${data.dir}`;
    const unfetchable = missing.filter((file) => notFetchable().has(file));
    // `npm run reference:fetch` cannot bring a file that has no byte-exact public source: say so instead of sending people to it.
    const remedy =
        unfetchable.length === 0
            ? REFERENCE_REMEDY
            : `set REFERENCE_DIR to a complete copy; ${unfetchable.join(", ")} cannot be fetched (see reference/README.md)`;
    return { name: check.name, reason: `needs reference data${what}`, remedy, cause: "reference-data" };
}

let notFetchableFiles: ReadonlySet<string> | undefined;

/** The files that reference/sources.json lists as not fetchable, read once when a skip is worded (no validation: only for wording). */
function notFetchable(): ReadonlySet<string> {
    if (notFetchableFiles) return notFetchableFiles;
    const list = repoPath("reference", "sources.json");
    const files = existsSync(list)
        ? (JSON.parse(readFileSync(list, "utf8")) as { files: { path: string; notFetchable?: string }[] }).files
        : [];
    notFetchableFiles = new Set(files.filter((file) => file.notFetchable !== undefined).map((file) => file.path));
    return notFetchableFiles;
}

/**
 * REQUIRE_ALL_CHECKS=1 turns a check that could not run (no reference data, no Mono) into a failure:
 * for CI, which has both, so that losing either cannot pass unnoticed.
 */
export const REQUIRE_ALL_CHECKS = "REQUIRE_ALL_CHECKS";

export function allChecksRequired(env: NodeJS.ProcessEnv = process.env): boolean {
    const value = (env[REQUIRE_ALL_CHECKS] ?? "").trim().toLowerCase();
    return value !== "" && value !== "0" && value !== "false";
}

/** The skipped checks that REQUIRE_ALL_CHECKS forbids: all but those left out on request. */
export function unavailableChecks(skipped: readonly SkippedCheck[]): SkippedCheck[] {
    return skipped.filter((check) => check.cause !== "on-request");
}

/** The message for a run that REQUIRE_ALL_CHECKS stops; undefined when it may go on. */
export function requiredChecksFailure(
    skipped: readonly SkippedCheck[],
    env: NodeJS.ProcessEnv = process.env,
): string | undefined {
    const unavailable = unavailableChecks(skipped);
    if (!allChecksRequired(env) || unavailable.length === 0) return undefined;
    return `${REQUIRE_ALL_CHECKS} is set, and ${unavailable.length} check(s) could not run: ${unavailable.map((check) => check.name).join("; ")}.`;
}
