import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../../tools/common/repoPaths";

/** The parameters file holds the client secret: a Ctrl+C or SIGTERM mid-deployment still deletes it. */

const TSX = join(REPO_ROOT, "node_modules", ".bin", "tsx");

test.each(["SIGINT", "SIGTERM"] as const)(
    "%s during the deployment removes the parameters file",
    async (signal) => {
        const scratch = mkdtempSync(join(tmpdir(), "deploy-signal-"));
        const script = join(scratch, "hold.ts");
        writeFileSync(
            script,
            `import { withParametersFile } from ${JSON.stringify(join(REPO_ROOT, "tools/logicApp/deploy/parameters"))};
void withParametersFile('{"secret": "s3cr3t"}', (file) => {
    process.stdout.write(file + "\\n");
    return new Promise(() => setInterval(() => undefined, 1000));
});
`,
        );
        try {
            const child = spawn(TSX, [script], { stdio: ["ignore", "pipe", "inherit"] });
            const file = await new Promise<string>((resolve) =>
                child.stdout.on("data", (chunk: Buffer) => resolve(chunk.toString().trim())),
            );
            expect(existsSync(file)).toBe(true);
            const exited = new Promise((resolve) => child.once("exit", resolve));
            child.kill(signal);
            await exited;
            expect(existsSync(file)).toBe(false);
        } finally {
            rmSync(scratch, { recursive: true, force: true });
        }
    },
    30_000,
);
