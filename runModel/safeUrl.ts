/** Returns the URL when it is an absolute https: URL, otherwise undefined (javascript:, data:, http:, relative…). */
export function safeHttpsUrl(value: unknown): string | undefined {
    if (typeof value !== "string" || value.trim() === "") {
        return undefined;
    }
    try {
        const url = new URL(value.trim());
        return url.protocol === "https:" ? url.href : undefined;
    } catch {
        return undefined;
    }
}
