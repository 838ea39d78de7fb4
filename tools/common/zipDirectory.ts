import { fromBufferPromise } from "yauzl";

/** One entry of a zip archive as its central directory records it. */
export interface ZipDirectoryEntry {
    name: string;
    /** 0 stored, 8 deflated. */
    method: number;
    uncompressedSize: number;
    /** The MS-DOS time and date fields, as written. */
    dosTime: number;
    dosDate: number;
}

const UTF8_NAME_FLAG = 0x0800;

/**
 * The entries of an archive in central-directory order, read by yauzl. JSZip, which the project uses
 * to write and to inflate, keeps neither the order nor the compression method it read.
 */
export async function readZipDirectory(archive: Buffer): Promise<ZipDirectoryEntry[]> {
    // Names as written: yauzl's decoding would turn the backslashes of a canvas app's entries into slashes.
    const zip = await fromBufferPromise(archive, { lazyEntries: true, decodeStrings: false });
    const entries: ZipDirectoryEntry[] = [];
    for await (const entry of zip.eachEntry()) {
        const rawName = entry.fileName as unknown as Buffer;
        entries.push({
            name: rawName.toString(entry.generalPurposeBitFlag & UTF8_NAME_FLAG ? "utf8" : "latin1"),
            method: entry.compressionMethod,
            uncompressedSize: entry.uncompressedSize,
            dosTime: entry.lastModFileTime,
            dosDate: entry.lastModFileDate,
        });
    }
    return entries;
}
