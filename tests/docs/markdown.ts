import MarkdownIt from "markdown-it";

type Token = MarkdownIt.Token;

/**
 * Reads the guides as GitHub renders them (CommonMark, through markdown-it): fenced code, inline
 * code, links, heading anchors, and the shell commands shown in code.
 */

export interface CodeBlock {
    /** 1-based line of the first line inside the fence. */
    startLine: number;
    lines: string[];
}

const markdown = new MarkdownIt({ html: true });
// Links are checked as written: no percent-encoding, and no scheme refused before the check sees it.
markdown.normalizeLink = (url) => url;
markdown.validateLink = () => true;

/** The page's block tokens; each inline token carries the 0-based line its text starts on. */
function parse(text: string): Token[] {
    return markdown.parse(text, {});
}

/** Visits every inline piece (text, code, link, image, html) with the 1-based line it stands on. */
function forEachInline(tokens: Token[], visit: (token: Token, line: number) => void): void {
    let blockLine = 0;
    for (const token of tokens) {
        if (token.map) blockLine = token.map[0];
        if (token.type !== "inline" || !token.children) continue;
        let line = (token.map?.[0] ?? blockLine) + 1;
        for (const child of token.children) {
            if (child.type === "softbreak" || child.type === "hardbreak") line++;
            else visit(child, line);
        }
    }
}

const isCode = (token: Token) => token.type === "fence" || token.type === "code_block";

export interface InfoBlock {
    /** The fence's info string, such as "powerfx"; empty for an indented block. */
    info: string;
    content: string;
    /** 1-based line of the opening fence (of the first line, for an indented block). */
    line: number;
}

/** Every code block with its info string, in page order. */
export function codeBlocks(text: string): InfoBlock[] {
    return parse(text)
        .filter(isCode)
        .map((token) => ({ info: token.info.trim(), content: token.content, line: (token.map?.[0] ?? 0) + 1 }));
}

/** The code blocks (fenced or indented), and the text with their lines blanked (line numbers stay right). */
export function splitFences(text: string): { prose: string; blocks: CodeBlock[] } {
    const lines = text.split("\n");
    const blocks: CodeBlock[] = [];
    for (const token of parse(text).filter(isCode)) {
        const [start, end] = token.map ?? [0, 0];
        const first = token.type === "fence" ? start + 1 : start;
        const contentLines = token.content.split("\n").length - 1;
        blocks.push({ startLine: first + 1, lines: lines.slice(first, first + contentLines) });
        for (let index = start; index < end; index++) lines[index] = "";
    }
    return { prose: lines.join("\n"), blocks };
}

/** Inline code spans outside code blocks, without their backticks. */
export function inlineCode(text: string): { code: string; line: number }[] {
    const spans: { code: string; line: number }[] = [];
    forEachInline(parse(text), (token, line) => {
        if (token.type === "code_inline") spans.push({ code: token.content.trim(), line });
    });
    return spans;
}

/** The targets of Markdown links and images outside code, with their lines. */
export function linkTargets(text: string): { target: string; line: number }[] {
    const targets: { target: string; line: number }[] = [];
    forEachInline(parse(text), (token, line) => {
        const target =
            token.type === "link_open" ? token.attrGet("href") : token.type === "image" ? token.attrGet("src") : null;
        if (target !== null && token.markup !== "linkify") targets.push({ target: String(target), line });
    });
    return targets;
}

/** The text a heading renders to: links and emphasis give their words, code its content, HTML nothing. */
function renderedText(tokens: readonly Token[]): string {
    return tokens
        .map((token) =>
            token.type === "text" || token.type === "code_inline"
                ? token.content
                : token.type === "image"
                  ? renderedText(token.children ?? [])
                  : "",
        )
        .join("");
}

/**
 * The anchor GitHub gives a heading: its rendered text, lower case, punctuation dropped, spaces to
 * hyphens. Hand-written because github-slugger, the package with this rule, is ESM-only and jest
 * here loads CommonJS; the rule is GitHub's and is tested against its anchors.
 */
export function githubSlug(heading: string): string {
    return renderedText(markdown.parseInline(heading, {})[0]?.children ?? [])
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, "")
        .replace(/ /g, "-");
}

const HTML_ANCHOR = /<a\s+(?:id|name)="([^"]+)"/g;

/** Every anchor a page offers: its headings (GitHub numbers repeats -1, -2, …) and explicit ids. */
export function anchorsOf(text: string): Set<string> {
    const tokens = parse(text);
    const anchors = new Set<string>();
    const seen = new Map<string, number>();
    tokens.forEach((token, index) => {
        if (token.type === "heading_open") {
            const slug = githubSlug(tokens[index + 1].content);
            const count = seen.get(slug) ?? 0;
            anchors.add(count === 0 ? slug : `${slug}-${count}`);
            seen.set(slug, count + 1);
        } else if (token.type === "html_block") {
            for (const match of token.content.matchAll(HTML_ANCHOR)) anchors.add(match[1]);
        }
    });
    forEachInline(tokens, (token) => {
        if (token.type === "html_inline")
            for (const match of token.content.matchAll(HTML_ANCHOR)) anchors.add(match[1]);
    });
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
    const candidates: { source: string; line: number }[] = [];
    for (const block of splitFences(text).blocks) {
        for (let index = 0; index < block.lines.length; index++) {
            let source = block.lines[index];
            const line = block.startLine + index;
            while (/\\\s*$/.test(source) && index + 1 < block.lines.length) {
                source = `${source.replace(/\\\s*$/, " ")}${block.lines[++index].trim()}`;
            }
            candidates.push({ source: source.trim().replace(/^\$\s+/, ""), line });
        }
    }
    candidates.push(...inlineCode(text).map(({ code, line }) => ({ source: code, line })));
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
 * text whole even where it holds spaces or an apostrophe. Hand-written: a shell parser such as
 * shell-quote reads a placeholder as a redirection.
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
