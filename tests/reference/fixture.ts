import JSZip from "jszip";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sha256Of } from "../../tools/reference/fetchReference";
import { ReferenceFile } from "../../tools/reference/sources";

/** A small list of reference files in the shape of reference/sources.json, and what its sources serve. */

export const COMMIT = "0123456789abcdef0123456789abcdef01234567";
export const NOTES_URL_PATH = `/example-org/notes/${COMMIT}/docs/README.md`;
export const ARCHIVE_URL_PATH = `/example-org/exports/${COMMIT}/build/Export_1_0.zip`;

export const NOTES = Buffer.from("# Notes\n\nA plain file, fetched as it is.\n");
export const INNER_JSON = Buffer.from(JSON.stringify({ kind: "workflow", steps: [1, 2, 3] }, null, 2));
export const SCREEN_YAML = Buffer.from("Screens:\n  Screen1:\n    Children: []\n");

export interface Fixture {
    archive: Buffer;
    files: ReferenceFile[];
    /** What the list's files must hold once fetched, by layout path. */
    expected: Record<string, Buffer>;
    routes: Record<string, Buffer>;
}

export async function makeFixture(): Promise<Fixture> {
    const zip = new JSZip();
    // Like a solution export: no directory entries.
    zip.file("solution.xml", "<ImportExportXml />", { compression: "DEFLATE", createFolders: false });
    zip.file("Workflows/Flow-1.json", INNER_JSON, { compression: "DEFLATE", createFolders: false });
    zip.file("Src\\Screen1.pa.yaml", SCREEN_YAML, { compression: "STORE", createFolders: false });
    const archive = await zip.generateAsync({ type: "nodebuffer" });
    const listing = Buffer.from(
        `solution.xml\t19\tdeflate\nWorkflows/Flow-1.json\t${INNER_JSON.length}\tdeflate\nSrc\\Screen1.pa.yaml\t${SCREEN_YAML.length}\tstore\n`,
    );
    const expected: Record<string, Buffer> = {
        "notes/README.md": NOTES,
        "exports/Workflows/Flow-1.json": INNER_JSON,
        "exports/Screen1.pa.yaml": SCREEN_YAML,
        "exports/ENTRIES.txt": listing,
    };
    const entry = (path: string, source: ReferenceFile["source"]): ReferenceFile => ({
        path,
        sha256: sha256Of(expected[path]),
        size: expected[path].length,
        licence: "MIT",
        about: `test file ${path}`,
        source,
    });
    const exportsZip = { repository: "example-org/exports", commit: COMMIT, path: "build/Export_1_0.zip" };
    const files: ReferenceFile[] = [
        entry("notes/README.md", { repository: "example-org/notes", commit: COMMIT, path: "docs/README.md" }),
        entry("exports/Workflows/Flow-1.json", { ...exportsZip, zipEntry: "Workflows/Flow-1.json" }),
        entry("exports/Screen1.pa.yaml", { ...exportsZip, zipEntry: "Src\\Screen1.pa.yaml" }),
        entry("exports/ENTRIES.txt", { ...exportsZip, zipListing: true }),
        {
            path: "notes/retyped.xml",
            sha256: "f".repeat(64),
            size: 10,
            licence: "MIT",
            about: "a file copied by hand",
            notFetchable: "retyped by hand; no byte-exact source",
            source: { repository: "example-org/notes", path: "retyped.xml" },
        },
    ];
    return { archive, files, expected, routes: { [NOTES_URL_PATH]: NOTES, [ARCHIVE_URL_PATH]: archive } };
}

export function temporaryDir(prefix: string): string {
    return mkdtempSync(join(tmpdir(), `reference-${prefix}-`));
}

/** Writes the list as reference/sources.json would hold it. */
export function writeSourcesFile(dir: string, files: ReferenceFile[]): string {
    const file = join(dir, "sources.json");
    writeFileSync(file, `${JSON.stringify({ files }, null, 2)}\n`);
    return file;
}

/** Every file under dir, relative, with forward slashes (temporary files included). */
export function filesUnder(dir: string): string[] {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) =>
            join(entry.parentPath, entry.name)
                .slice(dir.length + 1)
                .split("\\")
                .join("/"),
        )
        .sort();
}
