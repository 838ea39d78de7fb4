import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { CONFORMANCE_CHECK } from "../../tools/connector/validator/conformance";
import { loadConnector } from "../../tools/connector/model/connectorFiles";
import { MONO_INSTALL_COMMAND, monoSkip } from "../../tools/connector/customCode/monoToolchain";
import { formatProblem } from "../../tools/connector/model/problem";
import { locateReferenceData, ReferenceData, ReferenceDataError } from "../../tools/reference/referencePaths";
import { SCHEMA_CHECK } from "../../tools/connector/validator/schemaCheck";
import { checkScript, SCRIPT_CHECK_NAME } from "../../tools/connector/customCode/scriptCheck";
import { formatSkipped, referenceSkip, requiredChecksFailure, SkippedCheck } from "../../tools/reference/skippedChecks";
import { validateConnector } from "../../tools/connector/validator/validator";
import { packSolution } from "../../tools/build/solution/packer";
import { needsReference, referenceFile, REFERENCE_CHECKS, skippedTitle } from "../support/reference";
import { makeWorkspace } from "../solution/workspace";
import { REPO_ROOT } from "../../tools/common/repoPaths";

/**
 * How the tools behave without the third-party reference data and without Mono: the project's own
 * rules still run, the rest is skipped and named with the command that gets it. (The whole build
 * on a plain clone is tests/build/plainClone.test.ts.)
 */

const CONNECTOR_DIR = join(REPO_ROOT, "connector");
const NO_MONO: NodeJS.ProcessEnv = { PATH: "" };
const NEEDS_DATA = "needs reference data: run npm run reference:fetch, or set REFERENCE_DIR";

const SummaryReporter = jest.requireActual<new () => { onRunComplete(contexts: unknown, results: unknown): void }>(
    "../support/summaryReporter.cjs",
);

let scratch: string;
beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), "reference-data-"));
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

describe("where the reference data is found", () => {
    const repositoryIn = (root: string) => {
        const repository = join(root, "repository");
        mkdirSync(repository, { recursive: true });
        return repository;
    };

    it("is REFERENCE_DIR when it is set", () => {
        const repository = repositoryIn(scratch);
        mkdirSync(join(repository, "reference", "data"), { recursive: true });
        const explicit = join(scratch, "elsewhere");
        mkdirSync(explicit);
        const found = locateReferenceData({ REFERENCE_DIR: explicit }, repository);
        expect([found.dir, found.origin]).toEqual([explicit, "set by REFERENCE_DIR"]);
    });

    it("is an error when REFERENCE_DIR names no folder, naming the folder", () => {
        const missing = join(scratch, "no-such-folder");
        expect(() => locateReferenceData({ REFERENCE_DIR: missing }, repositoryIn(scratch))).toThrow(
            ReferenceDataError,
        );
        expect(() => locateReferenceData({ REFERENCE_DIR: missing }, repositoryIn(scratch))).toThrow(
            `REFERENCE_DIR is set to ${missing}, which is not a folder`,
        );
    });

    it("is the fetched copy in reference/data before ../shared/reference", () => {
        const repository = repositoryIn(scratch);
        mkdirSync(join(scratch, "shared", "reference"), { recursive: true });
        expect(locateReferenceData({}, repository).origin).toBe("beside the repository");
        mkdirSync(join(repository, "reference", "data"), { recursive: true });
        const found = locateReferenceData({}, repository);
        expect([found.dir, found.origin]).toEqual([
            join(repository, "reference", "data"),
            "fetched by npm run reference:fetch",
        ]);
    });

    it("is none on a plain clone, and says where it looked", () => {
        const found = locateReferenceData({ REFERENCE_DIR: "" }, repositoryIn(scratch));
        expect(found.found).toBe(false);
        expect(found.describe()).toBe(
            "none found (REFERENCE_DIR is not set; neither reference/data nor ../shared/reference exists)",
        );
        expect(() => found.path("databricks/stackql-sdkgen-2026-02/jobs.json")).toThrow(
            "Reference file databricks/stackql-sdkgen-2026-02/jobs.json is needed, but no reference data was found: run npm run reference:fetch, or set REFERENCE_DIR.",
        );
    });

    it("tells per file what a partial copy has, and keeps to its folder", () => {
        mkdirSync(join(scratch, "databricks"));
        writeFileSync(join(scratch, "databricks", "present.json"), "{}");
        const data = ReferenceData.at(scratch, "set by REFERENCE_DIR");
        expect(data.has("databricks/present.json")).toBe(true);
        expect(data.missing(["databricks/present.json", "databricks/absent.json", "databricks"])).toEqual([
            "databricks/absent.json",
            "databricks",
        ]);
        expect(() => data.path("../outside.json")).toThrow(ReferenceDataError);
        const check = { name: "a check", files: ["databricks/present.json", "databricks/absent.json"] };
        expect(formatSkipped(referenceSkip(check, data)!)).toBe(
            `skipped: a check (needs reference data: databricks/absent.json missing from ${scratch}: run npm run reference:fetch, or set REFERENCE_DIR)`,
        );
        expect(referenceSkip({ name: "a check", files: ["databricks/present.json"] }, data)).toBeUndefined();
    });

    it("does not send people to npm run reference:fetch for a file it cannot fetch", () => {
        const unfetchable = "powerplatform-connectors/newer-unverified-7e2d88f/paconn-apiProperties.schema.json";
        const data = ReferenceData.at(scratch, "fetched by npm run reference:fetch");
        expect(formatSkipped(referenceSkip({ name: "newer schema", files: [unfetchable] }, data)!)).toBe(
            `skipped: newer schema (needs reference data: none of its files is in ${scratch}: set REFERENCE_DIR to a complete copy; ${unfetchable} cannot be fetched (see reference/README.md))`,
        );
    });
});

