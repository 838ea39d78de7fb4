import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { CliContext } from "../../tools/common/cli";
import { main as lintWorkflows } from "../../tools/release/lintWorkflows";
import {
    checkWorkflowFiles,
    checkWorkflowText,
    formatWorkflowProblem,
    workflowFiles,
} from "../../tools/release/workflowCheck";
import { REPO_ROOT } from "../../tools/common/repoPaths";

const WORKFLOW_DIR = join(REPO_ROOT, ".github", "workflows");

interface Step {
    name?: string;
    id?: string;
    uses?: string;
    run?: string;
    with?: Record<string, unknown>;
    env?: Record<string, string>;
    "working-directory"?: string;
}
interface Job {
    uses?: string;
    needs?: string | string[];
    permissions?: Record<string, string>;
    outputs?: Record<string, string>;
    env?: Record<string, string>;
    steps?: Step[];
}
interface Workflow {
    on: Record<string, unknown>;
    permissions: Record<string, string>;
    concurrency: { group: string; "cancel-in-progress": unknown };
    jobs: Record<string, Job>;
}

const sourceOf = (name: string): string => readFileSync(join(WORKFLOW_DIR, name), "utf8");
const ci = parse(sourceOf("ci.yml")) as Workflow;
const release = parse(sourceOf("release.yml")) as Workflow;
const packageJson = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
    engines: { node: string };
};

const allSteps = (workflow: Workflow): Step[] => Object.values(workflow.jobs).flatMap((job) => job.steps ?? []);
const runLines = (steps: readonly Step[]): string[] =>
    steps.flatMap((step) =>
        (step.run ?? "")
            .split("\n")
            .map((line) => line.trim())
            .filter(Boolean),
    );
const needsOf = (job: Job): string[] => (job.needs === undefined ? [] : ([] as string[]).concat(job.needs));

function stepUsing(steps: readonly Step[], action: string): Step[] {
    return steps.filter((step) => step.uses?.startsWith(`${action}@`));
}

describe("workflow validation (npm run lint:workflows)", () => {
    let dir: string;
    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), "workflows-"));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    const lint = (argv: string[]): { code: number; stdout: string; stderr: string } => {
        const out: string[] = [];
        const err: string[] = [];
        const context: CliContext = {
            argv,
            env: {},
            rootDir: dir,
            stdout: (text) => out.push(text),
            stderr: (text) => err.push(text),
        };
        return { code: lintWorkflows(context), stdout: out.join(""), stderr: err.join("") };
    };
    const brokenCopy = (name: string, from: string, to: string): void => {
        const text = sourceOf(name);
        expect(text).toContain(from);
        writeFileSync(join(dir, name), text.replace(from, to));
    };

    test("the repository's workflows pass GitHub's schema and the project's rules", () => {
        const files = workflowFiles(WORKFLOW_DIR);
        expect(files.map((file) => file.slice(WORKFLOW_DIR.length + 1))).toEqual(["ci.yml", "release.yml"]);
        expect(checkWorkflowFiles(files, REPO_ROOT).map(formatWorkflowProblem)).toEqual([]);
    });

    test("a misspelt key fails, naming the file, the job and the key", () => {
        brokenCopy("ci.yml", "    steps:\n", "    step:\n");
        const result = lint(["ci.yml"]);
        expect(result.code).toBe(1);
        expect(result.stderr).toContain("ci.yml: /jobs/test: Additional property 'step' is not allowed");
    });

    test("a job that needs a job that does not exist fails, naming it", () => {
        brokenCopy("release.yml", "needs: [plan, test]", "needs: [plan, tests]");
        const result = lint(["release.yml"]);
        expect(result.code).toBe(1);
        expect(result.stderr).toContain("release.yml: /jobs/publish/needs: unresolved job tests");
    });

    test("YAML that does not parse fails with the file and line", () => {
        brokenCopy("ci.yml", 'branches: ["**"]', 'branches: ["**"');
        const result = lint([dir]);
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(/^ci\.yml:\d+: Parse Error: /m);
    });

    test("an action on a movable tag, or without its version comment, fails with the line and the fix", () => {
        const text = sourceOf("ci.yml");
        const checkout = /actions\/checkout@[0-9a-f]{40} # v[\d.]+/.exec(text)?.[0] ?? "";
        expect(checkout).not.toBe("");
        const line = text.slice(0, text.indexOf(checkout)).split("\n").length;
        expect(
            checkWorkflowText(text.replace(checkout, "actions/checkout@v7"), "ci.yml").map(formatWorkflowProblem),
        ).toEqual([
            `ci.yml:${line}: actions/checkout@v7 is not pinned to a full commit SHA: write "actions/checkout@<40-hex commit> # v<version>" so that a moved tag cannot change what runs.`,
        ]);
        expect(
            checkWorkflowText(text.replace(checkout, checkout.replace(/ # v.*/, "")), "ci.yml").map(
                formatWorkflowProblem,
            ),
        ).toEqual([
            expect.stringMatching(
                new RegExp(`^ci\\.yml:${line}: actions/checkout@[0-9a-f]{40} has no version comment`),
            ),
        ]);
    });

    test("a workflow that does not state its token permissions fails", () => {
        const problems = checkWorkflowText(
            sourceOf("ci.yml").replace("permissions:\n  contents: read\n", ""),
            "ci.yml",
        );
        expect(problems.map(formatWorkflowProblem)).toEqual([
            expect.stringContaining('ci.yml: has no top-level "permissions"'),
        ]);
    });

    test("exits 0 on valid workflows and 2 when there are none", () => {
        writeFileSync(join(dir, "ci.yml"), sourceOf("ci.yml"));
        expect(lint(["ci.yml"])).toMatchObject({
            code: 0,
            stdout: "1 workflow file(s) valid: GitHub's schema, permissions stated, actions pinned.\n",
        });
        mkdirSync(join(dir, "empty"));
        expect(lint(["empty"])).toMatchObject({
            code: 2,
            stderr: expect.stringContaining("No .yml or .yaml workflow files in"),
        });
    });
});

