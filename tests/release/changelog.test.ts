import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ChangelogError, parseChangelog, releaseNotes } from "../../tools/release/changelog";
import { CliContext } from "../../tools/common/cli";
import { main } from "../../tools/release/notes";
import { REPO_ROOT } from "../../tools/common/repoPaths";

const CHANGELOG = `# Changelog

All notable changes.

## [Unreleased]

### Added

- Something not shipped yet.

## [0.2.0] - 2026-12-15

### Fixed

- The run button no longer starts two runs.

\`\`\`sh
## not a heading inside a code block
\`\`\`

## [0.1.0] - 2026-11-28

### Added

- The first release.

[Unreleased]: https://example.invalid/compare/v0.2.0...HEAD
[0.2.0]: https://example.invalid/releases/tag/v0.2.0
[0.1.0]: https://example.invalid/releases/tag/v0.1.0
`;

function notesError(text: string, version: string): string {
    try {
        releaseNotes(text, version);
    } catch (error) {
        expect(error).toBeInstanceOf(ChangelogError);
        return (error as Error).message;
    }
    throw new Error(`releaseNotes(${version}) returned notes instead of failing`);
}

describe("release notes from a Keep a Changelog file", () => {
    test("a version's notes are its section's text, without the heading, up to the next release", () => {
        expect(releaseNotes(CHANGELOG, "0.2.0")).toBe(
            [
                "### Fixed",
                "",
                "- The run button no longer starts two runs.",
                "",
                "```sh",
                "## not a heading inside a code block",
                "```",
            ].join("\n"),
        );
    });

    test("the last section ends before the link definitions at the end of the file", () => {
        expect(releaseNotes(CHANGELOG, "0.1.0")).toBe("### Added\n\n- The first release.");
    });

    test("a tag-style version with its v finds the same section", () => {
        expect(releaseNotes(CHANGELOG, "v0.1.0")).toBe(releaseNotes(CHANGELOG, "0.1.0"));
    });

    test("a version without a section is refused, naming the sections there are and the heading to add", () => {
        const message = notesError(CHANGELOG, "0.3.0");
        expect(message).toContain("no section for 0.3.0");
        expect(message).toContain("sections found: Unreleased, 0.2.0, 0.1.0");
        expect(message).toContain('"## [0.3.0] - YYYY-MM-DD"');
    });

    test("an empty section, or one with only sub-headings, is refused with its line", () => {
        const empty =
            "# Changelog\n\n## [Unreleased]\n\n## [0.2.0] - 2026-12-15\n\n## [0.1.0] - 2026-11-28\n\n- The first release.\n";
        expect(notesError(empty, "0.2.0")).toBe(
            "CHANGELOG.md:5: the section for 0.2.0 is empty: say what changed in 0.2.0 before releasing it.",
        );
        const headingsOnly = empty.replace(
            "## [0.2.0] - 2026-12-15\n",
            "## [0.2.0] - 2026-12-15\n\n### Added\n\n### Fixed\n",
        );
        expect(notesError(headingsOnly, "0.2.0")).toContain("CHANGELOG.md:5: the section for 0.2.0 is empty");
    });

    test("Unreleased is not a release", () => {
        expect(notesError(CHANGELOG, "Unreleased")).toContain('"Unreleased" is not a release');
        expect(notesError(CHANGELOG, "unreleased")).toContain('"Unreleased" is not a release');
    });

    test("two sections for one version are refused with both lines", () => {
        const twice = `${CHANGELOG}\n## [0.1.0] - 2026-11-29\n\n- Again.\n`;
        expect(notesError(twice, "0.1.0")).toMatch(/2 sections for 0\.1\.0 \(lines 21, 31\)/);
    });

    test("a release heading without a date, with a malformed date, or not in the format is named with its line", () => {
        expect(() => parseChangelog("## [1.0.0]\n- x\n")).toThrow(
            'CHANGELOG.md:1: the section for 1.0.0 has no release date: write "## [1.0.0] - YYYY-MM-DD".',
        );
        expect(() => parseChangelog("\n## [1.0.0] - 2026-13-45\n")).toThrow(
            'CHANGELOG.md:2: the release date "2026-13-45" of 1.0.0 is not a date',
        );
        expect(() => parseChangelog("## Version 1.0.0\n")).toThrow(
            'CHANGELOG.md:1: the heading "## Version 1.0.0" is neither',
        );
    });
});

describe("this repository's CHANGELOG.md", () => {
    const text = readFileSync(join(REPO_ROOT, "CHANGELOG.md"), "utf8");
    const version = (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;

    test("has notes for package.json's version, so tagging it can be released", () => {
        expect(releaseNotes(text, version)).toMatch(/^### (Added|Changed|Fixed|Removed|Deprecated|Security)$/m);
    });

    test("keeps an Unreleased section first, then releases newest first", () => {
        const sections = parseChangelog(text);
        expect(sections[0].name).toBe("Unreleased");
        const dates = sections.slice(1).map((section) => section.date ?? "");
        expect(dates).toEqual([...dates].sort().reverse());
    });
});

describe("npm run release:notes", () => {
    let dir: string;
    let out: string[];
    let err: string[];
    const context = (argv: string[]): CliContext => ({
        argv,
        env: {},
        rootDir: dir,
        stdout: (text) => out.push(text),
        stderr: (text) => err.push(text),
    });

    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), "release-notes-"));
        writeFileSync(join(dir, "CHANGELOG.md"), CHANGELOG);
        out = [];
        err = [];
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    test("prints the notes and exits 0", () => {
        expect(main(context(["0.1.0"]))).toBe(0);
        expect(out.join("")).toBe("### Added\n\n- The first release.\n");
    });

    test("writes them to --out", () => {
        expect(main(context(["0.2.0", "--out", "notes.md"]))).toBe(0);
        expect(readFileSync(join(dir, "notes.md"), "utf8")).toMatch(/^### Fixed\n/);
        expect(out).toEqual([]);
    });

    test("exits 1 with the reason for a version without notes, writing no file", () => {
        expect(main(context(["9.9.9", "--out", "notes.md"]))).toBe(1);
        expect(err.join("")).toContain("CHANGELOG.md has no section for 9.9.9");
        expect(() => readFileSync(join(dir, "notes.md"))).toThrow();
    });

    test("exits 1 naming the file when the changelog cannot be read", () => {
        expect(main(context(["0.1.0", "--changelog", "HISTORY.md"]))).toBe(1);
        expect(err.join("")).toMatch(/^Cannot read the changelog HISTORY\.md: ENOENT/);
    });

    test("exits 2 with the usage when the version is missing or an option is unknown", () => {
        expect(main(context([]))).toBe(2);
        expect(err.join("")).toContain("Name the version, e.g. 0.1.0.\nUsage: npm run release:notes -- <version>");
        err = [];
        expect(main(context(["0.1.0", "--format", "html"]))).toBe(2);
        expect(err.join("")).toContain("Unknown option --format.");
    });
});
