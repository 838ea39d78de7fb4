import { join } from "node:path";
import { ConnectorFiles, loadConnector } from "../../tools/connector/connectorFiles";
import { DatabricksReference } from "../../tools/connector/databricksReference";
import { formatProblem } from "../../tools/connector/problem";
import { SwaggerDocument } from "../../tools/connector/swaggerModel";
import { validateConnector } from "../../tools/connector/validator";
import { needsReference, referenceData, referenceDir, REFERENCE_CHECKS } from "../support/reference";

export const CONNECTOR_DIR = join(__dirname, "..", "..", "connector");

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
    const databricks = needsReference(REFERENCE_CHECKS.databricksConformance).available ? await databricksReference() : undefined;
    const { problems } = await validateConnector(files, { referenceData: referenceData(), runScript: false, databricks });
    return problems.map(formatProblem);
}
