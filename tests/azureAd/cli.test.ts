import { execFile } from "node:child_process";
import { join } from "node:path";
import { createFakeAz, emptyTenant, FakeAz } from "./fakeAz";
import { REPO_ROOT } from "../../tools/common/repoPaths";

/** The command as people run it (`npm run setup:azure-ad` runs `tsx tools/azureAd/setup.ts`), with a stand-in az on PATH. */

const TSX = join(REPO_ROOT, "node_modules", ".bin", "tsx");

function runCommand(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
        // tsx itself is a Node script: keep Node on PATH after the stand-in.
        execFile(
            TSX,
            [join(REPO_ROOT, "tools", "azureAd", "setup.ts"), ...args],
            { cwd: REPO_ROOT, env: { ...env, HOME: process.env.HOME }, timeout: 30_000 },
            (error, stdout, stderr) => {
                resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
            },
        );
    });
}

describe("tsx tools/azureAd/setup.ts", () => {
    let fake: FakeAz;
    afterEach(() => fake?.cleanup());

    it("sets the app up and exits 0, showing each az command on stderr", async () => {
        fake = createFakeAz(emptyTenant());
        const ran = await runCommand([], fake.env);
        expect(ran.code).toBe(0);
        expect(ran.stdout).toMatch(/Client secret\s+fake-secret-\d+-not-a-real-one/);
        expect(ran.stderr).toContain(
            '  $ az ad app create --display-name "Databricks Jobs connector" --sign-in-audience AzureADMultipleOrgs --output json',
        );
        expect(ran.stderr).not.toMatch(/fake-secret/);
        expect(fake.state().apps).toHaveLength(1);
    }, 30_000);

    it("exits 1 when not signed in", async () => {
        fake = createFakeAz({ ...emptyTenant(), signedIn: false });
        const ran = await runCommand([], fake.env);
        expect(ran.code).toBe(1);
        expect(ran.stderr).toContain("Please run 'az login' to setup account.");
    }, 30_000);
});
