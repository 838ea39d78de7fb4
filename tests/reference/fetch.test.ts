import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { AddressInfo } from "node:net";
import { join } from "node:path";
import { DownloadOptions } from "../../tools/reference/download";
import { fetchReferenceData, FileOutcome, sha256Of } from "../../tools/reference/fetchReference";
import { ReferenceFile } from "../../tools/reference/sources";
import { ARCHIVE_URL_PATH, filesUnder, Fixture, makeFixture, NOTES, NOTES_URL_PATH, temporaryDir } from "./fixture";
import { Reply, SourceServer, startSourceServer } from "./sourceServer";

/** npm run reference:fetch, in process, against a local stand-in for raw.githubusercontent.com. */

const QUICK: DownloadOptions = { timeoutMs: 5_000, retries: 2, retryDelayMs: 10, maxBytes: 1024 * 1024 };

let fixture: Fixture;
let server: SourceServer | undefined;
let outDir: string;

beforeAll(async () => {
    fixture = await makeFixture();
});

beforeEach(() => {
    outDir = temporaryDir("out");
});

afterEach(async () => {
    await server?.close();
    server = undefined;
    rmSync(outDir, { recursive: true, force: true });
});

async function serve(overrides: Record<string, Reply | Reply[]> = {}): Promise<SourceServer> {
    server = await startSourceServer({ ...fixture.routes, ...overrides });
    return server;
}

function run(
    base: string,
    files: ReferenceFile[] = fixture.files,
    download: DownloadOptions = QUICK,
): Promise<FileOutcome[]> {
    return fetchReferenceData(files, { outDir, sourceBase: base, download });
}

const statusOf = (outcomes: FileOutcome[]) =>
    Object.fromEntries(outcomes.map((outcome) => [outcome.file.path, outcome.status]));
const failureOf = (outcomes: FileOutcome[], path: string) => {
    const outcome = outcomes.find((candidate) => candidate.file.path === path);
    if (outcome?.status !== "failed") throw new Error(`${path} did not fail: ${JSON.stringify(outcome)}`);
    return outcome.message;
};
const fetchedFiles = () => filesUnder(outDir);

