import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { isAbsolute, join, relative } from "node:path";
import { validateWorkflow, type ValidationError } from "@action-validator/core";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";

/**
 * Checks GitHub Actions workflow files: against GitHub's workflow schema with action-validator
 * (https://github.com/mpalmer/action-validator, SchemaStore's github-workflow schema plus checks
 * such as `needs` naming a job that exists), and against this project's own rules: every workflow
 * states its token permissions, and every action is pinned to a full commit SHA with the version
 * in a comment, so a moved or hijacked tag cannot change what runs with the repository's token.
 */

export interface WorkflowProblem {
    file: string;
    line?: number;
    message: string;
}

export function formatWorkflowProblem({ file, line, message }: WorkflowProblem): string {
    return `${file}${line === undefined ? "" : `:${line}`}: ${message}`;
}

const FULL_SHA = /^[0-9a-f]{40}$/;
const VERSION_COMMENT = /#\s*v\d+(?:\.\d+)*\b/;

export function checkWorkflowText(text: string, file: string): WorkflowProblem[] {
    const schemaProblems = validateWorkflow(text).errors.flatMap((error) => describeError(error, file));
    if (schemaProblems.length > 0) return schemaProblems;
    return projectRuleProblems(text, file);
}

/** Every file ending in .yml or .yaml directly under `dir` (GitHub reads no subfolders). */
export function workflowFiles(dir: string): string[] {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
    return readdirSync(dir)
        .filter((name) => /\.ya?ml$/.test(name))
        .sort()
        .map((name) => join(dir, name));
}

export function checkWorkflowFiles(files: readonly string[], rootDir: string): WorkflowProblem[] {
    const shown = (path: string): string => {
        const inside = relative(rootDir, path);
        return inside === "" || inside.startsWith("..") || isAbsolute(inside) ? path : inside;
    };
    return files.flatMap((path) => checkWorkflowText(readFileSync(path, "utf8"), shown(path)));
}

function describeError(error: ValidationError, file: string): WorkflowProblem[] {
    if ("location" in error && error.location) {
        return [{ file, line: error.location.line, message: `${error.title}: ${error.detail}` }];
    }
    const path = "path" in error && error.path ? error.path : "/";
    const states = "states" in error ? error.states : undefined;
    if (states && states.length > 0) {
        // A oneOf failed: show why the closest alternative failed rather than every alternative.
        const closest = states
            .map((state) => state.errors.flatMap((inner) => describeError(inner, file)))
            .reduce((best, candidate) => (candidate.length < best.length ? candidate : best));
        if (closest.length > 0) return closest;
    }
    return [{ file, message: `${path}: ${error.detail ?? error.title}` }];
}

function projectRuleProblems(text: string, file: string): WorkflowProblem[] {
    const lineCounter = new LineCounter();
    const document = parseDocument(text, { lineCounter });
    const lines = text.split(/\r?\n/);
    const lineOf = (node: Node | null | undefined): number | undefined =>
        node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
    const problems: WorkflowProblem[] = [];

    if (!isMap(document.contents) || !document.contents.has("permissions")) {
        problems.push({
            file,
            message:
                'has no top-level "permissions": state the least the jobs need (e.g. "permissions: contents: read") and widen it per job.',
        });
    }

    for (const uses of usesNodes(document.contents)) {
        const value = String(uses.value);
        const line = lineOf(uses);
        const problem = pinningProblem(value, line === undefined ? "" : (lines[line - 1] ?? ""));
        if (problem) problems.push({ file, line, message: problem });
    }
    return problems;
}

/** The `uses:` of each job (reusable workflows) and of each step. */
function usesNodes(root: unknown): Array<Node & { value: unknown }> {
    const found: Array<Node & { value: unknown }> = [];
    if (!isMap(root)) return found;
    const jobs = root.get("jobs", true);
    if (!isMap(jobs)) return found;
    for (const job of jobs.items) {
        if (!isMap(job.value)) continue;
        const jobUses = job.value.get("uses", true);
        if (isScalar(jobUses)) found.push(jobUses);
        const steps = job.value.get("steps", true);
        if (!isSeq(steps)) continue;
        for (const step of steps.items) {
            const stepUses = isMap(step) ? step.get("uses", true) : undefined;
            if (isScalar(stepUses)) found.push(stepUses);
        }
    }
    return found;
}

function pinningProblem(uses: string, lineText: string): string | undefined {
    if (uses.startsWith("./")) return undefined;
    if (uses.startsWith("docker://")) {
        return /@sha256:[0-9a-f]{64}$/.test(uses)
            ? undefined
            : `${uses} is not pinned: name the image by its digest (…@sha256:<digest>).`;
    }
    const at = uses.lastIndexOf("@");
    const action = at < 0 ? uses : uses.slice(0, at);
    const ref = at < 0 ? "" : uses.slice(at + 1);
    if (!FULL_SHA.test(ref)) {
        return `${uses} is not pinned to a full commit SHA: write "${action}@<40-hex commit> # v<version>" so that a moved tag cannot change what runs.`;
    }
    if (!VERSION_COMMENT.test(lineText)) {
        return `${uses} has no version comment: add "# v<version>" after it, naming the release that commit is, for reviewers and update tools.`;
    }
    return undefined;
}
