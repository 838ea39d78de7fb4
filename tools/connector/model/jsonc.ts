/**
 * JSON with comments, as in Microsoft's connector schemas (`// TODO` lines in the swagger schema,
 * `// Same as not being specified` after an enum value). Comments are blanked out character by
 * character outside strings, so "http://json-schema.org/..." survives and JSON.parse's error
 * positions still point into the original text.
 */
export function stripJsonComments(text: string): string {
    let result = "";
    let index = 0;
    while (index < text.length) {
        const char = text[index];
        const next = text[index + 1];
        if (char === '"') {
            const end = endOfString(text, index);
            result += text.slice(index, end);
            index = end;
        } else if (char === "/" && next === "/") {
            const end = text.indexOf("\n", index);
            const stop = end === -1 ? text.length : end;
            result += blank(text.slice(index, stop));
            index = stop;
        } else if (char === "/" && next === "*") {
            const end = text.indexOf("*/", index + 2);
            if (end === -1) throw new SyntaxError(`Unterminated /* comment at position ${index}`);
            result += blank(text.slice(index, end + 2));
            index = end + 2;
        } else {
            result += char;
            index += 1;
        }
    }
    return result;
}

export function parseJsonc<T = unknown>(text: string): T {
    return JSON.parse(stripJsonComments(text)) as T;
}

/** The index just past the closing quote of the string that opens at `start`. */
function endOfString(text: string, start: number): number {
    let index = start + 1;
    while (index < text.length) {
        if (text[index] === "\\") index += 2;
        else if (text[index] === '"') return index + 1;
        else index += 1;
    }
    return text.length;
}

function blank(comment: string): string {
    return comment.replace(/[^\n]/g, " ");
}
