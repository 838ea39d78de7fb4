import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import JSZip from "jszip";
import { create } from "xmlbuilder2";

export interface ZipEntry {
    path: string;
    data: Buffer;
}

export const CONTENT_TYPES_ENTRY = "[Content_Types].xml";

/**
 * Every entry's time: 1980-01-01 00:00:00 UTC, the earliest time a zip can hold. A fixed time and a
 * fixed entry order make two packs of the same inputs byte-identical.
 */
export const FIXED_ENTRY_TIME = new Date(Date.UTC(1980, 0, 1, 0, 0, 0));

/**
 * [Content_Types].xml as Dataverse exports it: a UTF-8 byte order mark, the XML declaration, one
 * line, a <Default> for each file extension in order of first appearance (spelled as the first entry
 * spells it, e.g. "Png"), and an <Override> for each entry without an extension.
 */
export function contentTypesXml(entryPaths: readonly string[]): Buffer {
    const types = create({ version: "1.0", encoding: "utf-8" }).ele(
        "http://schemas.openxmlformats.org/package/2006/content-types",
        "Types",
    );
    const seen = new Set<string>();
    const overrides: string[] = [];
    for (const path of [...entryPaths, CONTENT_TYPES_ENTRY]) {
        const name = basename(path);
        const dot = name.lastIndexOf(".");
        if (dot <= 0) {
            overrides.push(path);
            continue;
        }
        const extension = name.slice(dot + 1);
        if (seen.has(extension.toLowerCase())) continue;
        seen.add(extension.toLowerCase());
        types.ele("Default", { Extension: extension, ContentType: "application/octet-stream" });
    }
    for (const path of overrides)
        types.ele("Override", { PartName: `/${path}`, ContentType: "application/octet-stream" });
    const xml = types.end({ prettyPrint: false, spaceBeforeSlash: true });
    return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml, "utf8")]);
}

/** A zip of the entries in the given order: deflated, fixed times, no directory entries. */
export async function zipEntries(entries: readonly ZipEntry[]): Promise<Buffer> {
    const zip = new JSZip();
    for (const entry of entries) {
        zip.file(entry.path, entry.data, { binary: true, createFolders: false, date: FIXED_ENTRY_TIME });
    }
    return zip.generateAsync({
        type: "nodebuffer",
        compression: "DEFLATE",
        compressionOptions: { level: 9 },
        platform: "DOS",
    });
}

export function sha256(data: Buffer): string {
    return createHash("sha256").update(data).digest("hex");
}

const TEMP_MARK = ".partial-";

/**
 * Writes every file or none: each goes to a temporary file beside its target first, and only when
 * all are written are they renamed into place. A failure removes what this call wrote.
 */
export function writeAllOrNothing(files: ReadonlyArray<{ path: string; data: Buffer }>): void {
    const written: Array<{ temp: string; target: string }> = [];
    try {
        for (const { path, data } of files) {
            const temp = `${path}${TEMP_MARK}${process.pid}`;
            written.push({ temp, target: path });
            writeFileSync(temp, data);
        }
        for (const { temp, target } of written) renameSync(temp, target);
    } catch (error) {
        for (const { temp, target } of written) {
            rmSync(temp, { force: true });
            rmSync(target, { force: true });
        }
        throw error;
    }
}

/** Removes the partial files an interrupted pack left in the output folder, and the given stale targets. */
export function clearStaleOutput(outDir: string, targets: readonly string[] = []): void {
    if (existsSync(outDir)) {
        for (const entry of readdirSync(outDir)) {
            if (entry.includes(TEMP_MARK)) rmSync(join(outDir, entry), { force: true });
        }
    }
    for (const target of targets) rmSync(target, { force: true });
}

export function ensureDir(dir: string): void {
    mkdirSync(dir, { recursive: true });
}
