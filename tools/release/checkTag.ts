/**
 * `npm run release:check-tag -- <tag>`: fails unless <tag> is `v` + package.json's version (and a
 * version the solution can carry), then prints the version and the file names of the two zips the
 * release must attach. In GitHub Actions it also writes them to $GITHUB_OUTPUT as `version`,
 * `unmanaged_zip` and `managed_zip`. Exits 1 on a mismatch, 2 on wrong arguments.
 */
import { appendFileSync } from "node:fs";
import { command, EXIT, runAsProcess, UsageError } from "../common/cli";
import { githubOutputLines, planRelease, ReleaseTagError } from "./tag";

export const main = command({
    name: "release:check-tag",
    usage: "Usage: npm run release:check-tag -- <tag>   (e.g. v0.1.0)",
    options: {},
    positionals: true,
    failures: [ReleaseTagError],
    run({ positionals }, context) {
        if (positionals.length !== 1 || positionals[0].trim() === "")
            throw new UsageError("Name one tag, e.g. v0.1.0.");
        const [tag] = positionals;
        const plan = planRelease(tag, context.rootDir);
        context.stdout(
            `${tag} matches package.json's version ${plan.version}.\nRelease assets: ${plan.unmanagedZip}, ${plan.managedZip}, SHA256SUMS.txt\n`,
        );
        const outputFile = context.env.GITHUB_OUTPUT;
        if (outputFile) appendFileSync(outputFile, githubOutputLines(plan));
        return EXIT.ok;
    },
});

if (require.main === module) runAsProcess(main);