describe("the CI workflow", () => {
    const job = ci.jobs.test;
    const steps = job.steps ?? [];

    test("runs on every push to a branch and every pull request, and can be called by the release", () => {
        expect(Object.keys(ci.on).sort()).toEqual(["pull_request", "push", "workflow_call", "workflow_dispatch"]);
        expect(ci.on.push).toEqual({ branches: ["**"] });
    });

    test("runs the README's commands, npm ci and npm test, with the reference data fetched in between", () => {
        expect(runLines(steps).filter((line) => /^(npm|npx)\b/.test(line))).toEqual([
            "npm ci",
            "npm run reference:fetch",
            "npm test",
        ]);
    });

    test("installs the Mono packages .ci/run installs, and checks for the browser the tests use", () => {
        const ciRun = readFileSync(join(REPO_ROOT, ".ci", "run"), "utf8");
        const monoPackages = [...ciRun.matchAll(/need_packages\+=\(([^)]*)\)/g)]
            .flatMap((match) => match[1].split(/\s+/))
            .filter((name) => /mono|newtonsoft/.test(name));
        expect(monoPackages.length).toBeGreaterThanOrEqual(3);
        const install = runLines(steps).find((line) => line.includes("apt-get install")) ?? "";
        for (const name of monoPackages) expect(install.split(/\s+/)).toContain(name);
        expect(runLines(steps).join("\n")).toContain('"${CHROMIUM_PATH:-/usr/bin/chromium}"');
    });

    test("keeps the solution zips after the tests pass, failing when there are none", () => {
        const [upload] = stepUsing(steps, "actions/upload-artifact");
        expect(upload.with).toMatchObject({
            name: "solution",
            path: "solution/bin/*.zip",
            "if-no-files-found": "error",
        });
        expect(steps.indexOf(upload)).toBeGreaterThan(steps.findIndex((step) => step.run === "npm test"));
    });

    test("uses Node.js of the major version package.json's engines asks for", () => {
        const engineMajor = /(\d+)/.exec(packageJson.engines.node)?.[1];
        for (const workflow of [ci, release]) {
            for (const setup of stepUsing(allSteps(workflow), "actions/setup-node"))
                expect(String(setup.with?.["node-version"])).toBe(engineMajor);
        }
    });

    test("can only read the repository", () => {
        expect(ci.permissions).toEqual({ contents: "read" });
        expect(Object.values(ci.jobs).every((each) => each.permissions === undefined)).toBe(true);
    });
});

