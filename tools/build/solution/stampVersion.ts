/**
 * `npm run stamp-version` (and npm's `version` hook, so `npm version 1.2.3` does it): writes
 * package.json's version into the sources that carry their own copy, each in the form it needs —
 * the control manifest (x.y.z), Solution.xml (x.y.z.0) and the connector's info.version (x.y.z).
 * Only the version text changes; the rest of each file stays byte for byte.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import { PackError } from "./errors";
import { productVersions, readPackageVersion } from "./version";
import { command, EXIT, runAsProcess } from "../../common/cli";

export interface VersionedSource {
    file: string;
    read(text: string): string | undefined;
    write(text: string, version: string): string;
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@" });

/** Replaces the one occurrence of `pattern` (whose group 2 is the version) and checks the result reads back. */
function replaceOnce(text: string, pattern: RegExp, version: string, file: string): string {
    const matches = text.match(new RegExp(pattern.source, "g")) ?? [];
    if (matches.length !== 1) throw new PackError(`${file}: expected one version to stamp, found ${matches.length}.`);
    return text.replace(
        pattern,
        (_match, before: string, _old: string, after: string) => `${before}${version}${after}`,
    );
}

export const VERSIONED_SOURCES: Record<"control" | "solution" | "connector", VersionedSource> = {
    control: {
        file: join("TriggerControl", "ControlManifest.Input.xml"),
        read: (text) =>
            (parser.parse(text) as { manifest?: { control?: { "@version"?: string } } }).manifest?.control?.[
                "@version"
            ],
        write(text, version) {
            return replaceOnce(text, /(<control\b[^>]*?\sversion=")([^"]*)(")/, version, this.file);
        },
    },
    solution: {
        file: join("solution", "src", "Other", "Solution.xml"),
        read: (text) =>
            String(
                (parser.parse(text) as { ImportExportXml?: { SolutionManifest?: { Version?: unknown } } })
                    .ImportExportXml?.SolutionManifest?.Version ?? "",
            ),
        write(text, version) {
            return replaceOnce(text, /(<SolutionManifest>[\s\S]*?<Version>)([^<]*)(<\/Version>)/, version, this.file);
        },
    },
    connector: {
        file: join("connector", "apiDefinition.swagger.json"),
        read: (text) => (JSON.parse(text) as { info?: { version?: string } }).info?.version,
        write(text, version) {
            return replaceOnce(text, /("info"\s*:\s*\{[\s\S]*?"version"\s*:\s*")([^"]*)(")/, version, this.file);
        },
    },
};

/** Stamps the sources under `rootDir`; returns the files it changed. */
export function stampVersion(rootDir: string): string[] {
    const versions = productVersions(readPackageVersion(rootDir));
    const changed: string[] = [];
    for (const [part, source] of Object.entries(VERSIONED_SOURCES) as [
        keyof typeof VERSIONED_SOURCES,
        VersionedSource,
    ][]) {
        const path = join(rootDir, source.file);
        const text = readFileSync(path, "utf8");
        const wanted = versions[part];
        if (source.read(text) === wanted) continue;
        const stamped = source.write(text, wanted);
        if (source.read(stamped) !== wanted)
            throw new PackError(`${source.file}: the version did not read back as ${wanted} after stamping.`);
        writeFileSync(path, stamped);
        changed.push(source.file);
    }
    return changed;
}

export const main = command({
    name: "stamp-version",
    usage: "Usage: npm run stamp-version   (npm version <x.y.z> runs it)",
    options: {},
    failures: [PackError],
    run(_commandLine, context) {
        const changed = stampVersion(context.rootDir);
        context.stdout(
            changed.length === 0 ? "Versions already match package.json.\n" : `Stamped ${changed.join(", ")}.\n`,
        );
        return EXIT.ok;
    },
});

if (require.main === module) runAsProcess(main);
