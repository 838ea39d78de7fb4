import { execFile } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { filesUnder, Fixture, makeFixture, NOTES_URL_PATH, temporaryDir, writeSourcesFile } from "./fixture";
import { SourceServer, startSourceServer } from "./sourceServer";
import { REPO_ROOT } from "../../tools/common/repoPaths";

/** `npm run reference:fetch` as people run it: what it prints and how it exits. */

const TSX = join(REPO_ROOT, "node_modules", ".bin", "tsx");

interface Exit {
    code: number;
    stdout: string;
    stderr: string;
}

function fetchTool(args: string[], env: Record<string, string> = {}): Promise<Exit> {
    return new Promise((resolve) => {
        execFile(
            TSX,
            [join(REPO_ROOT, "tools", "reference", "fetch.ts"), ...args],
            { cwd: REPO_ROOT, env: { ...process.env, ...env }, timeout: 60_000 },
            (error, stdout, stderr) => {
                resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
            },
        );
    });
}

let fixture: Fixture;
let server: SourceServer | undefined;
let workDir: string;

beforeAll(async () => {
    fixture = await makeFixture();
});

beforeEach(() => {
    workDir = temporaryDir("cli");
});

afterEach(async () => {
    await server?.close();
    server = undefined;
    rmSync(workDir, { recursive: true, force: true });
});

describe("npm run reference:fetch", () => {
    it("prints each file and a summary, and exits 0 when every fetchable file is in place", async () => {
        server = await startSourceServer(fixture.routes);
        const sources = writeSourcesFile(workDir, fixture.files);
        const out = join(workDir, "data");
        const result = await fetchTool(["--sources", sources, "--out", out], { REFERENCE_SOURCE_BASE: server.base });
        expect(result.stderr).toBe("");
        expect(result.code).toBe(0);
        expect(result.stdout).toContain(
            `Reference data from ${server.base} into ${out} (5 files listed in ${sources})`,
        );
        expect(result.stdout).toMatch(/fetched +notes\/README\.md \(\d+ bytes, SHA-256 verified\)/);
        expect(result.stdout).toContain("not fetchable  notes/retyped.xml: retyped by hand; no byte-exact source");
        expect(result.stdout).toContain(
            "4 fetchable files: 4 fetched, 0 already present, 0 failed; 1 listed for provenance only (not fetchable).",
        );
        expect(filesUnder(out)).toEqual(Object.keys(fixture.expected).sort());

        const again = await fetchTool(["--sources", sources, "--out", out, "--source-base", server.base]);
        expect(again.code).toBe(0);
        expect(again.stdout).toContain("4 fetchable files: 0 fetched, 4 already present, 0 failed");
    }, 60_000);

    it("exits 1 and says which file failed and why when a download is corrupted", async () => {
        server = await startSourceServer({ ...fixture.routes, [NOTES_URL_PATH]: Buffer.from("tampered\n") });
        const sources = writeSourcesFile(workDir, fixture.files);
        const out = join(workDir, "data");
        const result = await fetchTool([
            "--sources",
            sources,
            "--out",
            out,
            "--source-base",
            server.base,
            "--retries",
            "0",
        ]);
        expect(result.code).toBe(1);
        expect(result.stderr).toContain(
            `FAILED         notes/README.md: SHA-256 mismatch: the download from ${server.base}${NOTES_URL_PATH} has `,
        );
        expect(result.stderr).toContain("reference:fetch: some files could not be fetched (above)");
        expect(result.stdout).toContain("4 fetchable files: 3 fetched, 0 already present, 1 failed");
        expect(existsSync(join(out, "notes", "README.md"))).toBe(false);
    }, 60_000);

    it("exits 2 on a usage error, with the usage", async () => {
        const unknown = await fetchTool(["--outdir", "x"]);
        expect(unknown.code).toBe(2);
        expect(unknown.stderr).toContain("reference:fetch: Unknown option --outdir.");
        expect(unknown.stderr).toContain("Usage: npm run reference:fetch");
        const insecure = await fetchTool(["--source-base", "http://mirror.example.com"]);
        expect(insecure.code).toBe(2);
        expect(insecure.stderr).toContain(
            '--source-base must use https (plain http only to 127.0.0.1 or localhost), not "http://mirror.example.com"',
        );
        const retries = await fetchTool(["--retries", "many"]);
        expect(retries.code).toBe(2);
        expect(retries.stderr).toContain('--retries takes a whole number from 0 to 10, not "many"');
    }, 60_000);

    it("exits 1 naming the list when the list is broken", async () => {
        const sources = writeSourcesFile(workDir, [{ ...fixture.files[0], path: "../outside.txt" }]);
        const result = await fetchTool(["--sources", sources, "--out", join(workDir, "data")]);
        expect(result.code).toBe(1);
        expect(result.stderr).toContain(`${sources} does not match reference/sources.schema.json`);
    }, 60_000);
});
