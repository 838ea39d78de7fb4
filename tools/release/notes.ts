/**
 * `npm run release:notes -- <version> [--changelog <file>] [--out <file>]`: prints (or writes to
 * --out) the release notes of <version> from CHANGELOG.md, its Keep a Changelog section. Exits 1
 * when the version has no section or an empty one, 2 on wrong arguments.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { ChangelogError, releaseNotes } from "./changelog";
import { CliContext, EXIT, parseArguments, runAsProcess, UsageError } from "../common/cli";
import { REPO_ROOT } from "../common/repoPaths";

const USAGE = "Usage: npm run release:notes -- <version> [--changelog <file>] [--out <file>]\n";

export function main(context: CliContext): number {
    let version: string;
    let changelogPath: string;
    let outPath: string | undefined;
    try {
        const { positional, options, help } = parseArguments(context.argv, ["--changelog", "--out"]);
        if (help) {
            context.stdout(USAGE);
            return EXIT.ok;
        }
        if (positional.length !== 1) throw new UsageError(positional.length === 0 ? "Name the version, e.g. 0.1.0." : `Name one version, not ${positional.length}.`);
        version = positional[0];
        changelogPath = resolve(context.rootDir, options.get("--changelog") ?? "CHANGELOG.md");
        const out = options.get("--out");
        outPath = out === undefined ? undefined : resolve(context.rootDir, out);
    } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        context.stderr(`${error.message}\n${USAGE}`);
        return EXIT.usage;
    }

    const shownPath = relative(context.rootDir, changelogPath) || changelogPath;
    let text: string;
    try {
        text = readFileSync(changelogPath, "utf8");
    } catch (error) {
        context.stderr(`Cannot read the changelog ${shownPath}: ${(error as Error).message}\n`);
        return EXIT.failed;
    }
    try {
        const notes = `${releaseNotes(text, version, shownPath)}\n`;
        if (outPath === undefined) context.stdout(notes);
        else writeFileSync(outPath, notes);
        return EXIT.ok;
    } catch (error) {
        if (!(error instanceof ChangelogError)) throw error;
        context.stderr(`${error.message}\n`);
        return EXIT.failed;
    }
}

if (require.main === module) runAsProcess(main, REPO_ROOT);
