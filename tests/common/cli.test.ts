import { ChildProcess, execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CliContext, command, EXIT, LongRunningContext, parseCommandLine, UsageError } from "../../tools/common/cli";
import { REPO_ROOT } from "../../tools/common/repoPaths";

/** The one start-up every command runs through: arguments, --help, usage errors, failures, exit codes. */

interface Ran {
    code: number;
    stdout: string;
    stderr: string;
}

function fakeContext(argv: string[]): { context: CliContext; output: () => Omit<Ran, "code"> } {
    let stdout = "";
    let stderr = "";
    const context: CliContext = {
        argv,
        env: {},
        rootDir: REPO_ROOT,
        stdout: (text) => (stdout += text),
        stderr: (text) => (stderr += text),
    };
    return { context, output: () => ({ stdout, stderr }) };
}

class StaleInput extends Error {}

const greet = command({
    name: "greet",
    usage: "Usage: npm run greet -- <name> [--times N] [--shout] [--also NAME]...",
    help: "Usage: npm run greet -- <name> [--times N] [--shout] [--also NAME]...\n\nGreets people.\n",
    options: {
        times: { type: "string", default: "1" },
        shout: { type: "boolean" },
        also: { type: "string", multiple: true },
    },
    positionals: true,
    failures: [StaleInput],
    failurePrefix: "greeting failed: ",
    run({ options, positionals }, context) {
        if (positionals.length !== 1) throw new UsageError("Name one person.");
        if (positionals[0] === "stale") throw new StaleInput("the input is stale; fetch it again.");
        if (positionals[0] === "crash") throw new TypeError("a bug");
        const line = `Hello ${[positionals[0], ...options.also].join(" and ")}`;
        context.stdout(`${options.shout ? line.toUpperCase() : line}\n`.repeat(Number(options.times)));
        return EXIT.ok;
    },
});

function run(argv: string[]): Ran {
    const { context, output } = fakeContext(argv);
    const code = greet(context);
    return { code, ...output() };
}

