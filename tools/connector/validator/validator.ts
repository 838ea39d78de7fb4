import { checkCertificationRules } from "./certificationRules";
import { checkConformance, CONFORMANCE_CHECK } from "./conformance";
import { checkConnection } from "./connectionRules";
import { ConnectorFiles, FILE } from "../model/connectorFiles";
import { DatabricksReference } from "./databricksReference";
import { monoSkip } from "../customCode/monoToolchain";
import { problem, Problem } from "../model/problem";
import { checkReadme } from "./readmeRules";
import { ReferenceData } from "../../reference/referencePaths";
import { checkOpenApi, checkSchemas, SCHEMA_CHECK } from "./schemaCheck";
import { SCRIPT_CASES } from "../customCode/scriptCases";
import { checkScript, SCRIPT_CHECK_NAME } from "../customCode/scriptCheck";
import { scanForSecrets } from "./secretScan";
import { ReferenceCheck, referenceSkip, SkippedCheck } from "../../reference/skippedChecks";
import { SwaggerDocument } from "../model/swaggerModel";

export interface ValidationOptions {
    /** Where Microsoft's schemas and Databricks' API descriptions are; checks that need absent files are skipped. */
    referenceData: ReferenceData;
    /** Compile and run script.csx under Mono (check 5). On by default; when off, reported as skipped on request. */
    runScript?: boolean;
    /** Loaded once and shared, e.g. by tests that validate many broken copies. */
    databricks?: DatabricksReference;
    /** Where Mono is looked for (PATH, NEWTONSOFT_JSON_DLL). */
    env?: NodeJS.ProcessEnv;
}

/** What the validator found, and which checks it could not run and why. */
export interface ConnectorVerdict {
    problems: Problem[];
    skipped: SkippedCheck[];
}

/**
 * Runs the five checks of the connector issue and returns every problem found, in that order. The
 * project's own rules always run; the checks that need third-party reference data or Mono run when
 * those are here and are otherwise listed in `skipped`.
 */
export async function validateConnector(files: ConnectorFiles, options: ValidationOptions): Promise<ConnectorVerdict> {
    const document = files.apiDefinition as SwaggerDocument;
    const skipped: SkippedCheck[] = [];
    const whenAvailable = async (
        check: ReferenceCheck,
        run: (referenceDir: string) => Problem[] | Promise<Problem[]>,
    ): Promise<Problem[]> => {
        const skip = referenceSkip(check, options.referenceData);
        if (skip) {
            skipped.push(skip);
            return [];
        }
        return run(options.referenceData.dir as string);
    };

    const openApi = await checkOpenApi(files);
    const schemas = await whenAvailable(SCHEMA_CHECK, (referenceDir) => checkSchemas(files, referenceDir));
    const ownRules = [
        ...checkCertificationRules(document),
        ...checkConnection(files),
        ...checkReadme(files.readme, document),
        ...scanForSecrets(files),
    ];
    const conformance = await whenAvailable(CONFORMANCE_CHECK, async (referenceDir) =>
        checkConformance(document, options.databricks ?? (await DatabricksReference.load(referenceDir))),
    );
    return {
        problems: [...openApi, ...schemas, ...ownRules, ...conformance, ...scriptProblems(files, options, skipped)],
        skipped,
    };
}

function scriptProblems(files: ConnectorFiles, options: ValidationOptions, skipped: SkippedCheck[]): Problem[] {
    if (options.runScript === false) {
        skipped.push({ name: SCRIPT_CHECK_NAME, reason: "left out on request", cause: "on-request" });
        return [];
    }
    if (files.script === undefined) return [problem(FILE.script, "", "script-csx", "is missing")];
    const noMono = monoSkip(SCRIPT_CHECK_NAME, options.env);
    if (noMono) {
        skipped.push(noMono);
        return [];
    }
    return checkScript(files.script, SCRIPT_CASES, options.env);
}
