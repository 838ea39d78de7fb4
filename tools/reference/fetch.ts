import { relative } from "node:path";
import { command, CommandLine, EXIT, runAsProcess, UsageError } from "../common/cli";
import { DEFAULT_DOWNLOAD_OPTIONS } from "./download";
import { fetchReferenceData, FileOutcome } from "./fetchReference";
import { DEFAULT_OUT_DIR, DEFAULT_SOURCE_BASE, DEFAULT_SOURCES_FILE, loadSources, SourcesError } from "./sources";
import { REPO_ROOT } from "../common/repoPaths";

/**
 * npm run reference:fetch [-- --out DIR] [--sources FILE] [--source-base URL] [--timeout SECONDS] [--retries N]
 *
 * Exits 0 when every fetchable file is in place with its SHA-256, 1 when any is not, 2 on a usage error.
 */

export const SOURCE_BASE_VARIABLE = "REFERENCE_SOURCE_BASE";

const USAGE = "Usage: npm run reference:fetch [-- options]";

const HELP = `${USAGE}

Downloads the third-party reference data (Microsoft's connector schemas, Databricks' API
descriptions, real solution exports) listed in reference/sources.json, each from its public
repository at a pinned commit, checks its SHA-256 and writes it to reference/data/.

  --out DIR            where to write (default reference/data)
  --sources FILE       the list of files (default reference/sources.json)
  --source-base URL    instead of ${DEFAULT_SOURCE_BASE}; files are read from
                       <URL>/<owner>/<repository>/<commit>/<path> (default: $${SOURCE_BASE_VARIABLE}, if set)
  --timeout SECONDS    per download attempt (default ${DEFAULT_DOWNLOAD_OPTIONS.timeoutMs / 1000})
  --retries N          further attempts after a network error, a timeout or a 5xx answer (default ${DEFAULT_DOWNLOAD_OPTIONS.retries})
  --help               this text`;

const OPTIONS = {
    out: { type: "string", default: DEFAULT_OUT_DIR },
    sources: { type: "string", default: DEFAULT_SOURCES_FILE },
    "source-base": { type: "string" },
    timeout: { type: "string" },
    retries: { type: "string" },
} as const;

export interface FetchArguments {
    outDir: string;
    sourcesFile: string;
    sourceBase: string;
    timeoutMs: number;
    retries: number;
}

function fetchArguments({ options }: CommandLine<typeof OPTIONS>, env: NodeJS.ProcessEnv): FetchArguments {
    const timeout = options.timeout === undefined ? DEFAULT_DOWNLOAD_OPTIONS.timeoutMs / 1000 : Number(options.timeout);
    if (!Number.isFinite(timeout) || timeout <= 0 || timeout > 600)
        throw new UsageError(`--timeout takes seconds from 1 to 600, not "${options.timeout}"`);
    const retries = options.retries === undefined ? DEFAULT_DOWNLOAD_OPTIONS.retries : Number(options.retries);
    if (!Number.isInteger(retries) || retries < 0 || retries > 10)
        throw new UsageError(`--retries takes a whole number from 0 to 10, not "${options.retries}"`);
    const sourceBase = options["source-base"] ?? (env[SOURCE_BASE_VARIABLE] || DEFAULT_SOURCE_BASE);
    checkSourceBase(sourceBase, options["source-base"] === undefined ? `$${SOURCE_BASE_VARIABLE}` : "--source-base");
    return { outDir: options.out, sourcesFile: options.sources, sourceBase, timeoutMs: timeout * 1000, retries };
}

/** HTTPS, or plain HTTP to this machine (a local mirror or a test server). */
function checkSourceBase(base: string, origin: string): void {
    let url: URL;
    try {
        url = new URL(base);
    } catch {
        throw new UsageError(`${origin} must be a URL such as ${DEFAULT_SOURCE_BASE}, not "${base}"`);
    }
    const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
    if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
        throw new UsageError(`${origin} must use https (plain http only to 127.0.0.1 or localhost), not "${base}"`);
    }
}

function shown(path: string): string {
    const fromRoot = relative(REPO_ROOT, path);
    return fromRoot.startsWith("..") ? path : fromRoot;
}

function describe(outcome: FileOutcome): string {
    switch (outcome.status) {
        case "fetched":
            return `fetched        ${outcome.file.path} (${outcome.file.size.toLocaleString("en-US")} bytes, SHA-256 verified${outcome.replacedMismatch ? "; replaced a copy that did not match" : ""})`;
        case "present":
            return `present        ${outcome.file.path} (SHA-256 verified, not downloaded again)`;
        case "not-fetchable":
            return `not fetchable  ${outcome.file.path}: ${outcome.reason}`;
        case "failed":
            return `FAILED         ${outcome.message}`;
    }
}

export function summarise(outcomes: readonly FileOutcome[], outDir: string): string {
    const count = (status: FileOutcome["status"]) => outcomes.filter((outcome) => outcome.status === status).length;
    const fetchable = outcomes.length - count("not-fetchable");
    return (
        `${fetchable} fetchable files: ${count("fetched")} fetched, ${count("present")} already present, ${count("failed")} failed` +
        `; ${count("not-fetchable")} listed for provenance only (not fetchable). Data folder: ${shown(outDir)}`
    );
}

export const main = command({
    name: "reference:fetch",
    usage: USAGE,
    help: HELP,
    options: OPTIONS,
    failures: [SourcesError],
    failurePrefix: "reference:fetch: ",
    async run(commandLine, context) {
        const args = fetchArguments(commandLine, context.env);
        const files = loadSources(args.sourcesFile);
        context.stdout(
            `Reference data from ${args.sourceBase} into ${shown(args.outDir)} (${files.length} files listed in ${shown(args.sourcesFile)})\n`,
        );
        const outcomes = await fetchReferenceData(files, {
            outDir: args.outDir,
            sourceBase: args.sourceBase,
            download: { ...DEFAULT_DOWNLOAD_OPTIONS, timeoutMs: args.timeoutMs, retries: args.retries },
            onOutcome: (outcome) =>
                (outcome.status === "failed" ? context.stderr : context.stdout)(`  ${describe(outcome)}\n`),
        });
        const failed = outcomes.some((outcome) => outcome.status === "failed");
        context.stdout(`${summarise(outcomes, args.outDir)}\n`);
        if (failed)
            context.stderr(
                "reference:fetch: some files could not be fetched (above); run it again once the cause is fixed.\n",
            );
        return failed ? EXIT.failed : EXIT.ok;
    },
});

if (require.main === module) runAsProcess(main);