describe("a command's main", () => {
    it("passes the options and arguments to the command and exits with its code", () => {
        expect(run(["Ada", "--times=2", "--shout", "--also", "Alan", "--also", "Grace"])).toEqual({
            code: 0,
            stdout: "HELLO ADA AND ALAN AND GRACE\n".repeat(2),
            stderr: "",
        });
        expect(run(["--", "Ada"])).toEqual({ code: 0, stdout: "Hello Ada\n", stderr: "" });
    });

    it("prints the help on stdout and exits 0 for --help and -h, running nothing", () => {
        for (const argv of [["--help"], ["-h"], ["crash", "--help"]]) {
            expect(run(argv)).toEqual({
                code: EXIT.ok,
                stdout: "Usage: npm run greet -- <name> [--times N] [--shout] [--also NAME]...\n\nGreets people.\n",
                stderr: "",
            });
        }
    });

    it("exits 2 on a usage error with the message naming the option, the usage and where the help is", () => {
        expect(run(["Ada", "--loud"])).toEqual({
            code: EXIT.usage,
            stdout: "",
            stderr: "greet: Unknown option --loud.\nUsage: npm run greet -- <name> [--times N] [--shout] [--also NAME]...\nRun npm run greet -- --help for the options.\n",
        });
        expect(run([]).stderr).toMatch(/^greet: Name one person\.\nUsage: /);
        expect(run(["Ada", "--times"])).toMatchObject({
            code: 2,
            stderr: expect.stringMatching(/^greet: --times needs a value\.\n/),
        });
    });

    it("exits 1 with the message alone for a failure the command expects, and with the stack for anything else", () => {
        expect(run(["stale"])).toEqual({
            code: EXIT.failed,
            stdout: "",
            stderr: "greeting failed: the input is stale; fetch it again.\n",
        });
        const crashed = run(["crash"]);
        expect(crashed.code).toBe(EXIT.failed);
        expect(crashed.stderr).toMatch(/^greet: TypeError: a bug\n\s+at /);
    });

    it("does the same for a command that runs asynchronously", async () => {
        const later = command({
            name: "tools/later.ts",
            usage: "Usage: tsx tools/later.ts",
            help: "Usage: tsx tools/later.ts\nWaits.",
            options: {},
            async run() {
                await new Promise((resolve) => setImmediate(resolve));
                throw new RangeError("out of time");
            },
        });
        const crashed = fakeContext([]);
        expect(await later(crashed.context)).toBe(EXIT.failed);
        expect(crashed.output().stderr).toMatch(/^tools\/later\.ts: RangeError: out of time\n/);
        const wrong = fakeContext(["extra"]);
        expect(await later(wrong.context)).toBe(EXIT.usage);
        expect(wrong.output().stderr).toBe(
            'tools/later.ts: Unexpected argument "extra".\nUsage: tsx tools/later.ts\nRun tsx tools/later.ts --help for the options.\n',
        );
    });

    it("also reports failures where the command's callers look, when it asks to", () => {
        const reported: string[] = [];
        const strict = command({
            name: "strict",
            usage: "Usage: npm run strict",
            options: {},
            onFailure: (error) => reported.push((error as Error).message),
            run: () => EXIT.ok,
        });
        const { context, output } = fakeContext(["--what"]);
        expect(strict(context)).toBe(EXIT.usage);
        expect(reported).toEqual(["Unknown option --what."]);
        expect(output().stderr).toBe("strict: Unknown option --what.\nUsage: npm run strict\n");
    });

    it("runs a long-running command until it is asked to stop", async () => {
        let stop = (): void => undefined;
        const events: string[] = [];
        const serve = command({
            name: "serve",
            usage: "Usage: npm run serve",
            options: {},
            async run(_commandLine, context: LongRunningContext) {
                events.push("started");
                await context.untilStopped();
                events.push("closed");
                return EXIT.ok;
            },
        });
        const { context } = fakeContext([]);
        const running = serve({ ...context, untilStopped: () => new Promise<void>((resolve) => (stop = resolve)) });
        await new Promise((resolve) => setImmediate(resolve));
        expect(events).toEqual(["started"]);
        stop();
        expect(await running).toBe(EXIT.ok);
        expect(events).toEqual(["started", "closed"]);
    });
});

describe("parseCommandLine", () => {
    const specs = {
        out: { type: "string" },
        param: { type: "string", multiple: true },
        "dry-run": { type: "boolean" },
        mode: { type: "string", default: "fast" },
    } as const;
    const refusal = (argv: string[], rules = {}) => {
        try {
            parseCommandLine(argv, specs, rules);
        } catch (error) {
            expect(error).toBeInstanceOf(UsageError);
            return (error as Error).message;
        }
        throw new Error(`${JSON.stringify(argv)} was accepted`);
    };

    it("gives flags false, lists [], values undefined or their default when absent", () => {
        expect(parseCommandLine([], specs)).toEqual({
            options: { out: undefined, param: [], "dry-run": false, mode: "fast" },
            positionals: [],
            help: false,
        });
        expect(
            parseCommandLine(
                ["--out=a b", "--param", "x=1", "--param=y=2", "--dry-run", "--mode", "slow", "-h"],
                specs,
            ),
        ).toEqual({
            options: { out: "a b", param: ["x=1", "y=2"], "dry-run": true, mode: "slow" },
            positionals: [],
            help: true,
        });
    });

    it("refuses what the command does not take, naming the option or argument", () => {
        expect(refusal(["--outdir", "x"])).toBe("Unknown option --outdir.");
        expect(refusal(["-x"])).toBe("Unknown option -x.");
        expect(refusal(["--out"])).toBe("--out needs a value.");
        expect(refusal(["--out", "--dry-run"])).toBe(
            '--out needs a value (one that starts with "-" is written --out=<value>).',
        );
        expect(refusal(["--dry-run=yes"])).toBe("--dry-run takes no value.");
        expect(refusal(["--out", "a", "--out=b"])).toBe("--out is given more than once.");
        expect(refusal(["extra"])).toBe('Unexpected argument "extra".');
        expect(parseCommandLine(["--out=-1"], specs).options.out).toBe("-1");
    });

    it("keeps arguments for commands that take them, and leaves unknown options to commands that pass them on", () => {
        expect(parseCommandLine(["a", "--", "--out"], specs, { positionals: true }).positionals).toEqual([
            "a",
            "--out",
        ]);
        expect(refusal(["a", "--bogus"], { positionals: true })).toBe("Unknown option --bogus.");
        const passed = parseCommandLine(["--noColor", "--out", "dir", "--outDir", "C:\\out", "watch"], specs, {
            passThrough: true,
        });
        expect(passed).toMatchObject({ options: { out: "dir" }, positionals: ["C:\\out", "watch"] });
    });
});

