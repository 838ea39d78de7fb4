import { readFileSync } from "node:fs";
import { isObject } from "../../common/objects";
import type { Value, WorkflowDefinition } from "../workflowEngine";

/**
 * Dataverse environment variables for the flows, by schema name (dbxjt_PortalAllowedJobIds, …). A
 * solution flow reads one as a definition parameter named "<display name> (<schema name>)" whose
 * metadata.schemaName is the schema name; without a value here the parameter keeps its defaultValue.
 */
export type EnvironmentValues = Record<string, Value>;

/** An environment file that cannot be read or is not a JSON object; the message names the file. */
export class EnvironmentFileError extends Error {}

/** A JSON file of environment variable values: {"<schema name>": value, …}. */
export function readEnvironmentFile(path: string): EnvironmentValues {
    let text: string;
    try {
        text = readFileSync(path, "utf8");
    } catch (error) {
        throw new EnvironmentFileError(`Cannot read the environment file ${path}: ${(error as Error).message}`);
    }
    let values: unknown;
    try {
        values = JSON.parse(text);
    } catch (error) {
        throw new EnvironmentFileError(`The environment file ${path} is not JSON: ${(error as Error).message}`);
    }
    if (!isObject(values))
        throw new EnvironmentFileError(
            `The environment file ${path} must hold a JSON object of values by schema name.`,
        );
    return values as EnvironmentValues;
}

/** The values of the definition's environment-variable parameters that `environment` sets, by parameter name. */
export function environmentParameters(
    definition: WorkflowDefinition,
    environment: EnvironmentValues,
): Record<string, Value> {
    const values: Record<string, Value> = {};
    for (const [name, parameter] of Object.entries(definition.parameters ?? {})) {
        const schemaName =
            isObject(parameter) && isObject(parameter.metadata) ? parameter.metadata.schemaName : undefined;
        if (typeof schemaName === "string" && Object.prototype.hasOwnProperty.call(environment, schemaName))
            values[name] = environment[schemaName];
    }
    return values;
}
