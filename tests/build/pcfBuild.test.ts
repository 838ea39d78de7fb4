import { judgeBuild, pcfEnvironment, runEchoed } from "../../tools/build/pcfBuild";

describe("judgeBuild", () => {
    test.each([
        [0, "[build] Initializing...\n[build] Succeeded", { ok: true }],
        [
            0,
            "[build] Failed:\n[pcf-1023] [Error] ...",
            { ok: false, reason: 'pcf-scripts printed "[build] Failed" (and still exited 0)' },
        ],
        [0, "[build] Compiling...", { ok: false, reason: 'pcf-scripts did not print "[build] Succeeded"' }],
        [1, "[build] Succeeded", { ok: false, reason: "pcf-scripts exited with code 1" }],
        [null, "", { ok: false, reason: "pcf-scripts exited with code null" }],
    ])("exit %p with %j", (exitCode, output, verdict) => {
        expect(judgeBuild(exitCode, output)).toEqual(verdict);
    });
});

describe("runEchoed", () => {
    test("a tool that prints [build] Failed and exits 0 is judged a failure", async () => {
        jest.spyOn(process.stdout, "write").mockImplementation(() => true);
        const result = await runEchoed(process.execPath, ["-e", "console.log('[build] Failed:'); process.exit(0)"]);
        expect(result.exitCode).toBe(0);
        expect(judgeBuild(result.exitCode, result.output).ok).toBe(false);
    });

    test("pcf-scripts runs with telemetry off", () => {
        expect(pcfEnvironment({ PATH: "/bin" })).toEqual({ PATH: "/bin", PP_TOOLS_TELEMETRY_OPTOUT: "true" });
    });
});
