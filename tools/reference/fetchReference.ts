import { createHash, randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { DEFAULT_DOWNLOAD_OPTIONS, download, DownloadError, DownloadOptions } from "./download";
import { FetchableFile, isFetchable, ReferenceFile, sourceUrl } from "./sources";
import { readZipEntry, ZipReadError, zipListingText } from "./zipArchive";

/**
 * Downloads every fetchable reference file from its public source at the pinned commit, checks its
 * SHA-256 and only then puts it in place (temporary file in the same folder, then rename), so a
 * failed file leaves nothing behind. One failure does not stop the others.
 */

export interface FetchSettings {
    outDir: string;
    /** Stands in for https://raw.githubusercontent.com: <base>/<owner>/<name>/<commit>/<path>. */
    sourceBase: string;
    download?: DownloadOptions;
    /** Called once per file, in list order, as soon as its outcome is known. */
    onOutcome?: (outcome: FileOutcome) => void;
}

export type FileOutcome =
    | { status: "fetched"; file: ReferenceFile; url: string; replacedMismatch: boolean }
    | { status: "present"; file: ReferenceFile }
    | { status: "not-fetchable"; file: ReferenceFile; reason: string }
    | { status: "failed"; file: ReferenceFile; url?: string; message: string };

export function sha256Of(bytes: Buffer): string {
    return createHash("sha256").update(bytes).digest("hex");
}

export async function fetchReferenceData(
    files: readonly ReferenceFile[],
    settings: FetchSettings,
): Promise<FileOutcome[]> {
    const outDir = resolve(settings.outDir);
    const downloads = new Map<string, Promise<Buffer>>();
    const unreachableHosts = new Map<string, DownloadError>();
    // An archive that several files come out of is downloaded once per run, and a failed one is not
    // tried again; nor is a host that could not be reached at all (offline, DNS, refused), for any file.
    const downloadOnce = (url: string): Promise<Buffer> => {
        let pending = downloads.get(url);
        if (!pending) {
            const host = new URL(url).host;
            const earlier = unreachableHosts.get(host);
            pending = earlier
                ? Promise.reject(
                      new DownloadError(
                          `${url} was not tried, since ${host} could not be reached for an earlier file`,
                          url,
                          0,
                          true,
                      ),
                  )
                : download(url, settings.download ?? DEFAULT_DOWNLOAD_OPTIONS).catch((error: unknown) => {
                      if (error instanceof DownloadError && error.hostUnreachable) unreachableHosts.set(host, error);
                      throw error;
                  });
            pending.catch(() => undefined);
            downloads.set(url, pending);
        }
        return pending;
    };
    const outcomes: FileOutcome[] = [];
    for (const file of files) {
        const outcome = isFetchable(file)
            ? await fetchOne(file, outDir, settings.sourceBase, downloadOnce)
            : notFetchable(file);
        outcomes.push(outcome);
        settings.onOutcome?.(outcome);
    }
    return outcomes;
}

function notFetchable(file: ReferenceFile): FileOutcome {
    return { status: "not-fetchable", file, reason: file.notFetchable ?? "no pinned commit is known" };
}

async function fetchOne(
    file: FetchableFile,
    outDir: string,
    sourceBase: string,
    downloadOnce: (url: string) => Promise<Buffer>,
): Promise<FileOutcome> {
    const target = resolve(outDir, ...file.path.split("/"));
    if (relative(outDir, target).startsWith("..") || !target.startsWith(outDir + sep)) {
        return { status: "failed", file, message: `${file.path}: the path leaves ${outDir}; nothing was written.` };
    }
    const existing = existsSync(target) ? sha256Of(readFileSync(target)) : undefined;
    if (existing === file.sha256) return { status: "present", file };

    const url = sourceUrl(sourceBase, file.source);
    const failed = (message: string): FileOutcome => {
        const stale =
            existing === undefined
                ? ""
                : ` The copy already at ${target} has SHA-256 ${existing}, not the listed one; it was left as it was.`;
        return { status: "failed", file, url, message: `${file.path}: ${message}${stale}` };
    };
    let bytes: Buffer;
    try {
        bytes = await downloadOnce(url);
    } catch (error) {
        if (error instanceof DownloadError) return failed(`${error.message}. Nothing was written.`);
        throw error;
    }
    let content: Buffer;
    let what = `the download from ${url}`;
    try {
        if (file.source.zipEntry !== undefined) {
            what = `entry "${file.source.zipEntry}" of ${url}`;
            content = await readZipEntry(bytes, file.source.zipEntry);
        } else if (file.source.zipListing) {
            what = `the list of entries of ${url}`;
            content = Buffer.from(await zipListingText(bytes), "utf8");
        } else {
            content = bytes;
        }
    } catch (error) {
        if (error instanceof ZipReadError) return failed(`${url} ${error.message}. Nothing was written.`);
        throw error;
    }
    const actual = sha256Of(content);
    if (actual !== file.sha256) {
        return failed(`SHA-256 mismatch: ${what} has ${actual}, expected ${file.sha256}. Nothing was written.`);
    }
    try {
        await writeInPlace(target, content);
    } catch (error) {
        return failed(`could not write ${target}: ${(error as Error).message}`);
    }
    return { status: "fetched", file, url, replacedMismatch: existing !== undefined };
}

async function writeInPlace(target: string, content: Buffer): Promise<void> {
    await mkdir(dirname(target), { recursive: true });
    const temporary = join(
        dirname(target),
        `.${basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.partial`,
    );
    try {
        await writeFile(temporary, content, { flag: "wx" });
        await rename(temporary, target);
    } catch (error) {
        await rm(temporary, { force: true });
        throw error;
    }
}
