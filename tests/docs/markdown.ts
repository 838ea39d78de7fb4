/**
 * Just enough Markdown reading to check the guides as GitHub renders them: fenced code blocks,
 * inline code, links, heading anchors, and the shell commands shown in code.
 */

export interface CodeBlock {
    /** 1-based line of the first line inside the fence. */
    startLine: number;
    lines: string[];
}

const FENCE = /^\s*(`{3,}|~{3,})/;

/** The fenced code blocks, and the text with their lines blanked (line numbers stay right). */
export function splitFences(text: string): { prose: string; blocks: CodeBlock[] } {
    const lines = text.split("\n");
    const blocks: CodeBlock[] = [];
    let open: { marker: string; block: CodeBlock } | undefined;
    const prose = lines.map((line, index) => {
        const fence = FENCE.exec(line);
        if (!open) {
            if (!fence) return line;
            open = { marker: fence[1], block: { startLine: index + 2, lines: [] } };
            return "";
        }
        if (fence && fence[1][0] === open.marker[0] && fence[1].length >= open.marker.length && line.trim() === fence[1]) {
            blocks.push(open.block);
            open = undefined;
        } else {
            open.block.lines.push(line);
        }
        return "";
    });
    if (open) blocks.push(open.block);
    return { prose: prose.join("\n"), blocks };
}

const INLINE_CODE = /``[^`]+``|`[^`\n]+`/g;

/** Inline code spans of prose (outside fences), without their backticks. */
export function inlineCode(prose: string): { code: string; line: number }[] {
    return [...prose.matchAll(INLINE_CODE)].map((match) => ({
        code: match[0].replace(/^`+|`+$/g, "").trim(),
        line: lineAt(prose, match.index ?? 0),
    }));
}

function blankInlineCode(prose: string): string {
    return prose.replace(INLINE_CODE, (span) => span.replace(/[^\n]/g, " "));
}

const LINK = /!?\[(?:[^\][]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;

/** The targets of Markdown links and images outside code, with their lines. */
export function linkTargets(text: string): { target: string; line: number }[] {
    const prose = blankInlineCode(splitFences(text).prose);
    return [...prose.matchAll(LINK)].map((match) => ({ target: match[1], line: lineAt(prose, match.index ?? 0) }));
}

/** The anchor GitHub gives a heading: its rendered text, lower case, punctuation dropped, spaces to hyphens. */
export function githubSlug(heading: string): string {
    const rendered = heading
        .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
        .replace(/<\/?[a-z][^>]*>/gi, "")
        .replace(/[*`]/g, "")
        .trim();
    return rendered
        .toLowerCase()
        .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, "")
        .replace(/ /g, "-");
}

/** Every anchor a page offers: its headings (GitHub numbers repeats -1, -2, …) and explicit ids. */
export function anchorsOf(text: string): Set<string> {
    const prose = splitFences(text).prose;
    const anchors = new Set<string>();
    const seen = new Map<string, number>();
    for (const match of prose.matchAll(/^ {0,3}#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$/gm)) {
        const slug = githubSlug(match[1]);
        const count = seen.get(slug) ?? 0;
        anchors.add(count === 0 ? slug : `${slug}-${count}`);
        seen.set(slug, count + 1);
    }
    for (const match of prose.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(match[1]);
    return anchors;
}

export interface ShellCommand {
    words: string[];
    line: number;
    /** The command as the page shows it, for messages. */
    source: string;
}

/** The commands starting with one of `programs`, from code blocks and inline code. */
export function commandsIn(text: string, programs: readonly string[]): ShellCommand[] {
    const { prose, blocks } = splitFences(text);
    const candidates: { source: string; line: number }[] = [];
    for (const block of blocks) {
        for (let index = 0; index < block.lines.length; index++) {
            let source = block.lines[index];
            const line = block.startLine + index;
            while (/\\\s*$/.test(source) && index + 1 < block.lines.length) {
                source = `${source.replace(/\\\s*$/, " ")}${block.lines[++index].trim()}`;
            }
            candidates.push({ source: source.trim().replace(/^\$\s+/, ""), line });
        }
    }
    candidates.push(...inlineCode(prose).map(({ code, line }) => ({ source: code, line })));
    candidates.sort((a, b) => a.line - b.line);
    const commands: ShellCommand[] = [];
    for (const { source, line } of candidates) {
        for (const words of splitCommands(shellWords(source))) {
            if (programs.includes(words[0])) commands.push({ words, line, source });
        }
    }
    return commands;
}

/**
 * Splits a command line into words as a POSIX shell would (quotes, comments), keeping `<placeholder>`
 * text whole even where it holds spaces or an apostrophe.
 */
export function shellWords(source: string): string[] {
    const words: string[] = [];
    let current: string | undefined;
    for (let index = 0; index < source.length; index++) {
        const char = source[index];
        if (char === "<") {
            const end = source.indexOf(">", index);
            if (end > index) {
                current = (current ?? "") + source.slice(index, end + 1);
                index = end;
                continue;
            }
        }
        if (char === '"' || char === "'") {
            const end = source.indexOf(char, index + 1);
            current = (current ?? "") + source.slice(index + 1, end < 0 ? source.length : end);
            index = end < 0 ? source.length : end;
        } else if (/\s/.test(char)) {
            if (current !== undefined) words.push(current);
            current = undefined;
        } else if (char === "#" && current === undefined) {
            break;
        } else {
            current = (current ?? "") + char;
        }
    }
    if (current !== undefined) words.push(current);
    return words;
}

function splitCommands(words: string[]): string[][] {
    const commands: string[][] = [[]];
    for (const word of words) {
        if (["&&", "||", ";", "|"].includes(word)) commands.push([]);
        else commands[commands.length - 1].push(word);
    }
    return commands.filter((command) => command.length > 0);
}

function lineAt(text: string, index: number): number {
    return text.slice(0, index).split("\n").length;
}
