import { join } from "node:path";
import { command, EXIT, runAsProcess, UsageError } from "../../common/cli";
import { formatProblem } from "../model/problem";
import { locateReferenceData, ReferenceDataError } from "../../reference/referencePaths";
import { formatSkipped, requiredChecksFailure } from "../../reference/skippedChecks";
import { validateConnectorFolder } from "./validateFolder";

/**
 * `npm run validate:connector [connector folder]`: prints one line per problem
 * (`file#pointer [rule] message`) on stderr and exits 1 when there is any. Checks that could not
 * run (no reference data, no Mono) are named on stdout and do not fail the run, unless
 * REQUIRE_ALL_CHECKS is set. A REFERENCE_DIR that is not a folder is a usage error (exit 2).
 */
export const main = command({
    name: "validate:connector",
    usage: "Usage: npm run validate:connector [-- <connector folder>]   (default: connector/)",
    options: {},
    positionals: true,
    async run({ positionals }, context) {
        if (positionals.length > 1) throw new UsageError(`Name one connector folder, not ${positionals.length}.`);
        const dir = positionals[0] ?? join(context.rootDir, "connector");
        let referenceData;
        try {
            referenceData = locateReferenceData(context.env);
        } catch (error) {
            if (!(error instanceof ReferenceDataError)) throw error;
            throw new UsageError(error.message);
        }
        const { problems, skipped } = await validateConnectorFolder(dir, { referenceData });
        for (const found of problems) context.stderr(`${formatProblem(found)}\n`);
        context.stdout(`Reference data: ${referenceData.describe()}\n`);
        for (const check of skipped) context.stdout(`${formatSkipped(check)}\n`);
        const skippedNote =
            skipped.length === 0 ? "every check ran" : `${skipped.length} check(s) skipped, named above`;
        context.stdout(
            problems.length === 0
                ? `Connector in ${dir} is valid (${skippedNote}).\n`
                : `${problems.length} problem(s) in ${dir} (${skippedNote}).\n`,
        );
        const required = requiredChecksFailure(skipped, context.env);
        if (required) context.stderr(`${required}\n`);
        return problems.length === 0 && required === undefined ? EXIT.ok : EXIT.failed;
    },
});

if (require.main === module) runAsProcess(main);
