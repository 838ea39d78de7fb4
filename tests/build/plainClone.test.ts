import { execFileSync, spawn } from "node:child_process";
import {
    copyFileSync,
    existsSync,
    lstatSync,
    mkdirSync,
    mkdtempSync,
    readFileSync,
    rmSync,
    symlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import JSZip from "jszip";
import { CONFORMANCE_CHECK } from "../../tools/connector/validator/conformance";
import { MONO_INSTALL_COMMAND } from "../../tools/connector/customCode/monoToolchain";
import { REFERENCE_FETCH_COMMAND, ReferenceData } from "../../tools/reference/referencePaths";
import { SCHEMA_CHECK } from "../../tools/connector/validator/schemaCheck";
import { ARM_SCHEMA_CHECK } from "../../tools/logicApp/validation/armSchemaCheck";
import { SCRIPT_CHECK_NAME } from "../../tools/connector/customCode/scriptCheck";
import { formatSkipped, referenceSkip } from "../../tools/reference/skippedChecks";
import { productVersions } from "../../tools/build/solution/version";
import { REPO_ROOT } from "../../tools/common/repoPaths";

/**
 * `npm run build` as a new user runs it: the repository's files alone in a folder with nothing
 * beside it (so no ../shared/reference), no reference/data, no REFERENCE_DIR, and a PATH with
 * Node.js and nothing else (so no Mono). The build must succeed, write both zips, and name every
 * check it skipped with the command that gets it run.
 */

const BUILD_TIMEOUT_MS = 300_000;

/** The files a clone of the working tree would have: tracked and new, not ignored, not deleted; never a fetched copy of the reference data. */
function repositoryFiles(): string[] {
    const listed = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
        cwd: REPO_ROOT,
        encoding: "utf8",
    });
    return listed
        .split("\0")
        .filter((file) => file !== "" && !file.startsWith("reference/data/"))
        .filter((file) => existsSync(join(REPO_ROOT, file)) && lstatSync(join(REPO_ROOT, file)).isFile());
}

function run(
    command: string,
    args: string[],
    cwd: string,
    env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; output: string }> {
    return new Promise((resolve, reject) => {
        const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
        let output = "";
        child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, output }));
    });
}

describe("npm run build on a plain clone, without reference data and without Mono", () => {
    let scratch: string;
    let clone: string;
    let build: { code: number | null; output: string };

    beforeAll(async () => {
        scratch = mkdtempSync(join(tmpdir(), "plain-clone-"));
        clone = join(scratch, "repository");
        for (const file of repositoryFiles()) {
            mkdirSync(dirname(join(clone, file)), { recursive: true });
            copyFileSync(join(REPO_ROOT, file), join(clone, file));
        }
        // npm ci's result, shared rather than installed again.
        symlinkSync(join(REPO_ROOT, "node_modules"), join(clone, "node_modules"), "dir");
        const bin = join(scratch, "bin");
        mkdirSync(bin);
        symlinkSync(process.execPath, join(bin, "node"));

        const env: NodeJS.ProcessEnv = { HOME: scratch, PATH: bin, PP_TOOLS_TELEMETRY_OPTOUT: "true" };
        build = await run(process.execPath, ["--import", "tsx", join("tools", "build", "build.ts")], clone, env);
    }, BUILD_TIMEOUT_MS);

    afterAll(() => {
        if (scratch) rmSync(scratch, { recursive: true, force: true });
    });

    it("has nothing to find: no reference data beside the clone and no Mono on its PATH", () => {
        expect(existsSync(join(clone, "..", "shared", "reference"))).toBe(false);
        expect(existsSync(join(clone, "reference", "data"))).toBe(false);
        expect(build.output).toContain("Reference data: none found");
    });

    it("succeeds and writes the unmanaged and the managed zip, with the control and the connector in them", async () => {
        expect({ code: build.code, tail: build.code === 0 ? "" : build.output.slice(-3000) }).toEqual({
            code: 0,
            tail: "",
        });
        const version = productVersions(
            JSON.parse(readFileSync(join(clone, "package.json"), "utf8")).version,
        ).solution.replace(/\./g, "_");
        const zips = [`DatabricksJobTrigger_${version}.zip`, `DatabricksJobTrigger_${version}_managed.zip`].map(
            (name) => join(clone, "solution", "bin", name),
        );
        for (const zip of zips) {
            const entries = Object.keys((await JSZip.loadAsync(readFileSync(zip))).files);
            expect(entries).toEqual(
                expect.arrayContaining(["solution.xml", "customizations.xml", "[Content_Types].xml"]),
            );
            expect(entries.some((entry) => /^Controls\/.+\/bundle\.js$/.test(entry))).toBe(true);
            expect(entries.some((entry) => /^Connector\/.+_openapidefinition\.json$/.test(entry))).toBe(true);
            expect(entries.some((entry) => /^Connector\/.+_customcodeblobcontent\.csx$/.test(entry))).toBe(true);
        }
    });

    it("ends with a summary that names each skipped check and how to get it run", () => {
        const expected = [
            formatSkipped(referenceSkip(SCHEMA_CHECK, ReferenceData.none())!),
            formatSkipped(referenceSkip(CONFORMANCE_CHECK, ReferenceData.none())!),
            `skipped: ${SCRIPT_CHECK_NAME} (Mono not installed: ${MONO_INSTALL_COMMAND})`,
            formatSkipped(referenceSkip(ARM_SCHEMA_CHECK, ReferenceData.none())!),
        ];
        expect(expected[0]).toBe(
            `skipped: connector JSON schemas (needs reference data: run ${REFERENCE_FETCH_COMMAND}, or set REFERENCE_DIR)`,
        );
        const summary = build.output.slice(build.output.lastIndexOf("Built (production)"));
        expect(summary).toMatch(/connector {2}connector\/ {2}valid, 3 check\(s\) skipped \(below\)/);
        const skippedSection = summary.slice(summary.indexOf("Skipped: "));
        expect(skippedSection.trim().split("\n")).toEqual([
            "Skipped: 4 check(s) could not run here; the build went on without them:",
            ...expected.map((line) => `  ${line}`),
        ]);
    });
});
