/**
 * The portal component's build: portal/src/index.ts with the run model, bundled by esbuild into one
 * minified script, portal/bin/databricks-job-run.js, with the string tables made from the control's
 * resx files; and the standalone page (portal/standalone/: the component, MSAL and the page's
 * script in one bundle, its HTML and its example settings) in portal/bin/standalone/.
 * `npm run build` runs it; `npx tsx tools/build/portalBuild.ts` runs it alone.
 */
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
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
/**
 * The build fails above 50 KB, so that the bundle cannot grow unnoticed. It was 48 KB until the
 * second transport (Logic Apps) came with five messages in four languages: about 4 KB, half of it text.
 */
export const PORTAL_BUNDLE_CEILING_BYTES = 51_200;
/** Custom elements, <dialog>, fetch and optional chaining: every browser Power Pages supports has them. */
export const PORTAL_TARGETS = ["es2020", "chrome100", "edge100", "firefox100", "safari15.4"];
const STRING_TABLES_MODULE = "portal-string-tables";

export const STANDALONE_SOURCE = repoPath("portal", "standalone");
export const STANDALONE_OUT = repoPath("portal", "bin", "standalone");
export const STANDALONE_SCRIPT = "standalone.js";
/** Copied as they are; config.json, the deployment's own settings, goes beside them. */
export const STANDALONE_STATIC_FILES = ["index.html", "config.example.json"];

export interface BundleSize {
    path: string;
    bytes: number;
    gzipped: number;
}

export interface PortalBuildResult extends BundleSize {
    /** The standalone page's script (the component and MSAL); its other files are STANDALONE_STATIC_FILES. */
    standalone: BundleSize;
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

/** One minified browser script with the portal's string tables; licence comments of bundled packages are kept at its end. */
async function bundle(entry: string, outfile: string, legalComments: "none" | "eof"): Promise<BundleSize> {
    const result = await build({
        entryPoints: [entry],
        outfile,
        bundle: true,
        format: "iife",
        minify: true,
        target: PORTAL_TARGETS,
        platform: "browser",
        legalComments,
        banner: { js: banner() },
        plugins: [stringTablesPlugin],
        logLevel: "silent",
    }).catch((error: Error) => {
        throw new PortalBuildError(`esbuild could not build ${relative(process.cwd(), entry)}: ${error.message}`);
    });
    for (const warning of result.warnings) console.warn(`warning: ${warning.text}`);
    const code = readFileSync(outfile);
    return { path: outfile, bytes: code.length, gzipped: gzipSync(code).length };
}

async function buildStandalone(): Promise<BundleSize> {
    mkdirSync(STANDALONE_OUT, { recursive: true });
    const built = await bundle(join(STANDALONE_SOURCE, "main.ts"), join(STANDALONE_OUT, STANDALONE_SCRIPT), "eof");
    for (const file of STANDALONE_STATIC_FILES) copyFileSync(join(STANDALONE_SOURCE, file), join(STANDALONE_OUT, file));
    return built;
}

export async function buildPortal(): Promise<PortalBuildResult> {
    const component = await bundle(PORTAL_ENTRY, PORTAL_BUNDLE, "none");
    if (component.bytes > PORTAL_BUNDLE_CEILING_BYTES)
        throw new PortalBuildError(
            `${relative(process.cwd(), PORTAL_BUNDLE)} is ${component.bytes} bytes minified, over its ceiling of ${PORTAL_BUNDLE_CEILING_BYTES}: make the component smaller.`,
        );
    return { ...component, standalone: await buildStandalone() };
}

/** The lines `npm run build` prints for the bundles, like the control's. */
export function describePortalBundle(built: PortalBuildResult): string {
    const folder = relative(process.cwd(), repoPath("portal", "bin"));
    const { bytes, gzipped } = built.standalone;
    return [
        `  portal     ${folder}/  databricks-job-run.js ${built.bytes} bytes, ${built.gzipped} gzipped`,
        `  portal     ${folder}/standalone/  ${STANDALONE_SCRIPT} ${bytes} bytes, ${gzipped} gzipped; ${STANDALONE_STATIC_FILES.join(", ")}`,
    ].join("\n");
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
