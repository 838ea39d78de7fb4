import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findMonoToolchain } from "./monoToolchain";
import { problem, Problem } from "../model/problem";
import { SCRIPT_CASES, ScriptCase } from "./scriptCases";

const STAND_INS = join(__dirname, "csharp");
const SCRIPT_FILE = "script.csx";
const RULE = "script-csx";
/** Check 5, by the name summaries give it when it is skipped. */
export const SCRIPT_CHECK_NAME = "script.csx compile and cases";

/**
 * Compiles script.csx with the ScriptBase stand-in and the test driver under Mono, runs the
 * shared script cases, and reports the compiler's or the driver's own words for each failure.
 */
export function checkScript(
    scriptSource: string,
    cases: ScriptCase[] = SCRIPT_CASES,
    env: NodeJS.ProcessEnv = process.env,
): Problem[] {
    const toolchain = findMonoToolchain(env);
    if (typeof toolchain === "string") return [problem(SCRIPT_FILE, "", RULE, toolchain)];

    const workDir = mkdtempSync(join(tmpdir(), "connector-script-"));
    try {
        // mcs compiles by content, but wants a .cs name to treat the file as C# source.
        writeFileSync(join(workDir, "Script.cs"), scriptSource);
        const driver = join(workDir, "ScriptTests.exe");
        const compile = run(toolchain.compiler, [
            "-nologo",
            "-langversion:7",
            "-warnaserror+",
            "-target:exe",
            `-out:${driver}`,
            "-r:System.Net.Http.dll",
            `-r:${toolchain.newtonsoftJson}`,
            join(workDir, "Script.cs"),
            join(STAND_INS, "ScriptBase.cs"),
            join(STAND_INS, "ScriptTestDriver.cs"),
        ]);
        if (compile.failed) {
            return compilerLines(compile.output).map((line) =>
                problem(SCRIPT_FILE, "", RULE, `does not compile: ${line}`),
            );
        }

        const casesFile = join(workDir, "cases.json");
        writeFileSync(casesFile, JSON.stringify(cases));
        const tests = run(toolchain.runtime, [driver, casesFile]);
        const failures = tests.output.split("\n").filter((line) => line.startsWith("FAIL "));
        if (failures.length > 0) return failures.map((line) => problem(SCRIPT_FILE, "", RULE, line.slice(5)));
        if (tests.failed) return [problem(SCRIPT_FILE, "", RULE, `the script tests failed: ${tests.output.trim()}`)];
        return [];
    } finally {
        rmSync(workDir, { recursive: true, force: true });
    }
}

function run(command: string, args: string[]): { failed: boolean; output: string } {
    try {
        const output = execFileSync(command, args, {
            encoding: "utf8",
            stdio: ["ignore", "pipe", "pipe"],
            timeout: 60_000,
        });
        return { failed: false, output };
    } catch (error) {
        const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
        return { failed: true, output: `${stdout}${stderr}` };
    }
}

function compilerLines(output: string): string[] {
    const errors = output.split("\n").filter((line) => /error CS\d+/.test(line));
    return (errors.length > 0 ? errors : [output.trim()]).map((line) =>
        line.replace(/^.*[\\/]Script\.cs/, SCRIPT_FILE),
    );
}
