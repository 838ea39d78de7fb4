import { join } from "node:path";
import { ConnectorLoadError, loadConnector } from "./connectorFiles";
import { formatProblem, problem, Problem } from "./problem";
import { defaultReferenceDir } from "./referencePaths";
import { validateConnector } from "./validator";

/**
 * `npm run validate:connector [connector folder]`: prints one line per problem
 * (`file#pointer [rule] message`) and exits 1 when there is any.
 */
async function main(): Promise<number> {
    const connectorDir = process.argv[2] ?? join(__dirname, "..", "..", "connector");
    let problems: Problem[];
    try {
        problems = await validateConnector(loadConnector(connectorDir), { referenceDir: defaultReferenceDir() });
    } catch (error) {
        if (!(error instanceof ConnectorLoadError)) throw error;
        problems = [problem(error.file, "", "file", error.message)];
    }
    for (const found of problems) console.error(formatProblem(found));
    console.log(problems.length === 0 ? `Connector in ${connectorDir} is valid.` : `${problems.length} problem(s) in ${connectorDir}.`);
    return problems.length === 0 ? 0 : 1;
}

main().then(
    (code) => process.exit(code),
    (error: unknown) => {
        console.error(error);
        process.exit(2);
    },
);
