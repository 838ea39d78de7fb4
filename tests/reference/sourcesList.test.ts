import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { checkSources, isFetchable, isInsideLayout, loadSources, sourceUrl } from "../../tools/reference/sources";
import { REPO_ROOT } from "../../tools/common/repoPaths";
import { allChecksRequired, formatSkipped } from "../../tools/reference/skippedChecks";
import { sha256Of } from "../../tools/reference/fetchReference";
import { makeFixture, temporaryDir, writeSourcesFile } from "./fixture";

/** reference/sources.json itself, and the rules every list must keep. */

const files = loadSources();
const byPath = new Map(files.map((file) => [file.path, file]));
const SHARED = process.env.REFERENCE_DIR ?? resolve(REPO_ROOT, "..", "shared", "reference");

describe("reference/sources.json", () => {
    it("matches its schema, lists each path once, and keeps every path inside the data folder", () => {
        expect(files.length).toBeGreaterThan(0);
        expect(new Set(files.map((file) => file.path)).size).toBe(files.length);
        for (const file of files) {
            expect({ path: file.path, inside: isInsideLayout(file.path) }).toEqual({ path: file.path, inside: true });
            expect(file.path.split("/")).not.toContain("..");
        }
    });

    it("lists as fetchable, at a pinned commit, every file the connector validator reads", () => {
        const needed = [
            "powerplatform-connectors/apiDefinition.swagger.schema.json",
            "powerplatform-connectors/paconn-apiProperties.schema.json",
            "powerplatform-connectors/paconn-settings.schema.json",
            "databricks/stackql-sdkgen-2026-02/jobs.json",
            "databricks/stackql-sdkgen-2026-02/sql.json",
            "databricks/official-jobs-2.1-2023-05/jobs-2.1-aws.yaml",
            "databricks/stackql-docscrape-2024-12/workflows.yaml",
        ];
        for (const path of needed) {
            const file = byPath.get(path);
            expect({ path, fetchable: file !== undefined && isFetchable(file) }).toEqual({ path, fetchable: true });
        }
    });

    it("gives the reason wherever a file cannot be fetched, and an attribution wherever the licence asks for one", () => {
        for (const file of files.filter((candidate) => !isFetchable(candidate))) {
            expect(file.notFetchable?.length ?? 0).toBeGreaterThan(20);
        }
        for (const file of files.filter((candidate) => candidate.licence.startsWith("CC-BY"))) {
            expect({ path: file.path, attribution: file.attribution }).toEqual({
                path: file.path,
                attribution: expect.stringContaining("CC BY 4.0"),
            });
        }
    });

    it("downloads from raw.githubusercontent.com at the pinned commit", () => {
        const schema = byPath.get("powerplatform-connectors/paconn-settings.schema.json");
        if (!schema || !isFetchable(schema)) throw new Error("the settings schema is not fetchable");
        expect(sourceUrl("https://raw.githubusercontent.com", schema.source)).toBe(
            "https://raw.githubusercontent.com/microsoft/PowerPlatformConnectors/d36b5d4fa72affdd4eb811f7e1f49bad85d58894/schemas/paconn-settings.schema.json",
        );
    });
});

describe(`the reference data beside the repository (${SHARED})`, () => {
    const present = existsSync(SHARED);
    const notice = formatSkipped({
        name: "reference/sources.json against a full copy of the reference data",
        reason: `no folder at ${SHARED}`,
        remedy: "set REFERENCE_DIR to a full copy",
        cause: "reference-data",
    });
    const whenPresent = (name: string, body: () => void) => {
        if (present) it(name, body);
        else if (allChecksRequired()) {
            it(`${name} — cannot run`, () => {
                throw new Error(`REQUIRE_ALL_CHECKS is set, and this check cannot run: ${notice}`);
            });
        } else it.skip(`${name} — ${notice}`, body);
    };

    whenPresent("has, for every listed file it holds, the listed SHA-256 and size", () => {
        const checked = files.filter((file) => existsSync(join(SHARED, file.path)));
        expect(checked.length).toBeGreaterThan(0);
        const mismatches = checked.flatMap((file) => {
            const bytes = readFileSync(join(SHARED, file.path));
            const actual = { sha256: sha256Of(bytes), size: bytes.length };
            return actual.sha256 === file.sha256 && actual.size === file.size
                ? []
                : [{ path: file.path, listed: { sha256: file.sha256, size: file.size }, actual }];
        });
        expect(mismatches).toEqual([]);
    });

    whenPresent("holds no data file that the list leaves out", () => {
        const onDisk = readdirSync(SHARED, { recursive: true, withFileTypes: true })
            .filter((entry) => entry.isFile() && entry.name !== "SOURCE.md" && !entry.name.startsWith("."))
            .map((entry) =>
                join(entry.parentPath, entry.name)
                    .slice(SHARED.length + 1)
                    .split("\\")
                    .join("/"),
            );
        expect(onDisk.filter((path) => !byPath.has(path))).toEqual([]);
    });
});

describe("checking a list of sources", () => {
    let list: Awaited<ReturnType<typeof makeFixture>>["files"];
    beforeAll(async () => {
        list = (await makeFixture()).files;
    });

    const refusal = (files: unknown): string => {
        try {
            checkSources({ files }, "sources.json");
        } catch (error) {
            return (error as Error).message;
        }
        throw new Error("the list was accepted");
    };

    it("refuses a path that leaves the data folder, naming the entry", () => {
        for (const path of [
            "../escape.txt",
            "notes/../../escape.txt",
            "/etc/passwd",
            "notes//README.md",
            "./notes/README.md",
            "notes\\README.md",
            "C:/temp/file.txt",
        ]) {
            const message = refusal([{ ...list[0], path }]);
            expect(message).toMatch(/^sources\.json/);
            expect(message).toContain("/files/0/path");
        }
    });

    it("refuses a fetchable file without a pinned commit, a short hash, an unknown field and a file listed twice", () => {
        const unpinned = { ...list[0].source, commit: undefined };
        expect(refusal([{ ...list[0], source: unpinned }])).toContain(
            "/files/0/source must have required property 'commit'",
        );
        expect(refusal([{ ...list[0], sha256: "abc" }])).toContain(
            '/files/0/sha256 must match pattern "^[0-9a-f]{64}$"',
        );
        expect(refusal([{ ...list[0], checksum: "x" }])).toContain(
            '/files/0 must NOT have additional properties: "checksum"',
        );
        expect(refusal([list[0], list[0]])).toContain('/files/1/path "notes/README.md" is listed twice');
        expect(refusal([{ ...list[1], source: { ...list[1].source, zipListing: true } }])).toContain(
            "/files/0/source must NOT be valid",
        );
    });

    it("names the file when the list is not JSON", () => {
        const dir = temporaryDir("list");
        const file = writeSourcesFile(dir, list);
        writeFileSync(file, "{ files: [");
        try {
            expect(() => loadSources(file)).toThrow(`${file} is not valid JSON`);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });

    it("leaves the pieces of a path alone apart from URL encoding", () => {
        expect(
            sourceUrl("http://127.0.0.1:9/", {
                repository: "owner/name.with.dots",
                commit: "c".repeat(40),
                path: "dir/[Content_Types] 1.xml",
            }),
        ).toBe(`http://127.0.0.1:9/owner/name.with.dots/${"c".repeat(40)}/dir/%5BContent_Types%5D%201.xml`);
    });
});
