/**
 * `npm run lint:workflows [-- <file or folder>...]`: checks the GitHub Actions workflows (by default
 * every .yml/.yaml in .github/workflows) with workflowCheck.ts. Exits 1 on any problem, naming the
 * file, the line or schema path, and what is wrong; 2 on wrong arguments.
 */
import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { command, EXIT, runAsProcess, UsageError } from "../common/cli";
import { checkWorkflowFiles, formatWorkflowProblem, workflowFiles } from "./workflowCheck";

export const DEFAULT_WORKFLOW_DIR = join(".github", "workflows");

export const main = command({
    name: "lint:workflows",
    usage: "Usage: npm run lint:workflows [-- <workflow file or folder>...]   (default: .github/workflows)",
    options: {},
    positionals: true,
    run({ positionals }, context) {
        const targets = (positionals.length > 0 ? positionals : [DEFAULT_WORKFLOW_DIR]).map((target) =>
            resolve(context.rootDir, target),
        );
        const files = targets.flatMap((target) => {
            if (!existsSync(target)) throw new UsageError(`${target} does not exist.`);
            return statSync(target).isDirectory() ? workflowFiles(target) : [target];
        });
        if (files.length === 0) throw new UsageError(`No .yml or .yaml workflow files in ${targets.join(", ")}.`);

        const problems = checkWorkflowFiles(files, context.rootDir);
        if (problems.length > 0) {
            context.stderr(
                `${problems.map(formatWorkflowProblem).join("\n")}\n${problems.length} problem(s) in the workflows.\n`,
            );
            return EXIT.failed;
        }
        context.stdout(
            `${files.length} workflow file(s) valid: GitHub's schema, permissions stated, actions pinned.\n`,
        );
        return EXIT.ok;
    },
});

if (require.main === module) runAsProcess(main);
