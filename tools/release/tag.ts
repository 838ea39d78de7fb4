import { basename, join } from "node:path";
import { PackError } from "../build/solution/errors";
import { zipPaths } from "../build/solution/packer";
import { DEFAULT_PATHS } from "../build/solution/paths";
import { readSolutionSource } from "../build/solution/solutionSource";
import { productVersions, readPackageVersion } from "../build/solution/version";

export class ReleaseTagError extends Error {}

export interface ReleasePlan {
    tag: string;
    version: string;
    /** File names (no folder) of the zips `npm run build` writes for this version. */
    unmanagedZip: string;
    managedZip: string;
}

/**
 * A release tag is `v` + package.json's version, exactly: the version the build stamps into the
 * control, the connector and the solution, so the zips published under the tag carry that version.
 */
export function checkReleaseTag(tag: string, packageVersion: string): string {
    const expected = `v${packageVersion}`;
    if (tag === expected) return packageVersion;
    if (tag === packageVersion) {
        throw new ReleaseTagError(
            `The tag "${tag}" lacks the "v": release tags are "${expected}", as \`npm version\` creates them.`,
        );
    }
    const tagVersion = tag.replace(/^v/, "");
    throw new ReleaseTagError(
        `The tag "${tag}" does not match package.json's version ${packageVersion} (expected the tag "${expected}"). ` +
            `To release ${tagVersion}, run \`npm version ${tagVersion}\` on the commit to release (it stamps the version ` +
            `everywhere, commits and tags) and push that tag; delete the tag "${tag}" from the commit that says ${packageVersion}.`,
    );
}

/** Checks `tag` against the repository at `rootDir` and names the zips its release must carry. */
export function planRelease(tag: string, rootDir: string): ReleasePlan {
    let packageVersion: string;
    try {
        packageVersion = readPackageVersion(rootDir);
    } catch (error) {
        throw new ReleaseTagError((error as Error).message);
    }
    const version = checkReleaseTag(tag, packageVersion);
    try {
        const versions = productVersions(version);
        const { uniqueName } = readSolutionSource(join(rootDir, DEFAULT_PATHS.source));
        const zips = zipPaths("", uniqueName, versions.solution);
        const fileName = (managed: boolean): string =>
            basename(zips.find((zip) => zip.managed === managed)?.path ?? "");
        return { tag, version, unmanagedZip: fileName(false), managedZip: fileName(true) };
    } catch (error) {
        if (error instanceof PackError)
            throw new ReleaseTagError(`The tag "${tag}" cannot be released: ${error.message}`);
        throw error;
    }
}

/** `name=value` lines for $GITHUB_OUTPUT, which later steps and jobs read as outputs. */
export function githubOutputLines(plan: ReleasePlan): string {
    return [`version=${plan.version}`, `unmanaged_zip=${plan.unmanagedZip}`, `managed_zip=${plan.managedZip}`]
        .map((line) => `${line}\n`)
        .join("");
}
