import { ChildProcess, execFile, spawn } from "node:child_process";
import { join } from "node:path";
import { main as emulatorMain } from "../../../tools/standIns/databricksEmulator/main";
import { SEED_JOBS } from "../../../tools/standIns/databricksEmulator/seed";
import { REPO_ROOT } from "../../../tools/common/repoPaths";

/** Both command-line tools as people run them: `npm run emulator` and `npm run connector:run`. */

const TSX = join(REPO_ROOT, "node_modules", ".bin", "tsx");

interface Exit {
    code: number | null;
    stdout: string;
    stderr: string;
}

function runTool(script: string, args: string[], env: Record<string, string> = {}): Promise<Exit> {
    return new Promise((resolve) => {
        execFile(
            TSX,
            [join(REPO_ROOT, script), ...args],
            { cwd: REPO_ROOT, env: { ...process.env, ...env }, timeout: 30_000 },
            (error, stdout, stderr) => {
                resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
            },
        );
    });
}

describe("the emulator and runner command lines", () => {
    let emulator: ChildProcess | undefined;
    let started: { baseUrl: string; host: string; token: string; jobs: Array<{ job_id: string; name: string }> };

    beforeAll(async () => {
        emulator = spawn(TSX, [join(REPO_ROOT, "tools/standIns/databricksEmulator/main.ts"), "--port", "0"], {
            cwd: REPO_ROOT,
            stdio: ["ignore", "pipe", "pipe"],
        });
        const child = emulator;
        started = await new Promise((resolve, reject) => {
            let output = "";
            child.stdout?.on("data", (chunk: Buffer) => {
                output += chunk.toString();
                const line = output.split("\n")[0];
                if (output.includes("\n")) resolve(JSON.parse(line));
            });
            child.once("exit", (code) => reject(new Error(`the emulator exited with ${code}`)));
        });
    }, 30_000);

    afterAll(async () => {
        const child = emulator;
        if (child && child.exitCode === null) {
            const exited = new Promise((resolve) => child.once("exit", resolve));
            child.kill("SIGTERM");
            await exited;
        }
    });

    it("starts the emulator on loopback and prints its address, a token and the seed", () => {
        expect(started.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(started.jobs.map((job) => job.job_id)).toEqual(Object.values(SEED_JOBS).map((job) => job.job_id));
        expect(started.token.split(".")).toHaveLength(3);
    });

    it("runs RunNow and GetRun through the runner, with the token from DATABRICKS_TOKEN, and prints JSON", async () => {
        const job = SEED_JOBS.nightlySalesLoad.job_id;
        const env = { DATABRICKS_TOKEN: started.token };
        const ran = await runTool(
            "tools/standIns/connectorRunner/main.ts",
            [
                "RunNow",
                "--host",
                started.baseUrl,
                "--param",
                `job_id=${job}`,
                "--param",
                'job_parameters_json={"region":"apac"}',
            ],
            env,
        );
        expect(ran.code).toBe(0);
        const { run_id: runId } = JSON.parse(ran.stdout);
        const got = await runTool(
            "tools/standIns/connectorRunner/main.ts",
            ["GetRun", "--host", started.baseUrl, "--param", `run_id=${runId}`],
            env,
        );
        expect(got.code).toBe(0);
        const run = JSON.parse(got.stdout);
        expect(run).toMatchObject({ run_id: runId, job_id: Number(job) });
        expect(run.job_parameters[0]).toEqual({ name: "region", default: "emea", value: "apac" });
    }, 30_000);

    it("prints an error object and exits 1 on failure, 2 on a usage error", async () => {
        const failed = await runTool("tools/standIns/connectorRunner/main.ts", [
            "GetRun",
            "--host",
            started.baseUrl,
            "--token",
            started.token,
            "--param",
            "run_id=42",
        ]);
        expect(failed.code).toBe(1);
        expect(JSON.parse(failed.stdout)).toMatchObject({
            error: "HTTP 400 INVALID_PARAMETER_VALUE: Run 42 does not exist.",
            status: 400,
            attempts: 1,
        });
        const usage = await runTool("tools/standIns/connectorRunner/main.ts", ["GetRun", "--param", "run_id=1"], {
            DATABRICKS_TOKEN: "t",
        });
        expect(usage.code).toBe(2);
        expect(JSON.parse(usage.stdout).error).toBe("--host is required");
        const noToken = await runTool("tools/standIns/connectorRunner/main.ts", ["GetRun", "--host", started.baseUrl], {
            DATABRICKS_TOKEN: "",
        });
        expect(noToken.code).toBe(2);
        expect(JSON.parse(noToken.stdout).error).toContain(
            "az account get-access-token --resource 2ff814a6-3304-4ab8-85cb-cd0e6f879c1d",
        );
    }, 30_000);

    it("refuses to bind the emulator beyond loopback unless asked to", async () => {
        const refused = await runTool("tools/standIns/databricksEmulator/main.ts", [
            "--port",
            "0",
            "--host",
            "0.0.0.0",
        ]);
        expect(refused.code).toBe(2);
        expect(refused.stderr).toContain("not a loopback address");
    }, 30_000);
});

describe("the emulator's main, in-process", () => {
    function context(argv: string[], untilStopped: () => Promise<void> = () => new Promise(() => undefined)) {
        const output = { stdout: "", stderr: "" };
        return {
            output,
            context: {
                argv,
                env: {},
                rootDir: REPO_ROOT,
                stdout: (text: string) => (output.stdout += text),
                stderr: (text: string) => (output.stderr += text),
                untilStopped,
            },
        };
    }

    it("serves until it is asked to stop, then closes its server and exits 0", async () => {
        let stop = (): void => undefined;
        const { output, context: running } = context(
            ["--port", "0"],
            () => new Promise<void>((resolve) => (stop = resolve)),
        );
        const exited = emulatorMain(running);
        let baseUrl = "";
        try {
            for (const deadline = Date.now() + 10_000; !output.stdout.includes("\n") && Date.now() < deadline;)
                await new Promise((resolve) => setTimeout(resolve, 10));
            baseUrl = (JSON.parse(output.stdout) as { baseUrl: string }).baseUrl;
            expect((await fetch(`${baseUrl}/api/2.2/jobs/list`)).status).toBe(401);
        } finally {
            stop();
        }
        expect(await exited).toBe(0);
        await expect(fetch(`${baseUrl}/api/2.2/jobs/list`)).rejects.toThrow();
    });

    it("refuses a fault it does not know and a port that is not one with exit code 2, starting nothing", async () => {
        const fault = context(["--fault", "explode"]);
        expect(await emulatorMain(fault.context)).toBe(2);
        expect(fault.output.stderr).toMatch(
            /^emulator: Unknown fault "explode" in X-Emulator-Fault\nUsage: npm run emulator -- --port N/,
        );
        const port = context(["--port", "http"]);
        expect(await emulatorMain(port.context)).toBe(2);
        expect(port.output.stderr).toContain("--port must be a port number (0 picks a free one)");
        expect(fault.output.stdout + port.output.stdout).toBe("");
    });
});
