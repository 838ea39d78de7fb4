/**
 * `npm run build`, the main job, in three steps that each stop the build when they fail:
 *   1. the production build of the control (pcf-scripts; it must print "[build] Succeeded");
 *   2. validation of the connector in connector/ (tools/connector);
 *   3. packing of the solution zips (tools/build/solution), whose paths, sizes and SHA-256 end the output.
 * The summary at the end names every check that could not run (no reference data, no Mono) and
 * how to get it run; such a check does not fail the build unless REQUIRE_ALL_CHECKS is set.
 *
 * The .pcfproj's MSBuild targets also run `npm run build`, with `--buildSource MSBuild` and their
 * own arguments: then only step 1 runs, with those arguments, as the .cdsproj build expects.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { ConnectorLoadError, loadConnector } from "../connector/model/connectorFiles";
import { formatProblem, problem } from "../connector/model/problem";
import { locateReferenceData, ReferenceData, ReferenceDataError } from "../reference/referencePaths";
import { formatSkipped, requiredChecksFailure, SkippedCheck } from "../reference/skippedChecks";
import { ConnectorVerdict, validateConnector } from "../connector/validator/validator";
import { judgeBuild, PCF_SCRIPTS, pcfEnvironment, runEchoed } from "./pcfBuild";
import { PackError } from "./solution/errors";
import { DEFAULT_PATHS, packSolution } from "./solution/packer";
import { describeZips } from "./solution/pack";
import { REPO_ROOT } from "../common/repoPaths";

const CONTROL_OUTPUT_DIR = DEFAULT_PATHS.control;

async function buildControl(pcfArguments: readonly string[]): Promise<boolean> {
    const { exitCode, output } = await runEchoed(process.execPath, [PCF_SCRIPTS, "build", ...pcfArguments], pcfEnvironment());
    const verdict = judgeBuild(exitCode, output);
    if (!verdict.ok) {
        console.error(`\nbuild failed: ${verdict.reason}. See the pcf-scripts output above.`);
        return false;
    }
    return true;
}

function describeBundle(): string | undefined {
    const bundle = join(REPO_ROOT, CONTROL_OUTPUT_DIR, "bundle.js");
    if (!existsSync(bundle)) return undefined;
    const size = statSync(bundle).size;
    const gzipped = gzipSync(readFileSync(bundle)).length;
    return `  control    ${relative(process.cwd(), join(REPO_ROOT, CONTROL_OUTPUT_DIR))}/  bundle.js ${size} bytes, ${gzipped} gzipped`;
}

async function checkConnector(connectorDir: string, referenceData: ReferenceData): Promise<ConnectorVerdict> {
    try {
        return await validateConnector(loadConnector(connectorDir), { referenceData });
    } catch (error) {
        if (!(error instanceof ConnectorLoadError)) throw error;
        return { problems: [problem(error.file, "", "file", error.message)], skipped: [] };
    }
}

function printSkipped(skipped: readonly SkippedCheck[], referenceData: ReferenceData): void {
    if (skipped.length === 0) {
        console.log(`\nEvery check ran; reference data: ${referenceData.describe()}.`);
        return;
    }
    console.log(`\nSkipped: ${skipped.length} check(s) could not run here; the build went on without them:`);
    for (const check of skipped) console.log(`  ${formatSkipped(check)}`);
}

async function main(argv: readonly string[]): Promise<number> {
    if (argv.includes("--buildSource") && argv.includes("MSBuild")) {
        return (await buildControl(argv)) ? 0 : 1;
    }

    // A REFERENCE_DIR that does not exist is a wrong setting: fail before the long control build.
    let referenceData: ReferenceData;
    try {
        referenceData = locateReferenceData();
    } catch (error) {
        if (!(error instanceof ReferenceDataError)) throw error;
        console.error(`build failed: ${error.message}`);
        return 1;
    }

    console.log("[1/3] Building the control (production)");
    if (!(await buildControl(["--buildMode", "production"]))) return 1;
    const bundle = describeBundle();
    if (bundle === undefined) {
        console.error(`\nbuild failed: pcf-scripts reported success but ${join(REPO_ROOT, CONTROL_OUTPUT_DIR, "bundle.js")} does not exist.`);
        return 1;
    }

    console.log("\n[2/3] Validating the connector");
    console.log(`Reference data: ${referenceData.describe()}`);
    const connectorDir = join(REPO_ROOT, DEFAULT_PATHS.connector);
    const { problems, skipped } = await checkConnector(connectorDir, referenceData);
    for (const found of problems) console.error(formatProblem(found));
    for (const check of skipped) console.log(formatSkipped(check));
    if (problems.length > 0) {
        console.error(`\nbuild failed: ${problems.length} problem(s) in ${relative(process.cwd(), connectorDir)}/.`);
        return 1;
    }
    const required = requiredChecksFailure(skipped);
    if (required) {
        console.error(`\nbuild failed: ${required}`);
        return 1;
    }
    console.log(skipped.length === 0 ? "Connector is valid." : `Connector is valid by the checks that ran (${skipped.length} skipped).`);

    console.log("\n[3/3] Packing the solution");
    let packed;
    try {
        // The connector was validated in step 2; the packer takes that verdict instead of repeating it.
        packed = await packSolution({ rootDir: REPO_ROOT, validateConnector: async () => problems });
    } catch (error) {
        if (!(error instanceof PackError)) throw error;
        console.error(`\nbuild failed: ${error.message}`);
        return 1;
    }
    for (const warning of packed.warnings) console.warn(`warning: ${warning}`);

    console.log(`\nBuilt (production), version ${packed.versions.package}:`);
    console.log(bundle);
    console.log(`  connector  ${relative(process.cwd(), connectorDir)}/  valid${skipped.length === 0 ? "" : `, ${skipped.length} check(s) skipped (below)`}`);
    console.log(`  solution   ${packed.versions.solution}, unmanaged and managed:`);
    for (const line of describeZips(packed)) console.log(`  ${line}`);
    printSkipped(skipped, referenceData);
    return 0;
}

main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
        console.error(error instanceof Error ? error.message : error);
        process.exit(1);
    },
);
