import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { stampVersion, VERSIONED_SOURCES } from "../../tools/build/solution/stampVersion";
import { productVersions, readPackageVersion } from "../../tools/build/solution/version";
import { REPO } from "./workspace";

const FILES = Object.values(VERSIONED_SOURCES).map((source) => source.file);

/** A temporary copy of the versioned sources with package.json at `version`. */
function copyWithVersion(version: string): string {
    const root = mkdtempSync(join(tmpdir(), "stamp-"));
    for (const file of FILES) {
        mkdirSync(dirname(join(root, file)), { recursive: true });
        cpSync(join(REPO, file), join(root, file));
    }
    writeFileSync(join(root, "package.json"), JSON.stringify({ name: "x", version }));
    return root;
}

const read = (root: string, file: string) => readFileSync(join(root, file), "utf8");

describe("stampVersion", () => {
    test("the repository's sources carry package.json's version", () => {
        const versions = productVersions(readPackageVersion(REPO));
        expect(VERSIONED_SOURCES.control.read(read(REPO, VERSIONED_SOURCES.control.file))).toBe(versions.control);
        expect(VERSIONED_SOURCES.solution.read(read(REPO, VERSIONED_SOURCES.solution.file))).toBe(versions.solution);
        expect(VERSIONED_SOURCES.connector.read(read(REPO, VERSIONED_SOURCES.connector.file))).toBe(versions.connector);
    });

    test("writes each form of a new version and changes nothing else", () => {
        const root = copyWithVersion("2.31.4");
        try {
            expect(stampVersion(root).sort()).toEqual([...FILES].sort());
            expect(VERSIONED_SOURCES.control.read(read(root, VERSIONED_SOURCES.control.file))).toBe("2.31.4");
            expect(VERSIONED_SOURCES.solution.read(read(root, VERSIONED_SOURCES.solution.file))).toBe("2.31.4.0");
            expect(VERSIONED_SOURCES.connector.read(read(root, VERSIONED_SOURCES.connector.file))).toBe("2.31.4");
            const versions = productVersions(readPackageVersion(REPO));
            for (const [part, source] of Object.entries(VERSIONED_SOURCES)) {
                const old = versions[part as keyof typeof versions];
                const stamped = read(root, source.file);
                const restored = source.write(stamped, old);
                expect(restored).toBe(read(REPO, source.file));
            }
            expect(stampVersion(root)).toEqual([]);
        } finally {
            rmSync(root, { recursive: true, force: true });
        }
    });

    test("a pre-release version is refused and nothing is written", () => {
        const root = copyWithVersion("1.0.0-beta.1");
        try {
            expect(() => stampVersion(root)).toThrow(/"1.0.0-beta.1" .* not four numbers/);
            for (const file of FILES) expect(read(root, file)).toBe(read(REPO, file));
        } finally {
            rmSync(root, { recursive: true, force: true });
        }
    });
});
