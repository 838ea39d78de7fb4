import JSZip from "jszip";

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

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const METHOD_NAMES: Record<number, string> = { 0: "store", 8: "deflate" };
const UTF8_NAME_FLAG = 0x0800;

/**
 * The archive's entries as its central directory lists them, in that order. Read directly rather
 * than through JSZip because the compression method of each entry is part of the listing.
 */
export function listZipEntries(archive: Buffer): ZipListingEntry[] {
    const end = findEndOfCentralDirectory(archive);
    const count = archive.readUInt16LE(end + 10);
    const directoryOffset = archive.readUInt32LE(end + 16);
    if (count === 0xffff || directoryOffset === 0xffffffff)
        throw new ZipReadError("is a ZIP64 archive, which this tool does not read");
    const entries: ZipListingEntry[] = [];
    let offset = directoryOffset;
    for (let index = 0; index < count; index += 1) {
        if (offset + 46 > archive.length || archive.readUInt32LE(offset) !== CENTRAL_FILE_HEADER) {
            throw new ZipReadError(`has a damaged central directory (entry ${index + 1} of ${count})`);
        }
        const flags = archive.readUInt16LE(offset + 8);
        const method = archive.readUInt16LE(offset + 10);
        const uncompressedSize = archive.readUInt32LE(offset + 24);
        const nameLength = archive.readUInt16LE(offset + 28);
        const extraLength = archive.readUInt16LE(offset + 30);
        const commentLength = archive.readUInt16LE(offset + 32);
        const nameBytes = archive.subarray(offset + 46, offset + 46 + nameLength);
        const name = nameBytes.toString(flags & UTF8_NAME_FLAG ? "utf8" : "latin1");
        entries.push({ name, uncompressedSize, method: METHOD_NAMES[method] ?? `method ${method}` });
        offset += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
}

/** The listing as a text file: one line per entry, name, uncompressed size and method separated by tabs. */
export function zipListingText(archive: Buffer): string {
    return listZipEntries(archive)
        .map((entry) => `${entry.name}\t${entry.uncompressedSize}\t${entry.method}\n`)
        .join("");
}

function findEndOfCentralDirectory(archive: Buffer): number {
    // The record is 22 bytes and may be followed by a comment of up to 65,535 bytes.
    const lowest = Math.max(0, archive.length - 22 - 0xffff);
    for (let offset = archive.length - 22; offset >= lowest; offset -= 1) {
        if (archive.readUInt32LE(offset) === END_OF_CENTRAL_DIRECTORY) return offset;
    }
    throw new ZipReadError("is not a zip archive (no end of central directory record)");
}
