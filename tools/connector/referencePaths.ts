import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

/**
 * The shared reference data lives beside the repository in ../shared/reference (REFERENCE_DIR
 * overrides it). Tools and tests all find it here.
 */
export function defaultReferenceDir(env: NodeJS.ProcessEnv = process.env): string {
    const dir = env.REFERENCE_DIR ?? resolve(__dirname, "..", "..", "..", "shared", "reference");
    if (!existsSync(dir)) {
        throw new Error(`Reference data not found at ${dir}. Put the shared reference folder there or set REFERENCE_DIR.`);
    }
    return dir;
}

export const CONNECTOR_SCHEMAS_DIR = "powerplatform-connectors";
export const DATABRICKS_DIR = "databricks";

export function referencePath(referenceDir: string, ...parts: string[]): string {
    return join(referenceDir, ...parts);
}
