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
import { PackError } from "./errors";
import { packSolution, PackOptions, PackResult } from "./packer";
import { REPO_ROOT } from "../../common/repoPaths";

export function parseArguments(argv: readonly string[], rootDir: string): PackOptions {
    const options: PackOptions = { rootDir };
    const flags: Record<string, keyof PackOptions> = { "--control": "controlDir", "--connector": "connectorDir", "--source": "sourceDir", "--out": "outDir" };
    for (let index = 0; index < argv.length; index += 2) {
        const key = flags[argv[index]];
        const value = argv[index + 1];
        if (key === undefined || value === undefined) {
            throw new PackError(`Unknown or incomplete argument "${argv[index]}". Usage: pack.ts [--control <dir>] [--connector <dir>] [--source <dir>] [--out <dir>]`);
        }
        (options as unknown as Record<string, string>)[key] = resolve(value);
    }
    return options;
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

async function main(): Promise<number> {
    try {
        printResult(await packSolution(parseArguments(process.argv.slice(2), REPO_ROOT)));
        return 0;
    } catch (error) {
        if (!(error instanceof PackError)) throw error;
        console.error(`Solution packing failed: ${error.message}`);
        return 1;
    }
}

if (require.main === module) {
    main().then(
        (code) => process.exit(code),
        (error: unknown) => {
            console.error(error);
            process.exit(2);
        },
    );
}
