import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

/**
 * The shared reference data (Databricks API descriptions, connector schemas, solution exports) lives
 * beside the repository in ../shared/reference; REFERENCE_DIR points elsewhere.
 */
export function referenceDir(): string {
    const dir = process.env.REFERENCE_DIR ?? resolve(__dirname, "..", "..", "..", "shared", "reference");
    if (!existsSync(dir)) {
        throw new Error(
            `Reference data not found at ${dir}. Put the shared reference folder there or set REFERENCE_DIR.`,
        );
    }
    return dir;
}

export function readReferenceJson<T = unknown>(...parts: string[]): T {
    return JSON.parse(readFileSync(join(referenceDir(), ...parts), "utf8")) as T;
}

/** The enum values of a schema in the Jobs API description generated from Databricks' SDK. */
export function databricksJobsEnum(schemaName: string): string[] {
    const spec = readReferenceJson<{ components: { schemas: Record<string, { enum?: string[] }> } }>(
        "databricks",
        "stackql-sdkgen-2026-02",
        "jobs.json",
    );
    const values = spec.components.schemas[schemaName]?.enum;
    if (!values) throw new Error(`No enum ${schemaName} in the Databricks jobs reference`);
    return values;
}
