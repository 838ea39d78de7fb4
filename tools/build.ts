/**
 * `npm run build`, the main job, in three steps that each stop the build when they fail:
 *   1. the production build of the control (pcf-scripts; it must print "[build] Succeeded");
 *   2. validation of the connector in connector/ (tools/connector);
 *   3. packing of the solution zips (tools/solution), whose paths, sizes and SHA-256 end the output.
 *
 * The .pcfproj's MSBuild targets also run `npm run build`, with `--buildSource MSBuild` and their
 * own arguments: then only step 1 runs, with those arguments, as the .cdsproj build expects.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { ConnectorLoadError, loadConnector } from "./connector/connectorFiles";
import { formatProblem, problem, Problem } from "./connector/problem";
import { defaultReferenceDir } from "./connector/referencePaths";
import { validateConnector } from "./connector/validator";
import { judgeBuild, PCF_SCRIPTS, pcfEnvironment, runEchoed } from "./pcfBuild";
import { PackError } from "./solution/errors";
import { DEFAULT_PATHS, packSolution } from "./solution/packer";
import { describeZips } from "./solution/pack";

const CONTROL_OUTPUT_DIR = DEFAULT_PATHS.control;
const ROOT_DIR = join(__dirname, "..");

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
    const bundle = join(ROOT_DIR, CONTROL_OUTPUT_DIR, "bundle.js");
    if (!existsSync(bundle)) return undefined;
    const size = statSync(bundle).size;
    const gzipped = gzipSync(readFileSync(bundle)).length;
    return `  control    ${relative(process.cwd(), join(ROOT_DIR, CONTROL_OUTPUT_DIR))}/  bundle.js ${size} bytes, ${gzipped} gzipped`;
}

async function connectorProblems(connectorDir: string): Promise<Problem[]> {
    try {
        return await validateConnector(loadConnector(connectorDir), { referenceDir: defaultReferenceDir() });
    } catch (error) {
        if (!(error instanceof ConnectorLoadError)) throw error;
        return [problem(error.file, "", "file", error.message)];
    }
}

async function main(argv: readonly string[]): Promise<number> {
    if (argv.includes("--buildSource") && argv.includes("MSBuild")) {
        return (await buildControl(argv)) ? 0 : 1;
    }

    console.log("[1/3] Building the control (production)");
    if (!(await buildControl(["--buildMode", "production"]))) return 1;
    const bundle = describeBundle();
    if (bundle === undefined) {
        console.error(`\nbuild failed: pcf-scripts reported success but ${join(ROOT_DIR, CONTROL_OUTPUT_DIR, "bundle.js")} does not exist.`);
        return 1;
    }

    console.log("\n[2/3] Validating the connector");
    const connectorDir = join(ROOT_DIR, DEFAULT_PATHS.connector);
    const problems = await connectorProblems(connectorDir);
    for (const found of problems) console.error(formatProblem(found));
    if (problems.length > 0) {
        console.error(`\nbuild failed: ${problems.length} problem(s) in ${relative(process.cwd(), connectorDir)}/.`);
        return 1;
    }
    console.log("Connector is valid.");

    console.log("\n[3/3] Packing the solution");
    let packed;
    try {
        // The connector was validated in step 2; the packer takes that verdict instead of repeating it.
        packed = await packSolution({ rootDir: ROOT_DIR, validateConnector: async () => problems });
    } catch (error) {
        if (!(error instanceof PackError)) throw error;
        console.error(`\nbuild failed: ${error.message}`);
        return 1;
    }
    for (const warning of packed.warnings) console.warn(`warning: ${warning}`);

    console.log(`\nBuilt (production), version ${packed.versions.package}:`);
    console.log(bundle);
    console.log(`  connector  ${relative(process.cwd(), connectorDir)}/  valid`);
    console.log(`  solution   ${packed.versions.solution}, unmanaged and managed:`);
    for (const line of describeZips(packed)) console.log(`  ${line}`);
    return 0;
}

main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
        console.error(error instanceof Error ? error.message : error);
        process.exit(1);
    },
);
