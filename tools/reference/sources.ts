import Ajv, { ErrorObject } from "ajv";
import { readFileSync } from "node:fs";
import { join, posix } from "node:path";
import { describeSchemaError } from "../common/jsonSchemaErrors";
import { REPO_ROOT, repoPath } from "../common/repoPaths";

/** The list of reference files (reference/sources.json): where each one comes from and its SHA-256. */

export const DEFAULT_SOURCES_FILE = repoPath("reference", "sources.json");
export const SOURCES_SCHEMA_FILE = repoPath("reference", "sources.schema.json");
/** Git-ignored; the build and the tests look for the data here (after REFERENCE_DIR). */
export const DEFAULT_OUT_DIR = join(REPO_ROOT, "reference", "data");
export const DEFAULT_SOURCE_BASE = "https://raw.githubusercontent.com";

export interface SourceLocation {
    /** GitHub owner/name. */
    repository: string;
    /** 40 hex digits; absent only for files that are not fetchable. */
    commit?: string;
    /** The file's path in the repository; a zip archive when zipEntry or zipListing is set. */
    path: string;
    zipEntry?: string;
    zipListing?: true;
}

export interface ReferenceFile {
    /** Where the file goes, relative to the data folder, with forward slashes. */
    path: string;
    sha256: string;
    size: number;
    licence: string;
    attribution?: string;
    about: string;
    note?: string;
    /** Why no byte-exact public download is known; the file is then listed for its provenance only. */
    notFetchable?: string;
    source: SourceLocation;
}

export type FetchableFile = ReferenceFile & { notFetchable?: undefined; source: SourceLocation & { commit: string } };

export class SourcesError extends Error {}

export function isFetchable(file: ReferenceFile): file is FetchableFile {
    return file.notFetchable === undefined && file.source.commit !== undefined;
}

/**
 * True for a relative path that stays inside the folder it is joined to: forward slashes only, no
 * empty, "." or ".." segment, no drive letter.
 */
export function isInsideLayout(path: string): boolean {
    if (path === "" || path.includes("\\") || path.startsWith("/") || /^[A-Za-z]:/.test(path)) return false;
    const segments = path.split("/");
    return (
        segments.every((segment) => segment !== "" && segment !== "." && segment !== "..") &&
        posix.normalize(path) === path
    );
}

/** The raw download address of a file (or of the archive that holds it) at its pinned commit. */
export function sourceUrl(base: string, source: SourceLocation & { commit: string }): string {
    const encoded = [...source.repository.split("/"), source.commit, ...source.path.split("/")]
        .map(encodeURIComponent)
        .join("/");
    return `${base.replace(/\/+$/, "")}/${encoded}`;
}

let validateList: ReturnType<Ajv["compile"]> | undefined;

function schemaValidator(): ReturnType<Ajv["compile"]> {
    if (!validateList) {
        // strictRequired would refuse the schema's "required" inside if/then, which names properties defined beside it.
        const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
        validateList = ajv.compile(JSON.parse(readFileSync(SOURCES_SCHEMA_FILE, "utf8")));
    }
    return validateList;
}

function describeListError(error: ErrorObject): string {
    return `${error.instancePath === "" ? "the top level" : error.instancePath} ${describeSchemaError(error)}`;
}

/** Checks a parsed list against reference/sources.schema.json and the rules a schema cannot say. */
export function checkSources(document: unknown, file: string): ReferenceFile[] {
    const validate = schemaValidator();
    if (!validate(document)) {
        const details = (validate.errors ?? []).map((error) => `  ${describeListError(error)}`).join("\n");
        throw new SourcesError(`${file} does not match reference/sources.schema.json:\n${details}`);
    }
    const files = (document as { files: ReferenceFile[] }).files;
    const seen = new Set<string>();
    const problems: string[] = [];
    files.forEach((entry, index) => {
        if (!isInsideLayout(entry.path))
            problems.push(
                `  /files/${index}/path "${entry.path}" leaves the data folder or is not a plain relative path`,
            );
        if (seen.has(entry.path)) problems.push(`  /files/${index}/path "${entry.path}" is listed twice`);
        seen.add(entry.path);
    });
    if (problems.length > 0) throw new SourcesError(`${file}:\n${problems.join("\n")}`);
    return files;
}

export function loadSources(file: string = DEFAULT_SOURCES_FILE): ReferenceFile[] {
    let text: string;
    try {
        text = readFileSync(file, "utf8");
    } catch (error) {
        throw new SourcesError(`Cannot read the list of reference sources ${file}: ${(error as Error).message}`);
    }
    let document: unknown;
    try {
        document = JSON.parse(text);
    } catch (error) {
        throw new SourcesError(`${file} is not valid JSON: ${(error as Error).message}`);
    }
    return checkSources(document, file);
}
