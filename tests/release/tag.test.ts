import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { main } from "../../tools/release/checkTag";
import { CliContext } from "../../tools/common/cli";
import { checkReleaseTag, planRelease, ReleaseTagError } from "../../tools/release/tag";
import { zipPaths } from "../../tools/build/solution/packer";
import { DEFAULT_PATHS } from "../../tools/build/solution/paths";
import { readSolutionSource } from "../../tools/build/solution/solutionSource";
import { REPO_ROOT } from "../../tools/common/repoPaths";

const packageVersion = (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string })
    .version;

describe("the release tag check", () => {
    test("accepts v + package.json's version and returns the version", () => {
        expect(checkReleaseTag("v1.4.2", "1.4.2")).toBe("1.4.2");
    });

    test("refuses another version, saying which tag was expected and how to release the tagged one", () => {
        expect(() => checkReleaseTag("v1.5.0", "1.4.2")).toThrow(ReleaseTagError);
        expect(() => checkReleaseTag("v1.5.0", "1.4.2")).toThrow(
            'The tag "v1.5.0" does not match package.json\'s version 1.4.2 (expected the tag "v1.4.2"). To release 1.5.0, run `npm version 1.5.0`',
        );
    });

    test("refuses the version without its v", () => {
        expect(() => checkReleaseTag("1.4.2", "1.4.2")).toThrow(
            'The tag "1.4.2" lacks the "v": release tags are "v1.4.2"',
        );
    });

    test("names the zips the build writes for this repository's version", () => {
        const plan = planRelease(`v${packageVersion}`, REPO_ROOT);
        const source = readSolutionSource(join(REPO_ROOT, DEFAULT_PATHS.source));
        const built = zipPaths(join(REPO_ROOT, DEFAULT_PATHS.out), source.uniqueName, `${packageVersion}.0`);
        expect(plan).toEqual({
            tag: `v${packageVersion}`,
            version: packageVersion,
            unmanagedZip: basename(built.find((zip) => !zip.managed)?.path ?? ""),
            managedZip: basename(built.find((zip) => zip.managed)?.path ?? ""),
        });
        expect(plan.managedZip).toMatch(/^DatabricksJobTrigger_\d+_\d+_\d+_0_managed\.zip$/);
    });

    test("refuses a pre-release version, which a Dataverse solution cannot carry", () => {
        const dir = mkdtempSync(join(tmpdir(), "release-tag-"));
        try {
            writeFileSync(join(dir, "package.json"), JSON.stringify({ version: "1.0.0-rc.1" }));
            expect(() => planRelease("v1.0.0-rc.1", dir)).toThrow(
                /^The tag "v1\.0\.0-rc\.1" cannot be released: .*not four numbers/,
            );
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });
});

describe("npm run release:check-tag", () => {
    let dir: string;
    let out: string[];
    let err: string[];
    const context = (argv: string[], env: NodeJS.ProcessEnv = {}): CliContext => ({
        argv,
        env,
        rootDir: REPO_ROOT,
        stdout: (text) => out.push(text),
        stderr: (text) => err.push(text),
    });

    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), "release-check-tag-"));
        out = [];
        err = [];
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    test("exits 0, lists the release assets and hands version and zip names to later steps through $GITHUB_OUTPUT", () => {
        const outputFile = join(dir, "github-output");
        writeFileSync(outputFile, "earlier=kept\n");
        expect(main(context([`v${packageVersion}`], { GITHUB_OUTPUT: outputFile }))).toBe(0);
        const plan = planRelease(`v${packageVersion}`, REPO_ROOT);
        expect(out.join("")).toContain(`Release assets: ${plan.unmanagedZip}, ${plan.managedZip}, SHA256SUMS.txt`);
        expect(readFileSync(outputFile, "utf8")).toBe(
            `earlier=kept\nversion=${packageVersion}\nunmanaged_zip=${plan.unmanagedZip}\nmanaged_zip=${plan.managedZip}\n`,
        );
    });

    test("exits 1 on a tag that is not package.json's version, writing no output", () => {
        const outputFile = join(dir, "github-output");
        writeFileSync(outputFile, "");
        expect(main(context(["v99.0.0"], { GITHUB_OUTPUT: outputFile }))).toBe(1);
        expect(err.join("")).toContain(`does not match package.json's version ${packageVersion}`);
        expect(readFileSync(outputFile, "utf8")).toBe("");
    });

    test("exits 2 with the usage without exactly one tag", () => {
        expect(main(context([]))).toBe(2);
        expect(main(context(["v1.0.0", "v1.0.1"]))).toBe(2);
        expect(err.join("")).toContain("Name one tag, e.g. v0.1.0.\nUsage: npm run release:check-tag -- <tag>");
    });
});
