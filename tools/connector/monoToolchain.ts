import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

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

const PKG_CONFIG_DIRS = ["/usr/lib/pkgconfig", "/usr/share/pkgconfig", "/usr/local/lib/pkgconfig", "/usr/lib/x86_64-linux-gnu/pkgconfig"];
const NEWTONSOFT_GAC = "/usr/lib/mono/gac/Newtonsoft.Json";
const INSTALL_HINT = "apt-get install -y mono-mcs mono-devel libnewtonsoft-json-cil-dev";

export function findMonoToolchain(env: NodeJS.ProcessEnv = process.env): MonoToolchain | string {
    const compiler = findOnPath("mcs", env);
    const runtime = findOnPath("mono", env);
    if (!compiler || !runtime) return `Mono's mcs and mono are not installed (${INSTALL_HINT}).`;
    const newtonsoftJson = env.NEWTONSOFT_JSON_DLL ?? findNewtonsoftJson();
    if (!newtonsoftJson || !existsSync(newtonsoftJson)) {
        return `Newtonsoft.Json.dll was not found (${INSTALL_HINT}, or set NEWTONSOFT_JSON_DLL).`;
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
    return versions.map((version) => join(NEWTONSOFT_GAC, version, "Newtonsoft.Json.dll")).find((path) => existsSync(path));
}

/** The `-r:` paths of a pkg-config file's Libs line, with ${variables} expanded. */
export function referencesInPkgConfig(text: string): string[] {
    const variables = new Map<string, string>();
    const expand = (value: string): string => value.replace(/\$\{(\w+)\}/g, (_, name: string) => variables.get(name) ?? "");
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
    try {
        return execFileSync("which", [command], { env, encoding: "utf8" }).trim() || undefined;
    } catch {
        return undefined;
    }
}
