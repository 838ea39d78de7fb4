import { ConnectorLoadError, loadConnector } from "../model/connectorFiles";
import { problem } from "../model/problem";
import { ConnectorVerdict, validateConnector, ValidationOptions } from "./validator";

/** Validates the connector in `dir`; a file that cannot be read or parsed is a problem of that file, not a crash. */
export async function validateConnectorFolder(dir: string, options: ValidationOptions): Promise<ConnectorVerdict> {
    try {
        return await validateConnector(loadConnector(dir), options);
    } catch (error) {
        if (!(error instanceof ConnectorLoadError)) throw error;
        return { problems: [problem(error.file, "", "file", error.message)], skipped: [] };
    }
}
