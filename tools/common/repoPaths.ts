import { resolve } from "node:path";

/** The repository's root folder. Tools and tests name paths from here instead of climbing from their own file. */
export const REPO_ROOT = resolve(__dirname, "..", "..");

/** An absolute path inside the repository, from its root: `repoPath("connector", "script.csx")`. */
export function repoPath(...segments: string[]): string {
    return resolve(REPO_ROOT, ...segments);
}
