import { ConnectorValidation } from "./connectorParts";

/**
 * The connector validator of tools/connector, run in full: schemas, certification rules, connection,
 * README, secrets, conformance to Databricks' API, and script.csx compiled and run under Mono.
 * Loaded lazily so that callers that pass their own validation do not load the reference data.
 */
export async function loadConnectorValidation({ runScript = true }: { runScript?: boolean } = {}): Promise<ConnectorValidation> {
    const { validateConnector } = await import("../connector/validator");
    const { defaultReferenceDir } = await import("../connector/referencePaths");
    const referenceDir = defaultReferenceDir();
    return (files) => validateConnector(files, { referenceDir, runScript });
}
