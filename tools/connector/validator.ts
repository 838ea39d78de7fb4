import { checkCertificationRules } from "./certificationRules";
import { checkConformance } from "./conformance";
import { checkConnection } from "./connectionRules";
import { ConnectorFiles, FILE } from "./connectorFiles";
import { DatabricksReference } from "./databricksReference";
import { problem, Problem } from "./problem";
import { checkReadme } from "./readmeRules";
import { checkOpenApi, checkSchemas } from "./schemaCheck";
import { checkScript } from "./scriptCheck";
import { scanForSecrets } from "./secretScan";
import { SwaggerDocument } from "./swaggerModel";

export interface ValidationOptions {
    referenceDir: string;
    /** Compile and run script.csx under Mono (check 5). On by default. */
    runScript?: boolean;
    /** Loaded once and shared, e.g. by tests that validate many broken copies. */
    reference?: DatabricksReference;
}

/** Runs the five checks of the connector issue and returns every problem found, in that order. */
export async function validateConnector(files: ConnectorFiles, options: ValidationOptions): Promise<Problem[]> {
    const document = files.apiDefinition as SwaggerDocument;
    const reference = options.reference ?? (await DatabricksReference.load(options.referenceDir));
    const script = options.runScript === false ? [] : files.script === undefined ? [problem(FILE.script, "", "script-csx", "is missing")] : checkScript(files.script);
    return [
        ...(await checkOpenApi(files)),
        ...checkSchemas(files, options.referenceDir),
        ...checkCertificationRules(document),
        ...checkConnection(files),
        ...checkReadme(files.readme, document),
        ...scanForSecrets(files),
        ...checkConformance(document, reference),
        ...script,
    ];
}