describe("the release workflow", () => {
    const { plan, test: testJob, publish } = release.jobs;
    const publishSteps = publish.steps ?? [];

    test("runs for version tags only", () => {
        expect(release.on).toEqual({ push: { tags: ["v*.*.*"] } });
    });

    test("checks the tag and the notes first, then runs the whole CI, then publishes", () => {
        const planLines = runLines(plan.steps ?? []);
        expect(planLines).toContain('npm run release:check-tag -- "$GITHUB_REF_NAME"');
        expect(planLines).toContain('npm run release:notes -- "$VERSION" --out release-notes.md');
        expect(testJob).toMatchObject({ uses: "./.github/workflows/ci.yml", needs: "plan" });
        expect(needsOf(publish).sort()).toEqual(["plan", "test"]);
    });

    test("gives write access to the publishing job alone, which runs no npm package", () => {
        expect(release.permissions).toEqual({ contents: "read" });
        expect(publish.permissions).toEqual({ contents: "write" });
        expect(plan.permissions).toBeUndefined();
        expect(testJob.permissions).toEqual({ contents: "read" });
        expect(runLines(publishSteps).filter((line) => /\b(npm|npx|node|tsx)\b/.test(line))).toEqual([]);
        expect(publishSteps.filter((step) => step.uses && !/^actions\/download-artifact@/.test(step.uses))).toEqual([]);
    });

    test("publishes the artifacts the CI keeps, under the names the tag check gives", () => {
        const downloads = stepUsing(publishSteps, "actions/download-artifact").map((step) => step.with?.name);
        const ciUploads = stepUsing(ci.jobs.test.steps ?? [], "actions/upload-artifact").map((step) => step.with?.name);
        const planUploads = stepUsing(plan.steps ?? [], "actions/upload-artifact").map((step) => step.with?.name);
        expect(downloads.sort()).toEqual([...ciUploads, ...planUploads].sort());
        const tagStep = (plan.steps ?? []).find((step) => step.run?.includes("release:check-tag"));
        expect(plan.outputs).toEqual({
            version: `\${{ steps.${tagStep?.id}.outputs.version }}`,
            unmanaged_zip: `\${{ steps.${tagStep?.id}.outputs.unmanaged_zip }}`,
            managed_zip: `\${{ steps.${tagStep?.id}.outputs.managed_zip }}`,
        });
        expect(publish.env).toMatchObject({
            UNMANAGED_ZIP: "${{ needs.plan.outputs.unmanaged_zip }}",
            MANAGED_ZIP: "${{ needs.plan.outputs.managed_zip }}",
        });
    });

    describe("its publishing steps, run with a stand-in gh", () => {
        let dir: string;
        beforeEach(() => {
            dir = mkdtempSync(join(tmpdir(), "release-publish-"));
            mkdirSync(join(dir, "dist"));
            mkdirSync(join(dir, "notes"));
            mkdirSync(join(dir, "bin"));
            writeFileSync(join(dir, "dist", "Solution_1_2_3_0.zip"), "unmanaged zip bytes");
            writeFileSync(join(dir, "dist", "Solution_1_2_3_0_managed.zip"), "managed zip bytes");
            writeFileSync(join(dir, "notes", "release-notes.md"), "### Added\n\n- Things.\n");
            // Records its arguments and whether each named file exists where gh would read it.
            const fakeGh = join(dir, "bin", "gh");
            writeFileSync(
                fakeGh,
                '#!/usr/bin/env bash\nfor argument in "$@"; do if [ -e "$argument" ]; then echo "$argument (file)"; else echo "$argument"; fi; done > "$GH_CALL_LOG"\n',
            );
            chmodSync(fakeGh, 0o755);
        });
        afterEach(() => rmSync(dir, { recursive: true, force: true }));

        // GitHub runs a `run:` script with `bash -e` in the step's working directory, the job's and step's env set.
        const runStep = (step: Step, extraEnv: NodeJS.ProcessEnv): ReturnType<typeof spawnSync> =>
            spawnSync("bash", ["-e", "-c", step.run ?? ""], {
                cwd: join(dir, step["working-directory"] ?? "."),
                env: {
                    PATH: `${join(dir, "bin")}:${process.env.PATH}`,
                    TAG: "v1.2.3",
                    UNMANAGED_ZIP: "Solution_1_2_3_0.zip",
                    MANAGED_ZIP: "Solution_1_2_3_0_managed.zip",
                    GH_CALL_LOG: join(dir, "gh-call.txt"),
                    ...extraEnv,
                },
                encoding: "utf8",
                // With a socket as stdin, bash would take itself for a remote shell and read ~/.bashrc.
                stdio: ["ignore", "pipe", "pipe"],
            });
        const checksumStep = publishSteps.find(
            (step) => step.run?.includes("SHA256SUMS.txt > ") || step.run?.includes("> SHA256SUMS.txt"),
        );
        const releaseStep = publishSteps.find((step) => step.run?.includes("gh release create"));

        test("SHA256SUMS.txt lists both zips in the form sha256sum -c reads", () => {
            expect(checksumStep).toBeDefined();
            const ran = runStep(checksumStep as Step, {});
            expect(ran.status).toBe(0);
            const sums = readFileSync(join(dir, "dist", "SHA256SUMS.txt"), "utf8");
            expect(
                sums
                    .trim()
                    .split("\n")
                    .map((line) => line.replace(/^[0-9a-f]{64} {2}/, "<sha256>  ")),
            ).toEqual(["<sha256>  Solution_1_2_3_0.zip", "<sha256>  Solution_1_2_3_0_managed.zip"]);
            expect(
                execFileSync("sha256sum", ["--check", "SHA256SUMS.txt"], { cwd: join(dir, "dist"), encoding: "utf8" }),
            ).toContain("Solution_1_2_3_0_managed.zip: OK");
        });

        test("the checksum step fails when a zip is missing, so no release goes out without it", () => {
            rmSync(join(dir, "dist", "Solution_1_2_3_0_managed.zip"));
            const ran = runStep(checksumStep as Step, {});
            expect(ran.status).not.toBe(0);
            expect(ran.stderr).toContain("Solution_1_2_3_0_managed.zip");
        });

        test("the release is created for the tag with the changelog notes, both zips and SHA256SUMS.txt", () => {
            expect(runStep(checksumStep as Step, {}).status).toBe(0);
            expect(releaseStep).toBeDefined();
            const ran = runStep(releaseStep as Step, {});
            expect(ran.stderr).toBe("");
            expect(ran.status).toBe(0);
            const call = readFileSync(join(dir, "gh-call.txt"), "utf8").trim().split("\n");
            expect(call.slice(0, 3)).toEqual(["release", "create", "v1.2.3"]);
            expect(call).toContain("--verify-tag");
            expect(call[call.indexOf("--notes-file") + 1]).toBe("../notes/release-notes.md (file)");
            expect(call.slice(-3)).toEqual([
                "Solution_1_2_3_0.zip (file)",
                "Solution_1_2_3_0_managed.zip (file)",
                "SHA256SUMS.txt (file)",
            ]);
            expect(releaseStep?.env).toMatchObject({
                GH_TOKEN: "${{ github.token }}",
                GH_REPO: "${{ github.repository }}",
            });
        });
    });
});

