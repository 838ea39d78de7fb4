import { badStatement, syntaxError } from "./sqlErrors";

export type Token =
    | { kind: "word"; text: string; quoted: boolean; position: number }
    | { kind: "string"; text: string; position: number }
    | { kind: "number"; text: string; position: number }
    | { kind: "parameter"; text: string; position: number }
    | { kind: "symbol"; text: string; position: number };

/** The tokens of a statement; comments are blanked out first, so positions stay those of the original text. */
export function tokenize(statement: string): Token[] {
    const tokens: Token[] = [];
    let index = 0;
    const text = statement
        .replace(/\/\*[\s\S]*?\*\//g, (comment) => " ".repeat(comment.length))
        .replace(/--[^\n]*/g, (comment) => " ".repeat(comment.length));
    while (index < text.length) {
        const char = text[index];
        if (/\s/.test(char)) {
            index += 1;
        } else if (char === "'" || char === '"') {
            const { value, end } = readQuoted(text, index);
            tokens.push({ kind: "string", text: value, position: index });
            index = end + 1;
        } else if (char === "`") {
            const end = text.indexOf("`", index + 1);
            if (end < 0) throw syntaxError({ text: "`", position: index }, statement);
            tokens.push({ kind: "word", text: text.slice(index + 1, end), quoted: true, position: index });
            index = end + 1;
        } else if (char === ":" && /[A-Za-z_]/.test(text[index + 1] ?? "")) {
            const match = /^:([A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(index)) as RegExpExecArray;
            tokens.push({ kind: "parameter", text: match[1], position: index });
            index += match[0].length;
        } else if (/[0-9]/.test(char) || (char === "-" && /[0-9]/.test(text[index + 1] ?? ""))) {
            const match = /^-?\d+(\.\d+)?/.exec(text.slice(index)) as RegExpExecArray;
            tokens.push({ kind: "number", text: match[0], position: index });
            index += match[0].length;
        } else if (/[A-Za-z_]/.test(char)) {
            const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(index)) as RegExpExecArray;
            tokens.push({ kind: "word", text: match[0], quoted: false, position: index });
            index += match[0].length;
        } else if ("*,.();=".includes(char)) {
            tokens.push({ kind: "symbol", text: char, position: index });
            index += 1;
        } else {
            throw syntaxError({ text: char, position: index }, statement);
        }
    }
    return tokens;
}

/** A string literal from its opening quote: a backslash escapes the next character, a doubled quote is one quote. */
function readQuoted(text: string, start: number): { value: string; end: number } {
    const quote = text[start];
    let value = "";
    let end = start + 1;
    for (;;) {
        if (end >= text.length) {
            throw badStatement(
                `[PARSE_SYNTAX_ERROR] Syntax error at or near end of input: unclosed string literal. SQLSTATE: 42601 (line 1, pos ${start})`,
            );
        }
        if (text[end] === "\\" && end + 1 < text.length) {
            value += text[end + 1];
            end += 2;
        } else if (text[end] === quote && text[end + 1] === quote) {
            value += quote;
            end += 2;
        } else if (text[end] === quote) {
            return { value, end };
        } else {
            value += text[end];
            end += 1;
        }
    }
}
