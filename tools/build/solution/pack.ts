/**
 * `npm run pack:solution`: packs out/controls/TriggerControl (the production control build) and
 * connector/ into solution/bin/<UniqueName>_<version>.zip and <UniqueName>_<version>_managed.zip,
 * and prints each zip's path, size and SHA-256.
 *
 *   npm run pack:solution [-- --control <dir>] [--connector <dir>] [--source <dir>] [--out <dir>]
 *
 * Exits 1, having written no zip, when the inputs are not in a state to pack (see PackError).
 */
import { relative, resolve } from "node:path";
import { command, CommandLine, EXIT, parseCommandLine, runAsProcess } from "../../common/cli";
import { PackError } from "./errors";
import { packSolution, PackOptions, PackResult } from "./packer";

const OPTIONS = {
    control: { type: "string" },
    connector: { type: "string" },
    source: { type: "string" },
    out: { type: "string" },
} as const;

/** The folders given on the command line, resolved from the working folder; the packer's defaults for the rest. */
function packOptions({ options }: CommandLine<typeof OPTIONS>, rootDir: string): PackOptions {
    const folder = (value: string | undefined) => (value === undefined ? undefined : resolve(value));
    return {
        rootDir,
        controlDir: folder(options.control),
        connectorDir: folder(options.connector),
        sourceDir: folder(options.source),
        outDir: folder(options.out),
    };
}

export function parseArguments(argv: readonly string[], rootDir: string): PackOptions {
    return packOptions(parseCommandLine(argv, OPTIONS), rootDir);
}

/** One line per zip: path (relative to the working folder), size, SHA-256. */
export function describeZips(result: PackResult, cwd = process.cwd()): string[] {
    return result.zips.map((zip) => `  ${relative(cwd, zip.path)}  ${zip.size} bytes  sha256 ${zip.sha256}`);
}

export function printResult(result: PackResult): void {
    for (const warning of result.warnings) console.warn(`warning: ${warning}`);
    console.log(`Solution ${result.versions.solution} (unmanaged, managed):`);
    for (const line of describeZips(result)) console.log(line);
}

export const main = command({
    name: "pack:solution",
    usage: "Usage: npm run pack:solution [-- --control <dir>] [--connector <dir>] [--source <dir>] [--out <dir>]",
    options: OPTIONS,
    failures: [PackError],
    failurePrefix: "Solution packing failed: ",
    async run(commandLine, context) {
        printResult(await packSolution(packOptions(commandLine, context.rootDir)));
        return EXIT.ok;
    },
});

if (require.main === module) runAsProcess(main);