describe("both workflows", () => {
    test("every npm script they run exists in package.json", () => {
        const lines = [...runLines(allSteps(ci)), ...runLines(allSteps(release))];
        const scripts = lines.flatMap((line) => [...line.matchAll(/\bnpm run (\S+)/g)].map((match) => match[1]));
        expect(scripts.length).toBeGreaterThan(0);
        expect(scripts.filter((name) => !(name in packageJson.scripts))).toEqual([]);
    });

    test("use distinct literal concurrency groups, so the release calling CI cannot deadlock, and never cancel a release", () => {
        expect(ci.concurrency.group).toBe("ci-${{ github.ref }}");
        expect(release.concurrency).toEqual({ group: "release-${{ github.ref }}", "cancel-in-progress": false });
    });

    test("pin every action to a full commit SHA", () => {
        const uses = [...allSteps(ci), ...allSteps(release)]
            .map((step) => step.uses)
            .filter((value): value is string => value !== undefined);
        expect(uses.length).toBeGreaterThanOrEqual(5);
        expect(uses.filter((value) => !/^[\w-]+\/[\w-]+@[0-9a-f]{40}$/.test(value))).toEqual([]);
        expect(existsSync(join(WORKFLOW_DIR, "ci.yml"))).toBe(true);
    });
});
