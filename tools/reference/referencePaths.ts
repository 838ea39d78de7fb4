import { existsSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { REPO_ROOT } from "../common/repoPaths";

/**
 * Where the third-party reference data (Microsoft's connector schemas, Databricks' API descriptions,
 * real solution exports) is found, one rule for every tool and test:
 *   1. REFERENCE_DIR, when set; it must exist, since someone asked for it;
 *   2. reference/data in the repository, where `npm run reference:fetch` writes its copy;
 *   3. ../shared/reference beside the repository;
 *   4. none: the checks that need the data are skipped and say so.
 * Files are named by their path inside that folder, with "/" (e.g. "databricks/stackql-sdkgen-2026-02/jobs.json").
 * A fetched copy can lack files that have no byte-exact public source, so availability is per file.
 */

export const FETCHED_REFERENCE_DIR = join("reference", "data");
export const REFERENCE_FETCH_COMMAND = "npm run reference:fetch";
/** What a user does to get missing reference data; every skip message ends with it. */
export const REFERENCE_REMEDY = `run ${REFERENCE_FETCH_COMMAND}, or set REFERENCE_DIR`;

export const CONNECTOR_SCHEMAS_DIR = "powerplatform-connectors";
export const DATABRICKS_DIR = "databricks";

export type ReferenceOrigin = "set by REFERENCE_DIR" | "fetched by npm run reference:fetch" | "beside the repository";

export class ReferenceDataError extends Error {}

export class ReferenceData {
    private constructor(
        /** The folder in use, or undefined when none was found. */
        readonly dir: string | undefined,
        readonly origin: ReferenceOrigin | undefined,
    ) {}

    static at(dir: string, origin: ReferenceOrigin): ReferenceData {
        return new ReferenceData(resolve(dir), origin);
    }

    /** No reference data at all: every check that needs it is skipped. */
    static none(): ReferenceData {
        return new ReferenceData(undefined, undefined);
    }

    get found(): boolean {
        return this.dir !== undefined;
    }

    has(file: string): boolean {
        if (this.dir === undefined) return false;
        const path = this.resolveInside(file);
        return existsSync(path) && statSync(path).isFile();
    }

    /** The files of `files` that are not available, in their order. */
    missing(files: readonly string[]): string[] {
        return files.filter((file) => !this.has(file));
    }

    /** The absolute path of an available file; a clear error for one that is not. */
    path(file: string): string {
        if (!this.has(file)) {
            const where =
                this.dir === undefined ? "no reference data was found" : `it is not in ${this.dir} (${this.origin})`;
            throw new ReferenceDataError(`Reference file ${file} is needed, but ${where}: ${REFERENCE_REMEDY}.`);
        }
        return this.resolveInside(file);
    }

    /** One line for a summary: where the data comes from. */
    describe(): string {
        return this.dir === undefined
            ? `none found (REFERENCE_DIR is not set; neither ${FETCHED_REFERENCE_DIR} nor ../shared/reference exists)`
            : `${this.dir} (${this.origin})`;
    }

    private resolveInside(file: string): string {
        const path = resolve(this.dir ?? "", ...file.split("/"));
        const inside = relative(this.dir ?? "", path);
        if (inside.startsWith("..") || isAbsolute(inside))
            throw new ReferenceDataError(`Reference file ${file} names a path outside the reference folder.`);
        return path;
    }
}

/** Finds the reference data by the rule above. Throws only when REFERENCE_DIR names a folder that does not exist. */
export function locateReferenceData(
    env: NodeJS.ProcessEnv = process.env,
    repositoryRoot: string = REPO_ROOT,
): ReferenceData {
    const explicit = env.REFERENCE_DIR;
    if (explicit !== undefined && explicit !== "") {
        if (!existsSync(explicit) || !statSync(explicit).isDirectory()) {
            throw new ReferenceDataError(
                `REFERENCE_DIR is set to ${explicit}, which is not a folder. Point it at a copy of the reference data, or unset it to use ${FETCHED_REFERENCE_DIR} (${REFERENCE_FETCH_COMMAND}) or ../shared/reference.`,
            );
        }
        return ReferenceData.at(explicit, "set by REFERENCE_DIR");
    }
    const fetched = join(repositoryRoot, FETCHED_REFERENCE_DIR);
    if (existsSync(fetched) && statSync(fetched).isDirectory())
        return ReferenceData.at(fetched, "fetched by npm run reference:fetch");
    const shared = resolve(repositoryRoot, "..", "shared", "reference");
    if (existsSync(shared) && statSync(shared).isDirectory()) return ReferenceData.at(shared, "beside the repository");
    return ReferenceData.none();
}

export function referencePath(referenceDir: string, ...parts: string[]): string {
    return join(referenceDir, ...parts);
}
