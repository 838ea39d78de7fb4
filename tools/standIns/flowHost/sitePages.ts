import { readFileSync } from "node:fs";
import { extname, isAbsolute, relative } from "node:path";
import type { IncomingMessage, ServerResponse } from "node:http";
import { REPO_ROOT } from "../../common/repoPaths";

/**
 * The pages and files the local site serves besides the cloud flow API (a demo page, the
 * component's script, Bootstrap's CSS), on the same origin as the API, as a Power Pages site serves
 * its web files. Only the paths listed are served, each exactly: a request path is never mapped
 * onto the file system, so nothing else on the machine can be reached through it.
 */

export interface SiteFile {
    contentType: string;
    /** Read at each request, so a rebuilt script is served without a restart. */
    read(): string | Buffer;
}

/** A file that is not there (a script not built yet): 404 with this hint. */
export class MissingSiteFile extends Error {}

const CONTENT_TYPES: Record<string, string> = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".map": "application/json; charset=utf-8",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".woff2": "font/woff2",
};

/** The Content-Type of a file by its extension; throws for one the site does not serve. */
export function contentTypeOf(fileName: string): string {
    const type = CONTENT_TYPES[extname(fileName).toLowerCase()];
    if (type === undefined)
        throw new Error(
            `${fileName}: the site serves only ${Object.keys(CONTENT_TYPES).join(", ")} files (by extension).`,
        );
    return type;
}

/** A file on disk, its type from its extension; `whenMissing` tells what to do when it is not there. */
export function fileOnDisk(path: string, whenMissing: string): SiteFile {
    const inRepository = relative(REPO_ROOT, path);
    const shown = inRepository.startsWith("..") || isAbsolute(inRepository) ? path : inRepository;
    return {
        contentType: contentTypeOf(path),
        read: () => {
            try {
                return readFileSync(path);
            } catch (error) {
                if ((error as NodeJS.ErrnoException).code === "ENOENT")
                    throw new MissingSiteFile(`${shown} is not there: ${whenMissing}`);
                throw error;
            }
        },
    };
}

export function htmlPage(html: string): SiteFile {
    return { contentType: CONTENT_TYPES[".html"], read: () => html };
}

const SERVABLE_PATH = /^\/(?:[A-Za-z0-9_-][A-Za-z0-9._-]*\/)*(?:[A-Za-z0-9_-][A-Za-z0-9._-]*)?$/;

export class SitePages {
    private readonly files = new Map<string, SiteFile>();

    /** Serves `file` at `path` ("/", "/portal/databricks-job-run.js"): letters, digits, ".", "_", "-" between slashes, no segment starting with a dot. */
    add(path: string, file: SiteFile): this {
        if (!SERVABLE_PATH.test(path))
            throw new Error(
                `The site path ${JSON.stringify(path)}: write it from "/", with letters, digits, ".", "_" and "-" between slashes, and no segment starting with ".".`,
            );
        if (this.files.has(path)) throw new Error(`The site path ${path} is listed twice.`);
        this.files.set(path, file);
        return this;
    }

    /** The listed paths, in the order they were added. */
    paths(): string[] {
        return [...this.files.keys()];
    }

    serves(method: string | undefined, path: string): boolean {
        return (method === "GET" || method === "HEAD") && this.files.has(path);
    }

    /** Answers a GET or HEAD of a listed path: 200 with the file, or 404 when it is missing on disk. */
    serve(request: IncomingMessage, response: ServerResponse, path: string): void {
        const file = this.files.get(path);
        if (file === undefined) throw new Error(`The site does not serve ${path}.`);
        let body: string | Buffer;
        try {
            body = file.read();
        } catch (error) {
            if (!(error instanceof MissingSiteFile)) throw error;
            response.writeHead(404, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" });
            response.end(error.message);
            return;
        }
        response.writeHead(200, {
            "Content-Type": file.contentType,
            "Content-Length": Buffer.byteLength(body),
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        });
        response.end(request.method === "HEAD" ? undefined : body);
    }
}
