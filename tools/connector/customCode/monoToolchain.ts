import { accessSync, constants, existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { delimiter, join } from "node:path";
import { SkippedCheck } from "../../reference/skippedChecks";

/**
 * Finds Mono's compiler and Newtonsoft.Json.dll. Debian's libnewtonsoft-json-cil-dev installs the
 * DLL under a versioned folder (/usr/lib/cli/Newtonsoft.Json-5.0/ for 6.0.8) and says where in its
 * pkg-config file, so read that file instead of guessing the folder; the GAC copy is the fallback.
 */

export interface MonoToolchain {
    compiler: string;
    runtime: string;
    newtonsoftJson: string;
}

const PKG_CONFIG_DIRS = [
    "/usr/lib/pkgconfig",
    "/usr/share/pkgconfig",
    "/usr/local/lib/pkgconfig",
    "/usr/lib/x86_64-linux-gnu/pkgconfig",
];
const NEWTONSOFT_GAC = "/usr/lib/mono/gac/Newtonsoft.Json";
export const MONO_INSTALL_COMMAND = "apt-get install -y mono-mcs mono-devel libnewtonsoft-json-cil-dev";

/** What is missing for compiling script.csx, as a reason and what to do about it. */
interface MissingMono {
    reason: string;
    remedy: string;
}

export function findMonoToolchain(env: NodeJS.ProcessEnv = process.env): MonoToolchain | string {
    const found = locateMono(env);
    return "reason" in found ? `${found.reason} (${found.remedy}).` : found;
}

/** Why script.csx cannot be compiled here (check `name`), or undefined when Mono is ready. */
export function monoSkip(name: string, env: NodeJS.ProcessEnv = process.env): SkippedCheck | undefined {
    const found = locateMono(env);
    return "reason" in found ? { name, reason: found.reason, remedy: found.remedy, cause: "tool" } : undefined;
}

function locateMono(env: NodeJS.ProcessEnv): MonoToolchain | MissingMono {
    const compiler = findOnPath("mcs", env);
    const runtime = findOnPath("mono", env);
    if (!compiler || !runtime) return { reason: "Mono not installed", remedy: MONO_INSTALL_COMMAND };
    const newtonsoftJson = env.NEWTONSOFT_JSON_DLL ?? findNewtonsoftJson();
    if (!newtonsoftJson || !existsSync(newtonsoftJson)) {
        return {
            reason: "Newtonsoft.Json.dll not found",
            remedy: `${MONO_INSTALL_COMMAND}, or set NEWTONSOFT_JSON_DLL`,
        };
    }
    return { compiler, runtime, newtonsoftJson };
}

export function findNewtonsoftJson(): string | undefined {
    for (const dir of PKG_CONFIG_DIRS) {
        const pcFile = join(dir, "newtonsoft-json.pc");
        if (!existsSync(pcFile)) continue;
        const reference = referencesInPkgConfig(readFileSync(pcFile, "utf8")).find((path) => existsSync(path));
        if (reference) return reference;
    }
    if (!existsSync(NEWTONSOFT_GAC)) return undefined;
    const versions = readdirSync(NEWTONSOFT_GAC).sort().reverse();
    return versions
        .map((version) => join(NEWTONSOFT_GAC, version, "Newtonsoft.Json.dll"))
        .find((path) => existsSync(path));
}

/** The `-r:` paths of a pkg-config file's Libs line, with ${variables} expanded. */
export function referencesInPkgConfig(text: string): string[] {
    const variables = new Map<string, string>();
    const expand = (value: string): string =>
        value.replace(/\$\{(\w+)\}/g, (_, name: string) => variables.get(name) ?? "");
    let libs = "";
    for (const line of text.split(/\r?\n/)) {
        const variable = /^(\w+)=(.*)$/.exec(line);
        if (variable) variables.set(variable[1], expand(variable[2].trim()));
        const field = /^Libs:\s*(.*)$/.exec(line);
        if (field) libs = expand(field[1]);
    }
    return libs
        .split(/\s+/)
        .filter((part) => part.startsWith("-r:"))
        .map((part) => part.slice(3));
}

function findOnPath(command: string, env: NodeJS.ProcessEnv): string | undefined {
    for (const dir of (env.PATH ?? "").split(delimiter)) {
        if (dir === "") continue;
        const candidate = join(dir, command);
        try {
            accessSync(candidate, constants.X_OK);
            if (statSync(candidate).isFile()) return candidate;
        } catch {
            // not in this folder
        }
    }
    return undefined;
}
