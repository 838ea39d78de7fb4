/** A JSON Pointer (RFC 6901) from path segments: "~" is written "~0" and "/" "~1" within each. */
export function pointerOf(...segments: Array<string | number>): string {
    return segments.map((segment) => "/" + String(segment).replace(/~/g, "~0").replace(/\//g, "~1")).join("");
}
