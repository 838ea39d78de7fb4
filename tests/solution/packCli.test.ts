import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArguments, main } from "../../tools/build/solution/pack";
import { UsageError } from "../../tools/common/cli";
import { makeWorkspace, REPO, Workspace } from "./workspace";

/** `npm run pack:solution` as a user runs it: tsx tools/build/solution/pack.ts, with the default (full) connector validation. */
function runPack(args: string[]) {
    const tsx = join(REPO, "node_modules", "tsx", "dist", "cli.mjs");
    return spawnSync(process.execPath, [tsx, join(REPO, "tools", "build", "solution", "pack.ts"), ...args], {
        cwd: REPO,
        encoding: "utf8",
        env: { ...process.env, PP_TOOLS_TELEMETRY_OPTOUT: "true" },
    });
}

let workspace: Workspace;
beforeEach(() => {
    workspace = makeWorkspace();
});
afterEach(() => workspace.remove());

const folders = (ws: Workspace) => [
    "--control",
    ws.controlDir,
    "--connector",
    ws.connectorDir,
    "--source",
    ws.sourceDir,
    "--out",
    ws.outDir,
];

test("prints each zip's path, size and SHA-256, and they are the files'", () => {
    const run = runPack(folders(workspace));
    expect(run.stderr).not.toMatch(/failed/);
    expect(run.status).toBe(0);
    const lines = run.stdout.split("\n").filter((line) => line.includes("sha256"));
    expect(lines).toHaveLength(2);
    for (const line of lines) {
        const [, path, size, sha] = /^ {2}(\S+) {2}(\d+) bytes {2}sha256 ([0-9a-f]{64})$/.exec(line) ?? [];
        const bytes = readFileSync(join(REPO, path));
        expect([bytes.length, createHash("sha256").update(bytes).digest("hex")]).toEqual([Number(size), sha]);
    }
}, 60_000);

test("a bad state exits 1 with the reason and writes no zip", () => {
    const run = runPack([
        ...folders(workspace).slice(0, 1),
        join(workspace.root, "nothing-built"),
        ...folders(workspace).slice(2),
    ]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
        /^Solution packing failed: No control build output: .*nothing-built[\\/]ControlManifest\.xml does not exist\. Run `npm run build` first/,
    );
    expect(existsSync(workspace.outDir) ? readdirSync(workspace.outDir) : []).toEqual([]);
}, 30_000);

test("unknown arguments are refused", () => {
    expect(() => parseArguments(["--controls", "x"], REPO)).toThrow(UsageError);
    expect(() => parseArguments(["--out"], REPO)).toThrow(/--out needs a value/);
    expect(parseArguments(["--out", "x"], REPO)).toEqual({ rootDir: REPO, outDir: join(process.cwd(), "x") });
});

test("a usage error exits 2 naming the option, with the usage, and packs nothing", async () => {
    let stderr = "";
    const code = await main({
        argv: ["--controls", workspace.controlDir, "--out", workspace.outDir],
        env: {},
        rootDir: REPO,
        stdout: () => undefined,
        stderr: (text) => (stderr += text),
    });
    expect(code).toBe(2);
    expect(stderr).toBe(
        "pack:solution: Unknown option --controls.\nUsage: npm run pack:solution [-- --control <dir>] [--connector <dir>] [--source <dir>] [--out <dir>]\n",
    );
    expect(existsSync(workspace.outDir)).toBe(false);
});
