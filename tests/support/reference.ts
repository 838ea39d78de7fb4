import { readFileSync } from "node:fs";
import { join } from "node:path";
import { defaultReferenceDir } from "../../tools/connector/referencePaths";

/** The shared reference data (Databricks API descriptions, connector schemas, solution exports). */
export function referenceDir(): string {
    return defaultReferenceDir();
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
