import { createScanner, printParseErrorCode, visit, type ParseError } from "jsonc-parser";

/**
 * JSON with comments, as in Microsoft's connector schemas (`// TODO` lines in the swagger schema,
 * `// Same as not being specified` after an enum value), read with Microsoft's jsonc-parser.
 * Comments are blanked out character by character, so "http://json-schema.org/..." survives and
 * JSON.parse's error positions still point into the original text. This module is the project's
 * one door to jsonc-parser.
 */
export function stripJsonComments(text: string): string {
    // Not jsonc-parser's stripComments: in 3.3.1 it writes one blank more than each comment is long, shifting what follows.
    const scanner = createScanner(text, false);
    let result = "";
    while (scanner.getPosition() < text.length) {
        scanner.scan();
        const token = text.slice(scanner.getTokenOffset(), scanner.getPosition());
        // Only comments open with "//" or "/*"; the token kinds are const enums, which isolatedModules forbids.
        if (!token.startsWith("//") && !token.startsWith("/*")) result += token;
        else if (scanner.getTokenError())
            throw new SyntaxError(`Unterminated /* comment at position ${scanner.getTokenOffset()}`);
        else result += token.replace(/[^\n]/g, " ");
    }
    return result;
}

export function parseJsonc<T = unknown>(text: string): T {
    const errors: ParseError[] = [];
    visit(
        text,
        { onError: (error, offset, length) => errors.push({ error, offset, length }) },
        { allowTrailingComma: false },
    );
    if (errors.length > 0) throw new SyntaxError(describeError(text, errors[0]));
    // JSON.parse builds the value: jsonc-parser's parse() assigns keys, so "__proto__" would set a prototype.
    return JSON.parse(stripJsonComments(text)) as T;
}

/** "Invalid JSON: comma expected at line 3, column 7 (offset 41)": what is wrong, and where. */
function describeError(text: string, { error, offset }: ParseError): string {
    const lines = text.slice(0, offset).split(/\r\n|\r|\n/);
    const column = lines[lines.length - 1].length + 1;
    const what = printParseErrorCode(error)
        .replace(/([a-z])([A-Z])/g, "$1 $2")
        .toLowerCase();
    return `Invalid JSON: ${what} at line ${lines.length}, column ${column} (offset ${offset})`;
}
