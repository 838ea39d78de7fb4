/**
 * A fresh RunNow idempotency token: a random UUID (36 characters; Databricks allows at most 64).
 * getRandomValues works in every browser context, where randomUUID needs a secure one.
 */
export function newIdempotencyToken(
    random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b),
): string {
    const bytes = random(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    return hex.replace(/^(.{8})(.{4})(.{4})(.{4})/, "$1-$2-$3-$4-");
}
