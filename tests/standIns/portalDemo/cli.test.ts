import { REPO_ROOT } from "../../../tools/common/repoPaths";
import { main } from "../../../tools/standIns/portalDemo/main";

/** `npm run portal:demo`'s command line; tests/e2e/portalDemo.e2e.ts runs the demo itself. */

async function run(argv: string[]): Promise<{ code: number; output: string }> {
    const out: string[] = [];
    const code = await main({
        argv,
        env: {},
        rootDir: REPO_ROOT,
        stdout: (text) => out.push(text),
        stderr: (text) => out.push(text),
        untilStopped: () => new Promise<void>(() => undefined),
    });
    return { code, output: out.join("") };
}

describe("npm run portal:demo's command line", () => {
    it.each([
        [["--bootstrap", "4"], "--bootstrap 4: write 5 (Bootstrap 5.3.8) or 3 (Bootstrap 3.3.6)."],
        [["--port", "http"], "--port must be a port number"],
        [["--anonymous", "--roles", "Job runners"], "--roles is for a signed-in visitor"],
        [["--workspace-host", "adb-1.2.azuredatabricks.net"], "Unknown option --workspace-host."],
    ])("refuses %j with exit 2, naming the option", async (argv, message) => {
        const { code, output } = await run(argv);
        expect(code).toBe(2);
        expect(output).toContain(message);
        expect(output).toContain("Usage: npm run portal:demo");
    });

    it("says in --help what it starts, which jobs the page may run, and each option", async () => {
        const { code, output } = await run(["--help"]);
        expect(code).toBe(0);
        expect(output).toContain('"Warehouse vacuum" (684213907551004)');
        for (const option of ["--port", "--bootstrap", "--anonymous", "--roles"]) expect(output).toContain(option);
    });
});