describe("fetching the reference data", () => {
    it("writes every fetchable file with the listed bytes: plain files, zip entries and the list of a zip's entries", async () => {
        const source = await serve();
        const outcomes = await run(source.base);
        expect(statusOf(outcomes)).toEqual({
            "notes/README.md": "fetched",
            "exports/Workflows/Flow-1.json": "fetched",
            "exports/Screen1.pa.yaml": "fetched",
            "exports/ENTRIES.txt": "fetched",
            "notes/retyped.xml": "not-fetchable",
        });
        for (const [path, bytes] of Object.entries(fixture.expected)) {
            expect(readFileSync(join(outDir, path))).toEqual(bytes);
        }
        expect(readFileSync(join(outDir, "exports", "ENTRIES.txt"), "utf8")).toBe(
            `solution.xml\t19\tdeflate\nWorkflows/Flow-1.json\t${fixture.expected["exports/Workflows/Flow-1.json"].length}\tdeflate\nSrc\\Screen1.pa.yaml\t${fixture.expected["exports/Screen1.pa.yaml"].length}\tstore\n`,
        );
        expect(fetchedFiles()).toEqual(Object.keys(fixture.expected).sort());
        // Three files come out of one archive, which is downloaded once.
        expect(source.requests.get(ARCHIVE_URL_PATH)).toBe(1);
        const skipped = outcomes.find((outcome) => outcome.status === "not-fetchable");
        expect(skipped).toMatchObject({ reason: "retyped by hand; no byte-exact source" });
    });

    it("does not download files that are already present with the right SHA-256", async () => {
        const source = await serve();
        await run(source.base);
        const again = await run(source.base);
        expect(again.filter((outcome) => outcome.status === "present").map((outcome) => outcome.file.path)).toEqual(
            Object.keys(fixture.expected),
        );
        expect(source.requests.get(NOTES_URL_PATH)).toBe(1);
        expect(source.requests.get(ARCHIVE_URL_PATH)).toBe(1);
    });

    it("replaces a local copy whose SHA-256 does not match", async () => {
        const source = await serve();
        mkdirSync(join(outDir, "notes"), { recursive: true });
        writeFileSync(join(outDir, "notes", "README.md"), "edited by hand\n");
        const outcomes = await run(source.base, fixture.files.slice(0, 1));
        expect(outcomes[0]).toMatchObject({ status: "fetched", replacedMismatch: true });
        expect(readFileSync(join(outDir, "notes", "README.md"))).toEqual(NOTES);
    });

    it("refuses a corrupted download: names the file, the URL and both hashes, writes nothing for it and still fetches the others", async () => {
        const corrupted = Buffer.from(NOTES.toString().replace("plain", "p1ain"));
        const source = await serve({ [NOTES_URL_PATH]: corrupted });
        const outcomes = await run(source.base);
        const message = failureOf(outcomes, "notes/README.md");
        expect(message).toContain("notes/README.md: SHA-256 mismatch");
        expect(message).toContain(`${source.base}${NOTES_URL_PATH}`);
        expect(message).toContain(`has ${sha256Of(corrupted)}, expected ${sha256Of(NOTES)}`);
        expect(message).toContain("Nothing was written.");
        expect(existsSync(join(outDir, "notes", "README.md"))).toBe(false);
        // No partial or temporary file is left anywhere; the other files are in place.
        expect(fetchedFiles()).toEqual([
            "exports/ENTRIES.txt",
            "exports/Screen1.pa.yaml",
            "exports/Workflows/Flow-1.json",
        ]);
    });

    it("refuses a zip entry whose bytes differ from the listed SHA-256, naming the entry", async () => {
        const source = await serve();
        const wrong = fixture.files.map((file) =>
            file.path === "exports/Screen1.pa.yaml" ? { ...file, sha256: "0".repeat(64) } : file,
        );
        const message = failureOf(await run(source.base, wrong), "exports/Screen1.pa.yaml");
        expect(message).toContain(
            `entry "Src\\Screen1.pa.yaml" of ${source.base}${ARCHIVE_URL_PATH} has ${sha256Of(fixture.expected["exports/Screen1.pa.yaml"])}, expected ${"0".repeat(64)}`,
        );
        expect(fetchedFiles()).not.toContain("exports/Screen1.pa.yaml");
    });

    it("reports a 404 with the URL, without retrying it", async () => {
        const source = await serve({ [NOTES_URL_PATH]: { status: 404 } });
        const message = failureOf(await run(source.base), "notes/README.md");
        expect(message).toBe(
            `notes/README.md: ${source.base}${NOTES_URL_PATH} answered HTTP 404 Not Found. Nothing was written.`,
        );
        expect(source.requests.get(NOTES_URL_PATH)).toBe(1);
        expect(fetchedFiles()).not.toContain("notes/README.md");
    });

    it("retries a source that drops the connection, then reports it as unreachable", async () => {
        const source = await serve({ [ARCHIVE_URL_PATH]: "drop" });
        const outcomes = await run(source.base);
        for (const path of ["exports/Workflows/Flow-1.json", "exports/Screen1.pa.yaml", "exports/ENTRIES.txt"]) {
            const message = failureOf(outcomes, path);
            expect(message).toMatch(
                new RegExp(
                    `^${path}: ${source.base}${ARCHIVE_URL_PATH} could not be reached \\(.+\\) \\(after 3 attempts\\)\\. Nothing was written\\.$`,
                ),
            );
        }
        expect(source.requests.get(ARCHIVE_URL_PATH)).toBe(3);
        expect(fetchedFiles()).toEqual(["notes/README.md"]);
    });

    it("reports a host where nothing listens with the network error, and does not try that host again for the other files", async () => {
        const port = await new Promise<number>((resolve) => {
            const probe = createServer().listen(0, "127.0.0.1", () => {
                const { port: free } = probe.address() as AddressInfo;
                probe.close(() => resolve(free));
            });
        });
        const base = `http://127.0.0.1:${port}`;
        const outcomes = await run(base);
        expect(failureOf(outcomes, "notes/README.md")).toMatch(
            new RegExp(
                `^notes/README\\.md: ${base}${NOTES_URL_PATH} could not be reached \\(ECONNREFUSED: .+\\) \\(after 3 attempts\\)\\. Nothing was written\\.$`,
            ),
        );
        expect(failureOf(outcomes, "exports/ENTRIES.txt")).toBe(
            `exports/ENTRIES.txt: ${base}${ARCHIVE_URL_PATH} was not tried, since 127.0.0.1:${port} could not be reached for an earlier file. Nothing was written.`,
        );
        expect(fetchedFiles()).toEqual([]);
    });

    it("gets over a passing 503 by trying again", async () => {
        const source = await serve({ [NOTES_URL_PATH]: [{ status: 503 }, NOTES] });
        const outcomes = await run(source.base, fixture.files.slice(0, 1));
        expect(outcomes[0].status).toBe("fetched");
        expect(source.requests.get(NOTES_URL_PATH)).toBe(2);
    });

    it("gives up on a source that does not answer within the timeout", async () => {
        const source = await serve({ [NOTES_URL_PATH]: "hang" });
        const outcomes = await run(source.base, fixture.files.slice(0, 1), { ...QUICK, timeoutMs: 300, retries: 1 });
        expect(failureOf(outcomes, "notes/README.md")).toBe(
            `notes/README.md: ${source.base}${NOTES_URL_PATH} did not answer within 0.3 s (after 2 attempts). Nothing was written.`,
        );
    });

    it("says when an archive is not a zip or lacks the entry", async () => {
        const notZip = await serve({ [ARCHIVE_URL_PATH]: Buffer.from("<html>not an archive</html>") });
        expect(failureOf(await run(notZip.base), "exports/Workflows/Flow-1.json")).toContain(
            `${notZip.base}${ARCHIVE_URL_PATH} is not a readable zip archive`,
        );
        expect(failureOf(await run(notZip.base), "exports/ENTRIES.txt")).toContain(
            `${notZip.base}${ARCHIVE_URL_PATH} is not a readable zip archive`,
        );
        await notZip.close();
        server = undefined;
        const source = await serve();
        const missing = fixture.files.map((file) =>
            file.path === "exports/Screen1.pa.yaml"
                ? { ...file, source: { ...file.source, zipEntry: "Src/Screen1.pa.yaml" } }
                : file,
        );
        expect(failureOf(await run(source.base, missing), "exports/Screen1.pa.yaml")).toContain(
            `${source.base}${ARCHIVE_URL_PATH} has no entry "Src/Screen1.pa.yaml"`,
        );
    });

    it("stops reading a download larger than the limit", async () => {
        const source = await serve();
        const outcomes = await run(source.base, fixture.files.slice(0, 1), { ...QUICK, maxBytes: 10 });
        expect(failureOf(outcomes, "notes/README.md")).toContain(
            `is ${NOTES.length} bytes, more than the 10 this tool accepts`,
        );
    });
});
