import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_PATHS } from "../../build/solution/paths";
import { REPO_ROOT } from "../../common/repoPaths";

export const CONTROL_OUTPUT = join(REPO_ROOT, DEFAULT_PATHS.control);
const PCF_START = join(REPO_ROOT, "node_modules", "pcf-start", "bin", "pcf-start.js");

export interface RunningHarness {
    url: string;
    stop(): Promise<void>;
}

/**
 * Starts Microsoft's PCF test harness (pcf-start) on the production build of the control. pcf-start
 * always asks for port 8181; its server (browser-sync) moves to the next free port when that one is
 * taken, and prints the port it got.
 */
export async function startPcfHarness(timeoutMs = 60_000): Promise<RunningHarness> {
    if (!existsSync(join(CONTROL_OUTPUT, "bundle.js"))) {
        throw new Error(`No control build in ${CONTROL_OUTPUT}: run npm run build first.`);
    }
    const child = spawn(process.execPath, [PCF_START, "--codePath", CONTROL_OUTPUT], {
        cwd: REPO_ROOT,
        env: { ...process.env, PP_TOOLS_TELEMETRY_OPTOUT: "true" },
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
    });
    let output = "";
    const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(
            () => reject(new Error(`pcf-start did not start within ${timeoutMs} ms:\n${output}`)),
            timeoutMs,
        );
        const onData = (chunk: Buffer) => {
            output += chunk.toString();
            const match = /Local:\s+(http:\/\/localhost:\d+)/.exec(output);
            if (match) {
                clearTimeout(timer);
                resolve(match[1].replace("localhost", "127.0.0.1"));
            }
        };
        child.stdout?.on("data", onData);
        child.stderr?.on("data", onData);
        child.on("exit", (code) => {
            clearTimeout(timer);
            reject(new Error(`pcf-start exited with code ${code}:\n${output}`));
        });
    });
    return { url, stop: () => stopProcessGroup(child) };
}

function stopProcessGroup(child: ChildProcess): Promise<void> {
    return new Promise((resolve) => {
        if (child.exitCode !== null || child.pid === undefined) return resolve();
        child.once("exit", () => resolve());
        try {
            process.kill(-child.pid, "SIGTERM");
        } catch {
            resolve();
        }
    });
}
