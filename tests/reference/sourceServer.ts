import { createServer, Server } from "node:http";
import { AddressInfo } from "node:net";

/**
 * A stand-in for raw.githubusercontent.com on 127.0.0.1: each path answers with bytes, an HTTP
 * status, a dropped connection or silence. A list of replies is played one per request, the last
 * one repeating.
 */

export type Reply = Buffer | { status: number } | "drop" | "hang";

export interface SourceServer {
    base: string;
    /** Requests seen per URL path (decoded). */
    requests: Map<string, number>;
    close(): Promise<void>;
}

export async function startSourceServer(routes: Record<string, Reply | Reply[]>): Promise<SourceServer> {
    const requests = new Map<string, number>();
    const server: Server = createServer((request, response) => {
        const path = decodeURIComponent(new URL(request.url ?? "/", "http://127.0.0.1").pathname);
        const seen = requests.get(path) ?? 0;
        requests.set(path, seen + 1);
        const route = routes[path];
        const replies = route === undefined ? [{ status: 404 }] : Array.isArray(route) ? route : [route];
        const reply = replies[Math.min(seen, replies.length - 1)];
        if (reply === "drop") {
            request.socket.destroy();
        } else if (reply === "hang") {
            // Never answers; close() ends the connection.
        } else if (Buffer.isBuffer(reply)) {
            response.writeHead(200, { "content-type": "application/octet-stream", "content-length": reply.length });
            response.end(reply);
        } else {
            response.writeHead(reply.status, { "content-type": "text/plain" });
            response.end(`${reply.status}: no`);
        }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
        base: `http://127.0.0.1:${port}`,
        requests,
        close: () =>
            new Promise<void>((resolve, reject) => {
                server.closeAllConnections();
                server.close((error) => (error ? reject(error) : resolve()));
            }),
    };
}
