import { ConnectorLoadError, loadConnector } from "../model/connectorFiles";
import { formatProblem, problem } from "../model/problem";
import { locateReferenceData, ReferenceDataError } from "../../reference/referencePaths";
import { formatSkipped, requiredChecksFailure } from "../../reference/skippedChecks";
import { ConnectorVerdict, validateConnector } from "./validator";
import { repoPath } from "../../common/repoPaths";

/**
 * `npm run validate:connector [connector folder]`: prints one line per problem
 * (`file#pointer [rule] message`) on stderr and exits 1 when there is any. Checks that could not
 * run (no reference data, no Mono) are named on stdout and do not fail the run, unless
 * REQUIRE_ALL_CHECKS is set.
 */
async function main(): Promise<number> {
    const dir = process.argv[2] ?? repoPath("connector");
    let referenceData;
    try {
        referenceData = locateReferenceData();
    } catch (error) {
        if (!(error instanceof ReferenceDataError)) throw error;
        console.error(error.message);
        return 2;
    }
    let verdict: ConnectorVerdict;
    try {
        verdict = await validateConnector(loadConnector(dir), { referenceData });
    } catch (error) {
        if (!(error instanceof ConnectorLoadError)) throw error;
        verdict = { problems: [problem(error.file, "", "file", error.message)], skipped: [] };
    }
    const { problems, skipped } = verdict;
    for (const found of problems) console.error(formatProblem(found));
    console.log(`Reference data: ${referenceData.describe()}`);
    for (const check of skipped) console.log(formatSkipped(check));
    const skippedNote = skipped.length === 0 ? "every check ran" : `${skipped.length} check(s) skipped, named above`;
    console.log(problems.length === 0 ? `Connector in ${dir} is valid (${skippedNote}).` : `${problems.length} problem(s) in ${dir} (${skippedNote}).`);
    const required = requiredChecksFailure(skipped);
    if (required) console.error(required);
    return problems.length === 0 && required === undefined ? 0 : 1;
}

main().then(
    (code) => process.exit(code),
    (error: unknown) => {
        console.error(error);
        process.exit(2);
    },
);
