import { ConnectorFiles, loadConnector } from "../../tools/connector/model/connectorFiles";
import { DatabricksReference } from "../../tools/connector/validator/databricksReference";
import { formatProblem } from "../../tools/connector/model/problem";
import { SwaggerDocument } from "../../tools/connector/model/swaggerModel";
import { validateConnector } from "../../tools/connector/validator/validator";
import { needsReference, referenceData, referenceDir, REFERENCE_CHECKS } from "../support/reference";
import { repoPath } from "../../tools/common/repoPaths";

export const CONNECTOR_DIR = repoPath("connector");

/**
 * A fresh copy of the shipped connector, to break in one place. (Loaded anew rather than cloned:
 * structuredClone would hand back objects of another realm under jest and turn the icon's Buffer
 * into a plain Uint8Array.)
 */
export function connectorCopy(): ConnectorFiles {
    return loadConnector(CONNECTOR_DIR);
}

export function definitionOf(files: ConnectorFiles): SwaggerDocument {
    return files.apiDefinition as SwaggerDocument;
}

let reference: Promise<DatabricksReference> | undefined;

export function databricksReference(): Promise<DatabricksReference> {
    reference ??= DatabricksReference.load(referenceDir());
    return reference;
}

/**
 * The validator's output lines for a copy, without compiling script.csx (its own tests do). The
 * checks that need reference data run when it is here.
 */
export async function problemLines(files: ConnectorFiles): Promise<string[]> {
    const databricks = needsReference(REFERENCE_CHECKS.databricksConformance).available
        ? await databricksReference()
        : undefined;
    const { problems } = await validateConnector(files, {
        referenceData: referenceData(),
        runScript: false,
        databricks,
    });
    return problems.map(formatProblem);
}