describe("runAsProcess", () => {
    let dir: string;
    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), "cli-start-up-"));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    /** A command file run with tsx as Node's loader (so that a signal reaches it, not tsx's relay), with the exit code and both streams. */
    function runScript(source: string, argv: string[], started?: (child: ChildProcess) => void): Promise<Ran> {
        const script = join(dir, "command.ts");
        writeFileSync(script, source.replace("CLI", JSON.stringify(join(REPO_ROOT, "tools", "common", "cli"))));
        return new Promise((resolve) => {
            const child = execFile(
                process.execPath,
                ["--import", "tsx", script, ...argv],
                { cwd: REPO_ROOT, timeout: 30_000 },
                (error, stdout, stderr) => {
                    resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
                },
            );
            child.stdout?.once("data", () => started?.(child));
        });
    }

    const SCRIPT = `import { command, runAsProcess, UsageError } from CLI;
const main = command({
    name: "sample",
    usage: "Usage: sample [--code N]",
    options: { code: { type: "string", default: "0" } },
    async run({ options }, context) {
        if (options.code === "boom") throw new Error("boom");
        if (!/^\\d+$/.test(options.code)) throw new UsageError("--code takes a number.");
        context.stdout("x".repeat(200000) + "\\n");
        return Number(options.code);
    },
});
runAsProcess(main);
`;

    it("exits with main's code once all of stdout is written", async () => {
        for (const code of [0, 1]) {
            const ran = await runScript(SCRIPT, ["--code", String(code)]);
            expect([ran.code, ran.stdout.length, ran.stderr]).toEqual([code, 200001, ""]);
        }
    }, 60_000);

    it("exits 2 on a usage error and 1 with the stack on an exception", async () => {
        const usage = await runScript(SCRIPT, ["--code", "many"]);
        expect([usage.code, usage.stderr]).toEqual([2, "sample: --code takes a number.\nUsage: sample [--code N]\n"]);
        const crashed = await runScript(SCRIPT, ["--code", "boom"]);
        expect(crashed.code).toBe(1);
        expect(crashed.stderr).toMatch(/^sample: Error: boom\n\s+at /);
    }, 60_000);

    it("keeps a long-running command going until SIGTERM, then lets it close and exit 0", async () => {
        const serve = `import { command, runAsProcess } from CLI;
runAsProcess(command({
    name: "serve",
    usage: "Usage: serve",
    options: {},
    async run(_commandLine, context) {
        const stopped = context.untilStopped();
        context.stdout("started\\n");
        await stopped;
        await new Promise((resolve) => setTimeout(resolve, 50));
        context.stdout("closed\\n");
        return 0;
    },
}));
`;
        const ran = await runScript(serve, [], (child) => child.kill("SIGTERM"));
        expect([ran.code, ran.stdout, ran.stderr]).toEqual([0, "started\nclosed\n", ""]);
    }, 60_000);
});
