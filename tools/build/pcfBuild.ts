import { spawn } from "node:child_process";

/**
 * pcf-scripts exits 0 even when its build failed: it only prints "[build] Failed". A build counts as
 * succeeded only when the process exited 0 *and* printed "[build] Succeeded" and not "[build] Failed".
 */
export function judgeBuild(exitCode: number | null, output: string): { ok: true } | { ok: false; reason: string } {
    if (exitCode !== 0) {
        return { ok: false, reason: `pcf-scripts exited with code ${exitCode}` };
    }
    if (/\[build\] Failed/.test(output)) {
        return { ok: false, reason: 'pcf-scripts printed "[build] Failed" (and still exited 0)' };
    }
    if (!/\[build\] Succeeded/.test(output)) {
        return { ok: false, reason: 'pcf-scripts did not print "[build] Succeeded"' };
    }
    return { ok: true };
}

/** Runs a command, echoing its output, and returns the exit code with everything it printed. */
export function runEchoed(
    command: string,
    args: readonly string[],
    env: NodeJS.ProcessEnv = process.env,
): Promise<{ exitCode: number | null; output: string }> {
    return new Promise((resolve, reject) => {
        const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
        let output = "";
        child.stdout.on("data", (chunk: Buffer) => {
            output += chunk.toString();
            process.stdout.write(chunk);
        });
        child.stderr.on("data", (chunk: Buffer) => {
            output += chunk.toString();
            process.stderr.write(chunk);
        });
        child.on("error", reject);
        child.on("close", (exitCode) => resolve({ exitCode, output }));
    });
}

/** Environment for every pcf-scripts run: Microsoft's tools send telemetry unless told not to. */
export function pcfEnvironment(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
    return { ...base, PP_TOOLS_TELEMETRY_OPTOUT: "true" };
}

export const PCF_SCRIPTS = require.resolve("pcf-scripts/bin/pcf-scripts.js");
