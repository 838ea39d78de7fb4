/**
 * `npm run build`: the production build of the control, failing when pcf-scripts fails, and a
 * summary of what was built and where.
 */
import { existsSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { judgeBuild, PCF_SCRIPTS, pcfEnvironment, runEchoed } from "./pcfBuild";

export const CONTROL_OUTPUT_DIR = join("out", "controls", "TriggerControl");

async function main(): Promise<number> {
    const { exitCode, output } = await runEchoed(
        process.execPath,
        [PCF_SCRIPTS, "build", "--buildMode", "production"],
        pcfEnvironment(),
    );
    const verdict = judgeBuild(exitCode, output);
    if (!verdict.ok) {
        console.error(`\nbuild failed: ${verdict.reason}. See the pcf-scripts output above.`);
        return 1;
    }
    const bundle = join(CONTROL_OUTPUT_DIR, "bundle.js");
    if (!existsSync(bundle)) {
        console.error(`\nbuild failed: pcf-scripts reported success but ${bundle} does not exist.`);
        return 1;
    }
    const size = statSync(bundle).size;
    const gzipped = gzipSync(readFileSync(bundle)).length;
    console.log(`\nBuilt (production):`);
    console.log(`  control  ${relative(process.cwd(), CONTROL_OUTPUT_DIR)}/  bundle.js ${size} bytes, ${gzipped} gzipped`);
    return 0;
}

main().then(
    (code) => process.exit(code),
    (error: unknown) => {
        console.error(error instanceof Error ? error.message : error);
        process.exit(1);
    },
);