describe("the connector validator without reference data and without Mono", () => {
    it("runs the project's own rules, passes the shipped connector and names the three checks it skipped", async () => {
        const { problems, skipped } = await validateConnector(loadConnector(CONNECTOR_DIR), {
            referenceData: ReferenceData.none(),
            env: NO_MONO,
        });
        expect(problems.map(formatProblem)).toEqual([]);
        expect(skipped.map(formatSkipped)).toEqual([
            `skipped: connector JSON schemas (${NEEDS_DATA})`,
            `skipped: conformance to Databricks' API (${NEEDS_DATA})`,
            `skipped: script.csx compile and cases (Mono not installed: ${MONO_INSTALL_COMMAND})`,
        ]);
    });

    it("still reports a break of its own rules", async () => {
        const files = loadConnector(CONNECTOR_DIR);
        (files.apiDefinition as { info: { title: string } }).info.title = "Databricks Jobs API Connector";
        const { problems } = await validateConnector(files, { referenceData: ReferenceData.none(), env: NO_MONO });
        expect(problems.map(formatProblem)).toContain(
            'apiDefinition.swagger.json#/info/title [info-title] must not contain "API" or "Connector"',
        );
    });

    it("says when the script check was left out on request, and REQUIRE_ALL_CHECKS does not count that", async () => {
        const { skipped } = await validateConnector(loadConnector(CONNECTOR_DIR), {
            referenceData: ReferenceData.none(),
            runScript: false,
        });
        expect(skipped.map(formatSkipped)).toContain("skipped: script.csx compile and cases (left out on request)");
        expect(
            requiredChecksFailure(
                skipped.filter((check) => check.name === SCRIPT_CHECK_NAME),
                { REQUIRE_ALL_CHECKS: "1" },
            ),
        ).toBeUndefined();
        expect(requiredChecksFailure(skipped, { REQUIRE_ALL_CHECKS: "1" })).toBe(
            "REQUIRE_ALL_CHECKS is set, and 2 check(s) could not run: connector JSON schemas; conformance to Databricks' API.",
        );
        expect(requiredChecksFailure(skipped, { REQUIRE_ALL_CHECKS: "0" })).toBeUndefined();
    });

    needsReference(REFERENCE_CHECKS.connectorSchemas).it(
        "runs the checks whose files a partial copy has, and names the files it lacks",
        async () => {
            for (const file of SCHEMA_CHECK.files) {
                mkdirSync(join(scratch, "powerplatform-connectors"), { recursive: true });
                cpSync(referenceFile(file), join(scratch, ...file.split("/")));
            }
            const { problems, skipped } = await validateConnector(loadConnector(CONNECTOR_DIR), {
                referenceData: ReferenceData.at(scratch, "set by REFERENCE_DIR"),
                runScript: false,
            });
            expect(problems).toEqual([]);
            expect(skipped.map((check) => check.name)).toEqual([CONFORMANCE_CHECK.name, SCRIPT_CHECK_NAME]);
            expect(skipped[0].reason).toBe(`needs reference data: none of its files is in ${scratch}`);
        },
    );
});

describe("npm run pack:solution's default validation", () => {
    it("names the checks it skipped among the pack's warnings, and REQUIRE_ALL_CHECKS stops the pack instead", async () => {
        const workspace = makeWorkspace("4.5.6");
        const saved = { REFERENCE_DIR: process.env.REFERENCE_DIR, REQUIRE_ALL_CHECKS: process.env.REQUIRE_ALL_CHECKS };
        try {
            process.env.REFERENCE_DIR = scratch;
            delete process.env.REQUIRE_ALL_CHECKS;
            const { warnings, zips } = await packSolution(workspace.options());
            expect(warnings).toEqual(
                expect.arrayContaining([
                    `skipped: connector JSON schemas (needs reference data: none of its files is in ${scratch}: run npm run reference:fetch, or set REFERENCE_DIR)`,
                    `skipped: conformance to Databricks' API (needs reference data: none of its files is in ${scratch}: run npm run reference:fetch, or set REFERENCE_DIR)`,
                ]),
            );
            expect(zips).toHaveLength(2);

            process.env.REQUIRE_ALL_CHECKS = "1";
            await expect(packSolution(workspace.options())).rejects.toThrow(
                /^REQUIRE_ALL_CHECKS is set, and \d check\(s\) could not run: connector JSON schemas; conformance to Databricks' API/,
            );
        } finally {
            for (const [name, value] of Object.entries(saved)) {
                if (value === undefined) delete process.env[name];
                else process.env[name] = value;
            }
            workspace.remove();
        }
    }, 60_000);
});

