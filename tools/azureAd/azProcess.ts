import { spawn } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import path from "node:path";
import { AzArgs } from "./azCommands";

/** How to start the Azure CLI without a shell. */
export interface AzLauncher {
    /** The executable: `az` on Linux and macOS; on Windows the CLI's bundled python.exe. */
    command: string;
    /** Arguments before the `az` arguments (on Windows: `-IBm azure.cli`, as az.cmd passes them). */
    prefix: string[];
    /** Extra environment (on Windows: AZ_INSTALLER=MSI, as az.cmd sets it). */
    env: Record<string, string>;
}

export type AzLookup =
    | { found: true; launcher: AzLauncher; path: string }
    | { found: false; reason: "missing" }
    | { found: false; reason: "shell-only"; path: string };

export interface FileProbe {
    isExecutableFile(file: string): boolean;
    isFile(file: string): boolean;
}

export const realFiles: FileProbe = {
    isExecutableFile(file) {
        try {
            if (!statSync(file).isFile()) return false;
            accessSync(file, constants.X_OK);
            return true;
        } catch {
            return false;
        }
    },
    isFile(file) {
        try {
            return statSync(file).isFile();
        } catch {
            return false;
        }
    },
};

function pathEntries(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string[] {
    const key = Object.keys(env).find((name) => name.toUpperCase() === "PATH");
    const value = key ? (env[key] ?? "") : "";
    return value.split(platform === "win32" ? ";" : ":").filter((entry) => entry !== "");
}

/**
 * Finds `az` on PATH. On Windows the CLI is `az.cmd`, a batch file, which Node starts only through
 * cmd.exe (a shell); the MSI's az.cmd runs `"%~dp0\..\python.exe" -IBm azure.cli %*`, so this
 * starts that python.exe directly instead. An `az.cmd` without that python.exe is reported as
 * usable only through a shell.
 */
export function findAz(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, files: FileProbe = realFiles): AzLookup {
    const paths = platform === "win32" ? path.win32 : path.posix;
    for (const dir of pathEntries(env, platform)) {
        if (platform !== "win32") {
            const candidate = paths.join(dir, "az");
            if (files.isExecutableFile(candidate))
                return { found: true, path: candidate, launcher: { command: candidate, prefix: [], env: {} } };
            continue;
        }
        const exe = paths.join(dir, "az.exe");
        if (files.isFile(exe)) return { found: true, path: exe, launcher: { command: exe, prefix: [], env: {} } };
        const cmd = paths.join(dir, "az.cmd");
        if (files.isFile(cmd)) {
            const python = paths.resolve(dir, "..", "python.exe");
            if (files.isFile(python)) {
                return {
                    found: true,
                    path: cmd,
                    launcher: { command: python, prefix: ["-IBm", "azure.cli"], env: { AZ_INSTALLER: "MSI" } },
                };
            }
            return { found: false, reason: "shell-only", path: cmd };
        }
    }
    return { found: false, reason: "missing" };
}

export interface AzResult {
    /** Exit code; 127 when the process could not be started. */
    code: number;
    stdout: string;
    stderr: string;
}

/** Runs `az` with an argument array (no shell, no string interpolation) and collects its output in memory. */
export function runAz(launcher: AzLauncher, args: AzArgs, env: NodeJS.ProcessEnv): Promise<AzResult> {
    return new Promise((resolve) => {
        const child = spawn(launcher.command, [...launcher.prefix, ...args], {
            shell: false,
            windowsHide: true,
            stdio: ["ignore", "pipe", "pipe"],
            env: { ...env, ...launcher.env },
        });
        const stdout: Buffer[] = [];
        const stderr: Buffer[] = [];
        child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
        child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
        let settled = false;
        child.on("error", (error) => {
            if (settled) return;
            settled = true;
            resolve({ code: 127, stdout: "", stderr: `could not start ${launcher.command}: ${error.message}` });
        });
        child.on("close", (code, signal) => {
            if (settled) return;
            settled = true;
            resolve({
                code: code ?? 1,
                stdout: Buffer.concat(stdout).toString("utf8"),
                stderr: Buffer.concat(stderr).toString("utf8") + (signal ? `\n(ended by signal ${signal})` : ""),
            });
        });
    });
}
