import type { SkippedCheck } from "../../reference/skippedChecks";
import { ConnectorValidation } from "./connectorParts";
import { PackError } from "./errors";

export interface DefaultValidationOptions {
    /** Compile and run script.csx under Mono; on by default. */
    runScript?: boolean;
    /** Told which checks could not run (no reference data, no Mono), so that the caller can name them. */
    onSkipped?: (skipped: SkippedCheck[]) => void;
}

/**
 * The connector validator of tools/connector, run in full: schemas, certification rules, connection,
 * README, secrets, conformance to Databricks' API, and script.csx compiled and run under Mono. The
 * checks whose reference data or tool is missing are skipped and handed to onSkipped; with
 * REQUIRE_ALL_CHECKS set they stop the pack instead. Loaded lazily so that callers that pass their
 * own validation do not load the reference data.
 */
export async function loadConnectorValidation({
    runScript = true,
    onSkipped,
}: DefaultValidationOptions = {}): Promise<ConnectorValidation> {
    const { validateConnector } = await import("../../connector/validator/validator");
    const { locateReferenceData, ReferenceDataError } = await import("../../reference/referencePaths");
    const { formatSkipped, requiredChecksFailure } = await import("../../reference/skippedChecks");
    let referenceData;
    try {
        referenceData = locateReferenceData();
    } catch (error) {
        if (error instanceof ReferenceDataError) throw new PackError(error.message);
        throw error;
    }
    return async (files) => {
        const { problems, skipped } = await validateConnector(files, { referenceData, runScript });
        const required = requiredChecksFailure(skipped);
        if (required)
            throw new PackError(`${required}\n${skipped.map((check) => `  ${formatSkipped(check)}`).join("\n")}`);
        onSkipped?.(skipped);
        return problems;
    };
}
