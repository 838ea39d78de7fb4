import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { REPO_ROOT, repoPath } from "../../tools/common/repoPaths";

/** Each parsing library comes in through one module of ours, so a swap or an upgrade touches one file. */
const DOORS: Record<string, string> = {
    "lossless-json": "tools/common/exactJson.ts",
    "jsonc-parser": "tools/connector/model/jsonc.ts",
    yauzl: "tools/common/zipDirectory.ts",
    "markdown-it": "tests/docs/markdown.ts",
    "fast-check": "tests/support/arbitraries.ts",
};

function sourceFiles(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourceFiles(path);
        return /\.(ts|tsx|mjs|cjs|js)$/.test(entry.name) ? [path] : [];
    });
}

describe("libraries behind the project's own interface", () => {
    const files = ["tools", "runModel", "TriggerControl", "bench", "tests"].flatMap((dir) =>
        sourceFiles(repoPath(dir)),
    );

    it.each(Object.entries(DOORS))("only its door imports %s", (library, door) => {
        const importPattern = new RegExp(`(from\\s+|require\\(|import\\()["']${library}(/[^"']*)?["']`);
        const importers = files
            .filter((file) => importPattern.test(readFileSync(file, "utf8")))
            .map((file) => relative(REPO_ROOT, file).split("\\").join("/"));
        expect(importers).toEqual([door]);
    });
});
