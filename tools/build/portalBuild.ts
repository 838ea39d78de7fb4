/**
 * The portal component's build: portal/src/index.ts with the run model, bundled by esbuild into one
 * minified script, portal/bin/databricks-job-run.js, with the string tables made from the control's
 * resx files. `npm run build` runs it; `npx tsx tools/build/portalBuild.ts` runs it alone.
 */
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { gzipSync } from "node:zlib";
import { build, type Plugin } from "esbuild";
import { command, EXIT, runAsProcess } from "../common/cli";
import { repoPath } from "../common/repoPaths";
import { PortalStringKeys } from "../../portal/src/portalStrings";
import { stringTables } from "./resxStrings";

export const PORTAL_ENTRY = repoPath("portal", "src", "index.ts");
export const PORTAL_BUNDLE = repoPath("portal", "bin", "databricks-job-run.js");
/**
 * The target: at most 25 KB minified (what `npm run bench` reports against). This design
 * does not reach it: the run model alone is about 13 KB minified and the strings of four languages
 * about 14 KB; see portal/README.md ("Build and size").
 */
export const PORTAL_BUNDLE_LIMIT_BYTES = 25_600;
/** The build fails above 48 KB, so that the bundle cannot grow unnoticed. */
export const PORTAL_BUNDLE_CEILING_BYTES = 49_152;
/** Custom elements, <dialog>, fetch and optional chaining: every browser Power Pages supports has them. */
export const PORTAL_TARGETS = ["es2020", "chrome100", "edge100", "firefox100", "safari15.4"];
const STRING_TABLES_MODULE = "portal-string-tables";

export interface PortalBuildResult {
    path: string;
    bytes: number;
    gzipped: number;
}

export class PortalBuildError extends Error {}

/** Resolves `import … from "portal-string-tables"` to the texts of the portal's keys in each language. */
const stringTablesPlugin: Plugin = {
    name: STRING_TABLES_MODULE,
    setup(plugin) {
        plugin.onResolve({ filter: new RegExp(`^${STRING_TABLES_MODULE}$`) }, () => ({
            path: STRING_TABLES_MODULE,
            namespace: STRING_TABLES_MODULE,
        }));
        plugin.onLoad({ filter: /.*/, namespace: STRING_TABLES_MODULE }, () => ({
            contents: `export default ${JSON.stringify(stringTables(PortalStringKeys))};`,
            loader: "js",
            watchFiles: [repoPath("TriggerControl", "strings")],
        }));
    },
};

function banner(): string {
    const { version, license } = JSON.parse(readFileSync(repoPath("package.json"), "utf8")) as {
        version: string;
        license: string;
    };
    return `/*! <databricks-job-run> ${version}, Databricks Job Trigger for Power Apps. ${license} licence. */`;
}

export async function buildPortal(): Promise<PortalBuildResult> {
    const result = await build({
        entryPoints: [PORTAL_ENTRY],
        outfile: PORTAL_BUNDLE,
        bundle: true,
        format: "iife",
        minify: true,
        target: PORTAL_TARGETS,
        platform: "browser",
        legalComments: "none",
        banner: { js: banner() },
        plugins: [stringTablesPlugin],
        logLevel: "silent",
    }).catch((error: Error) => {
        throw new PortalBuildError(
            `esbuild could not build ${relative(process.cwd(), PORTAL_ENTRY)}: ${error.message}`,
        );
    });
    for (const warning of result.warnings) console.warn(`warning: ${warning.text}`);
    const code = readFileSync(PORTAL_BUNDLE);
    if (code.length > PORTAL_BUNDLE_CEILING_BYTES)
        throw new PortalBuildError(
            `${relative(process.cwd(), PORTAL_BUNDLE)} is ${code.length} bytes minified, over its ceiling of ${PORTAL_BUNDLE_CEILING_BYTES}: make the component smaller.`,
        );
    return { path: PORTAL_BUNDLE, bytes: code.length, gzipped: gzipSync(code).length };
}

/** The line `npm run build` prints for the bundle, like the control's. */
export function describePortalBundle(built: PortalBuildResult): string {
    const folder = relative(process.cwd(), repoPath("portal", "bin"));
    return `  portal     ${folder}/  databricks-job-run.js ${built.bytes} bytes, ${built.gzipped} gzipped`;
}

export const main = command({
    name: "portalBuild",
    usage: "Usage: npx tsx tools/build/portalBuild.ts   (npm run build runs it too)",
    options: {},
    async run() {
        try {
            console.log(describePortalBundle(await buildPortal()));
            return EXIT.ok;
        } catch (error) {
            if (!(error instanceof PortalBuildError)) throw error;
            console.error(`build failed: ${error.message}`);
            return EXIT.failed;
        }
    },
});

if (require.main === module) runAsProcess(main);
