import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PackError } from "./errors";

/**
 * package.json's "version" is the one source of the version. Each part of the product takes it in
 * the form it needs:
 * - the solution (solution.xml `<Version>`): four numbers, major.minor.build.revision, each a
 *   non-negative Int32; the npm version x.y.z becomes x.y.z.0;
 * - the control manifest (`<control version>`): three numbers, x.y.z. The platform replaces a
 *   control on import only when this rises, so every release must raise package.json's version;
 * - the connector (the swagger's `info.version`): x.y.z.
 */
export interface ProductVersions {
    package: string;
    solution: string;
    control: string;
    connector: string;
}

const INT32_MAX = 2147483647;

export function productVersions(packageVersion: string): ProductVersions {
    const solution = `${packageVersion}.0`;
    const parts = solution.split(".");
    const fourNumbers =
        parts.length === 4 && parts.every((part) => /^(0|[1-9][0-9]*)$/.test(part) && Number(part) <= INT32_MAX);
    if (!fourNumbers) {
        throw new PackError(
            `package.json's version "${packageVersion}" would give the solution version "${solution}", which is not four numbers ` +
                `(major.minor.build.revision, each 0-${INT32_MAX}) as Dataverse requires. Pre-release or build suffixes ` +
                `such as "-beta.1" cannot be packed: set a plain x.y.z version in package.json.`,
        );
    }
    return { package: packageVersion, solution, control: packageVersion, connector: packageVersion };
}

export function readPackageVersion(rootDir: string): string {
    const path = join(rootDir, "package.json");
    let parsed: unknown;
    try {
        parsed = JSON.parse(readFileSync(path, "utf8"));
    } catch (error) {
        throw new PackError(`Cannot read the version from ${path}: ${(error as Error).message}`);
    }
    const version = (parsed as { version?: unknown }).version;
    if (typeof version !== "string") throw new PackError(`${path} has no "version" string.`);
    return version;
}