describe("Mono", () => {
    it("is reported missing with the command that installs it", () => {
        expect(monoSkip(SCRIPT_CHECK_NAME, NO_MONO)).toEqual({
            name: SCRIPT_CHECK_NAME,
            reason: "Mono not installed",
            remedy: "apt-get install -y mono-mcs mono-devel libnewtonsoft-json-cil-dev",
            cause: "tool",
        });
    });

    it("is required by the script tests themselves: without it checkScript reports a problem, so they fail", () => {
        expect(checkScript("class Script {}", [], NO_MONO).map(formatProblem)).toEqual([
            "script.csx# [script-csx] Mono not installed (apt-get install -y mono-mcs mono-devel libnewtonsoft-json-cil-dev).",
        ]);
    });
});

describe("npm run validate:connector", () => {
    const execFileAsync = promisify(execFile);
    const validate = (env: NodeJS.ProcessEnv) =>
        execFileAsync(
            process.execPath,
            [require.resolve("tsx/cli"), join(REPO_ROOT, "tools", "connector", "validator", "validate.ts")],
            { env: { ...process.env, ...env }, encoding: "utf8" },
        ).then(
            ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
            (error: { code: number; stdout: string; stderr: string }) => ({
                code: error.code,
                stdout: error.stdout,
                stderr: error.stderr,
            }),
        );

    it("names the checks an empty reference folder cannot feed and passes, unless REQUIRE_ALL_CHECKS is set", async () => {
        const lenient = await validate({ REFERENCE_DIR: scratch, REQUIRE_ALL_CHECKS: "" });
        expect(lenient.stdout).toContain(
            `skipped: connector JSON schemas (needs reference data: none of its files is in ${scratch}: run npm run reference:fetch, or set REFERENCE_DIR)`,
        );
        expect(lenient.stdout).toContain(
            `skipped: conformance to Databricks' API (needs reference data: none of its files is in ${scratch}: run npm run reference:fetch, or set REFERENCE_DIR)`,
        );
        expect(lenient.stdout).toMatch(/Connector in .* is valid \(\d check\(s\) skipped, named above\)\./);
        expect([lenient.code, lenient.stderr]).toEqual([0, ""]);

        const strict = await validate({ REFERENCE_DIR: scratch, REQUIRE_ALL_CHECKS: "1" });
        expect(strict.code).toBe(1);
        expect(strict.stderr).toMatch(
            /^REQUIRE_ALL_CHECKS is set, and \d check\(s\) could not run: connector JSON schemas; conformance to Databricks' API/,
        );
    }, 60_000);

    it("refuses a REFERENCE_DIR that does not exist", async () => {
        const missing = join(scratch, "missing");
        const result = await validate({ REFERENCE_DIR: missing });
        expect(result.code).toBe(2);
        expect(result.stderr).toContain(`REFERENCE_DIR is set to ${missing}, which is not a folder.`);
    }, 60_000);
});

describe("jest's summary", () => {
    const assertion = (title: string, status: string, ancestorTitles: string[] = []) => ({
        title,
        status,
        ancestorTitles,
    });
    const notice = formatSkipped({
        name: "solution zips against real solution exports",
        reason: "needs reference data",
        remedy: "run npm run reference:fetch, or set REFERENCE_DIR",
        cause: "reference-data",
    } satisfies SkippedCheck);

    it("lists the skipped reference checks by name and command, then ends with the plain count line", () => {
        const results = {
            numPassedTests: 3,
            numFailedTests: 0,
            numPendingTests: 3,
            numTodoTests: 0,
            testResults: [
                {
                    testResults: [
                        assertion("runs", "passed"),
                        assertion(skippedTitle("follows the export's layout", notice), "pending", ["the zips"]),
                        assertion("is deflated", "pending", [skippedTitle("the zips", notice)]),
                        assertion("skipped for another reason", "pending"),
                    ],
                },
            ],
        };
        const written: string[] = [];
        const write = jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
            written.push(String(chunk));
            return true;
        });
        new SummaryReporter().onRunComplete([], results);
        write.mockRestore();
        const lines = written.join("").trim().split("\n");
        expect(lines).toEqual([
            "Reference checks skipped (the data is not here; they run when it is):",
            "  skipped: solution zips against real solution exports (needs reference data: run npm run reference:fetch, or set REFERENCE_DIR) — 2 tests",
            "",
            "3 passed, 0 failed, 3 skipped",
        ]);
    });

    it("keeps its single closing line when nothing was skipped", () => {
        const written: string[] = [];
        const write = jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
            written.push(String(chunk));
            return true;
        });
        new SummaryReporter().onRunComplete([], {
            numPassedTests: 2,
            numFailedTests: 1,
            numPendingTests: 0,
            numTodoTests: 0,
            testResults: [],
        });
        write.mockRestore();
        expect(written.join("")).toBe("\n2 passed, 1 failed\n");
    });
});
