/**
 * `npm run build`, the main job, in four steps that each stop the build when they fail:
 *   1. the production build of the control (pcf-scripts; it must print "[build] Succeeded"), then the
 *      portal component's script (tools/build/portalBuild.ts, esbuild);
 *   2. validation of the connector in connector/ (tools/connector);
 *   3. the Logic Apps twin: its ARM template generated from connector/ and the portal flow, validated,
 *      and written to logicapp/bin/ (tools/logicApp);
 *   4. packing of the solution zips (tools/build/solution), whose paths, sizes and SHA-256 end the output.
 * The summary at the end names every check that could not run (no reference data, no Mono) and
 * how to get it run; such a check does not fail the build unless REQUIRE_ALL_CHECKS is set.
 *
 * The .pcfproj's MSBuild targets also run `npm run build`, with `--buildSource MSBuild` and their
 * own arguments: then only step 1 runs, with those arguments, as the .cdsproj build expects.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { command, EXIT, runAsProcess } from "../common/cli";
import { formatProblem } from "../connector/model/problem";
import { locateReferenceData, ReferenceData, ReferenceDataError } from "../reference/referencePaths";
import { formatSkipped, requiredChecksFailure, SkippedCheck } from "../reference/skippedChecks";
import { validateConnectorFolder } from "../connector/validator/validateFolder";
import { judgeBuild, PCF_SCRIPTS, pcfEnvironment, runEchoed } from "./pcfBuild";
import { PackError } from "./solution/errors";
import { DEFAULT_PATHS, packSolution } from "./solution/packer";
import { describeZips } from "./solution/pack";
import { buildPortal, describePortalBundle, PortalBuildError } from "./portalBuild";
import { REPO_ROOT } from "../common/repoPaths";
import { buildLogicAppTemplate } from "../logicApp/validation/buildStep";

const CONTROL_OUTPUT_DIR = DEFAULT_PATHS.control;

async function buildControl(pcfArguments: readonly string[]): Promise<boolean> {
    const { exitCode, output } = await runEchoed(
        process.execPath,
        [PCF_SCRIPTS, "build", ...pcfArguments],
        pcfEnvironment(),
    );
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

function printSkipped(skipped: readonly SkippedCheck[], referenceData: ReferenceData): void {
    if (skipped.length === 0) {
        console.log(`\nEvery check ran; reference data: ${referenceData.describe()}.`);
        return;
    }
    console.log(`\nSkipped: ${skipped.length} check(s) could not run here; the build went on without them:`);
    for (const check of skipped) console.log(`  ${formatSkipped(check)}`);
}

async function build(): Promise<number> {
    // A REFERENCE_DIR that does not exist is a wrong setting: fail before the long control build.
    let referenceData: ReferenceData;
    try {
        referenceData = locateReferenceData();
    } catch (error) {
        if (!(error instanceof ReferenceDataError)) throw error;
        console.error(`build failed: ${error.message}`);
        return EXIT.failed;
    }

    console.log("[1/4] Building the control (production) and the portal component");
    if (!(await buildControl(["--buildMode", "production"]))) return EXIT.failed;
    const bundle = describeBundle();
    if (bundle === undefined) {
        console.error(
            `\nbuild failed: pcf-scripts reported success but ${join(REPO_ROOT, CONTROL_OUTPUT_DIR, "bundle.js")} does not exist.`,
        );
        return EXIT.failed;
    }

    let portal: string;
    try {
        portal = describePortalBundle(await buildPortal());
    } catch (error) {
        if (!(error instanceof PortalBuildError)) throw error;
        console.error(`\nbuild failed: ${error.message}`);
        return EXIT.failed;
    }

    console.log("\n[2/4] Validating the connector");
    console.log(`Reference data: ${referenceData.describe()}`);
    const connectorDir = join(REPO_ROOT, DEFAULT_PATHS.connector);
    const { problems, skipped } = await validateConnectorFolder(connectorDir, { referenceData });
    for (const found of problems) console.error(formatProblem(found));
    for (const check of skipped) console.log(formatSkipped(check));
    if (problems.length > 0) {
        console.error(`\nbuild failed: ${problems.length} problem(s) in ${relative(process.cwd(), connectorDir)}/.`);
        return EXIT.failed;
    }
    const required = requiredChecksFailure(skipped);
    if (required) {
        console.error(`\nbuild failed: ${required}`);
        return EXIT.failed;
    }
    console.log(
        skipped.length === 0
            ? "Connector is valid."
            : `Connector is valid by the checks that ran (${skipped.length} skipped).`,
    );

    console.log("\n[3/4] Generating and validating the Logic Apps template");
    const logicApp = buildLogicAppTemplate(referenceData);
    for (const line of logicApp.errors) console.error(line);
    if (logicApp.errors.length > 0) {
        console.error("\nbuild failed: the Logic Apps template is not valid (see above).");
        return EXIT.failed;
    }
    const requiredForLogicApp = requiredChecksFailure(logicApp.skipped);
    if (requiredForLogicApp) {
        console.error(`\nbuild failed: ${requiredForLogicApp}`);
        return EXIT.failed;
    }
    for (const check of logicApp.skipped) console.log(formatSkipped(check));

    console.log("\n[4/4] Packing the solution");
    let packed;
    try {
        // The connector was validated in step 2; the packer takes that verdict instead of repeating it.
        packed = await packSolution({ rootDir: REPO_ROOT, validateConnector: async () => problems });
    } catch (error) {
        if (!(error instanceof PackError)) throw error;
        console.error(`\nbuild failed: ${error.message}`);
        return EXIT.failed;
    }
    for (const warning of packed.warnings) console.warn(`warning: ${warning}`);

    console.log(`\nBuilt (production), version ${packed.versions.package}:`);
    console.log(bundle);
    console.log(portal);
    console.log(
        `  connector  ${relative(process.cwd(), connectorDir)}/  valid${skipped.length === 0 ? "" : `, ${skipped.length} check(s) skipped (below)`}`,
    );
    for (const line of logicApp.summary) console.log(`  ${line}`);
    console.log(`  solution   ${packed.versions.solution}, unmanaged and managed:`);
    for (const line of describeZips(packed)) console.log(`  ${line}`);
    printSkipped([...skipped, ...logicApp.skipped], referenceData);
    return EXIT.ok;
}

export const main = command({
    name: "build",
    usage: "Usage: npm run build   (the .pcfproj's MSBuild targets add --buildSource MSBuild and pcf-scripts' arguments)",
    options: { buildSource: { type: "string" } },
    // In MSBuild's build every argument goes on to pcf-scripts.
    passThrough: true,
    async run({ options }, context) {
        if (options.buildSource === "MSBuild") return (await buildControl(context.argv)) ? EXIT.ok : EXIT.failed;
        return build();
    },
});

if (require.main === module) runAsProcess(main);
