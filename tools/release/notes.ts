/**
 * `npm run release:notes -- <version> [--changelog <file>] [--out <file>]`: prints (or writes to
 * --out) the release notes of <version> from CHANGELOG.md, its Keep a Changelog section. Exits 1
 * when the version has no section or an empty one, 2 on wrong arguments.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { ChangelogError, releaseNotes } from "./changelog";
import { command, EXIT, runAsProcess, UsageError } from "../common/cli";

export const main = command({
    name: "release:notes",
    usage: "Usage: npm run release:notes -- <version> [--changelog <file>] [--out <file>]",
    options: { changelog: { type: "string", default: "CHANGELOG.md" }, out: { type: "string" } },
    positionals: true,
    failures: [ChangelogError],
    run({ options, positionals }, context) {
        if (positionals.length !== 1)
            throw new UsageError(
                positionals.length === 0
                    ? "Name the version, e.g. 0.1.0."
                    : `Name one version, not ${positionals.length}.`,
            );
        const changelogPath = resolve(context.rootDir, options.changelog);
        const shownPath = relative(context.rootDir, changelogPath) || changelogPath;
        let text: string;
        try {
            text = readFileSync(changelogPath, "utf8");
        } catch (error) {
            context.stderr(`Cannot read the changelog ${shownPath}: ${(error as Error).message}\n`);
            return EXIT.failed;
        }
        const notes = `${releaseNotes(text, positionals[0], shownPath)}\n`;
        if (options.out === undefined) context.stdout(notes);
        else writeFileSync(resolve(context.rootDir, options.out), notes);
        return EXIT.ok;
    },
});

if (require.main === module) runAsProcess(main);
