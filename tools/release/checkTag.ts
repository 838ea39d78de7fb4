/**
 * `npm run release:check-tag -- <tag>`: fails unless <tag> is `v` + package.json's version (and a
 * version the solution can carry), then prints the version and the file names of the two zips the
 * release must attach. In GitHub Actions it also writes them to $GITHUB_OUTPUT as `version`,
 * `unmanaged_zip` and `managed_zip`. Exits 1 on a mismatch, 2 on wrong arguments.
 */
import { appendFileSync } from "node:fs";
import { CliContext, EXIT, parseArguments, runAsProcess, UsageError } from "../common/cli";
import { githubOutputLines, planRelease, ReleaseTagError } from "./tag";
import { REPO_ROOT } from "../common/repoPaths";

const USAGE = "Usage: npm run release:check-tag -- <tag>   (e.g. v0.1.0)\n";

export function main(context: CliContext): number {
    let tag: string;
    try {
        const { positional, help } = parseArguments(context.argv, []);
        if (help) {
            context.stdout(USAGE);
            return EXIT.ok;
        }
        if (positional.length !== 1 || positional[0].trim() === "") throw new UsageError("Name one tag, e.g. v0.1.0.");
        tag = positional[0];
    } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        context.stderr(`${error.message}\n${USAGE}`);
        return EXIT.usage;
    }

    try {
        const plan = planRelease(tag, context.rootDir);
        context.stdout(`${tag} matches package.json's version ${plan.version}.\nRelease assets: ${plan.unmanagedZip}, ${plan.managedZip}, SHA256SUMS.txt\n`);
        const outputFile = context.env.GITHUB_OUTPUT;
        if (outputFile) appendFileSync(outputFile, githubOutputLines(plan));
        return EXIT.ok;
    } catch (error) {
        if (!(error instanceof ReleaseTagError)) throw error;
        context.stderr(`${error.message}\n`);
        return EXIT.failed;
    }
}

if (require.main === module) runAsProcess(main, REPO_ROOT);
