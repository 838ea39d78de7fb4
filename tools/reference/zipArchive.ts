import JSZip from "jszip";
import { readZipDirectory, type ZipDirectoryEntry } from "../common/zipDirectory";

/** Reading the zip archives some reference files come out of: one entry, or the list of entries. */

export class ZipReadError extends Error {}

/** The bytes of one entry, its CRC-32 checked. */
export async function readZipEntry(archive: Buffer, entryName: string): Promise<Buffer> {
    let zip: JSZip;
    try {
        zip = await JSZip.loadAsync(archive, { checkCRC32: true });
    } catch (error) {
        throw new ZipReadError(`is not a readable zip archive (${(error as Error).message})`);
    }
    const entry = zip.files[entryName];
    if (entry === undefined || entry.dir) throw new ZipReadError(`has no entry "${entryName}"`);
    try {
        return await entry.async("nodebuffer");
    } catch (error) {
        throw new ZipReadError(`has a damaged entry "${entryName}" (${(error as Error).message})`);
    }
}

export interface ZipListingEntry {
    name: string;
    uncompressedSize: number;
    method: string;
}

const METHOD_NAMES: Record<number, string> = { 0: "store", 8: "deflate" };

/** The archive's entries as its central directory lists them, in that order. */
export async function listZipEntries(archive: Buffer): Promise<ZipListingEntry[]> {
    let entries: ZipDirectoryEntry[];
    try {
        entries = await readZipDirectory(archive);
    } catch (error) {
        throw new ZipReadError(`is not a readable zip archive (${(error as Error).message})`);
    }
    return entries.map((entry) => ({
        name: entry.name,
        uncompressedSize: entry.uncompressedSize,
        method: METHOD_NAMES[entry.method] ?? `method ${entry.method}`,
    }));
}

/** The listing as a text file: one line per entry, name, uncompressed size and method separated by tabs. */
export async function zipListingText(archive: Buffer): Promise<string> {
    return (await listZipEntries(archive))
        .map((entry) => `${entry.name}\t${entry.uncompressedSize}\t${entry.method}\n`)
        .join("");
}
