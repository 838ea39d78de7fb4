import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { parseOptions } from "../../tools/azureAd/options";
import { parseArguments } from "../../tools/standIns/connectorRunner/main";
import { anchorsOf, commandsIn, linkTargets, ShellCommand } from "./markdown";
import { REPO_ROOT } from "../../tools/common/repoPaths";

export const root = REPO_ROOT;

/** Every page people read to install, build or use the project: the README and the guides. */
export const GUIDE_FILES: readonly string[] = [
    "README.md",
    ...readdirSync(join(root, "docs"))
        .filter((file) => file.endsWith(".md"))
        .sort()
        .map((file) => `docs/${file}`),
    "connector/README.md",
    "solution/README.md",
];

export function readGuide(file: string): string {
    return readFileSync(join(root, file), "utf8");
}

/**
 * GitHub's page of the repository's latest release. It is no file, but from a page at the
 * repository's root the relative link `../../releases/latest` reaches it on github.com, so that one
 * target (resolved from the root) is allowed.
 */
const RELEASES_PAGE = ["..", "..", "releases", "latest"].join(sep);

/**
 * Relative links whose file is missing, and anchors (`#…`, `file.md#…`) no heading provides.
 * `file` is the page's path relative to `base`, the repository root unless a test gives another.
 */
export function linkProblems(file: string, text: string, base: string = root): string[] {
    const problems: string[] = [];
    // Each page is read and parsed once, however many links point into it.
    const anchorsByPage = new Map<string, Set<string>>();
    const anchorsIn = (page: string, read: () => string) => {
        let anchors = anchorsByPage.get(page);
        if (!anchors) anchorsByPage.set(page, (anchors = anchorsOf(read())));
        return anchors;
    };
    for (const { target, line } of linkTargets(text)) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
        const [path, anchor] = splitAnchor(target);
        const where = `${file}:${line}`;
        if (path === "") {
            if (anchor !== undefined && !anchorsIn(file, () => text).has(anchor))
                problems.push(`${where} links to ${target}, but ${file} has no heading with the anchor #${anchor}`);
            continue;
        }
        const resolved = resolve(base, dirname(file), decodeURIComponent(path));
        if (relative(base, resolved) === RELEASES_PAGE) continue;
        if (!existsSync(resolved)) {
            problems.push(`${where} links to ${target}, but ${relative(base, resolved)} does not exist`);
            continue;
        }
        if (anchor === undefined) continue;
        if (!resolved.endsWith(".md") || statSync(resolved).isDirectory()) {
            problems.push(`${where} links to ${target}, an anchor in a file that is not a Markdown page`);
        } else if (!anchorsIn(resolved, () => readFileSync(resolved, "utf8")).has(anchor)) {
            problems.push(
                `${where} links to ${target}, but ${relative(base, resolved)} has no heading with the anchor #${anchor}`,
            );
        }
    }
    return problems;
}

function splitAnchor(target: string): [string, string | undefined] {
    const hash = target.indexOf("#");
    return hash < 0 ? [target, undefined] : [target.slice(0, hash), target.slice(hash + 1)];
}

/** The npm subcommands the guides may use besides `npm run <script>`. */
const NPM_COMMANDS = new Set(["ci", "install", "test", "start", "version", "run"]);

/**
 * Microsoft's CLIs as the guides use them: the subcommands and options documented in the Power
 * Platform CLI reference (pac) and the paconn README.
 */
const KNOWN_CLI_OPTIONS: Record<string, readonly string[]> = {
    "pac auth create": ["--environment", "--url", "--tenant", "--name"],
    "pac solution import": ["--path", "--settings-file", "--environment", "--async", "--activate-plugins"],
    "pac solution create-settings": ["--solution-zip", "--solution-folder", "--settings-file"],
    "pac solution pack": ["--folder", "--zipfile", "--packagetype"],
    "pac solution unpack": ["--zipfile", "--folder", "--packagetype"],
    "pac solution init": ["--publisher-name", "--publisher-prefix", "--outputDirectory"],
    // Uploads a compiled code site (Power Platform CLI reference, "pac pages"); its options are not used here.
    "pac pages upload-code-site": [],
    "pac pcf init": ["--namespace", "--name", "--template", "--framework", "--outputDirectory"],
    "pac connector create": [
        "--api-definition-file",
        "--api-properties-file",
        "--icon-file",
        "--script-file",
        "--settings-file",
        "--solution-unique-name",
        "--environment",
    ],
    "pac connector update": [
        "--connector-id",
        "--api-definition-file",
        "--api-properties-file",
        "--icon-file",
        "--script-file",
        "--settings-file",
        "--solution-unique-name",
        "--environment",
    ],
    "paconn login": [],
    "paconn create": [
        "--settings",
        "--secret",
        "--env",
        "--api-def",
        "--api-prop",
        "--icon",
        "--script",
        "--pau",
        "--pav",
    ],
    "paconn update": [
        "--settings",
        "--secret",
        "--env",
        "--api-def",
        "--api-prop",
        "--icon",
        "--script",
        "--cid",
        "--pau",
        "--pav",
    ],
};

/** Secret end dates in the guides are judged against this day, so the check does not age. */
const GUIDES_WRITTEN = new Date("2026-11-30T00:00:00Z");

/** Values that stand for a `<placeholder>`, by the option it is given to. */
const SAMPLE_VALUES: Record<string, string> = {
    "--redirect-uri": "https://global.consent.azure-apim.net/redirect/sample-connector-5f0123456789abcdef",
    "--app-id": "00000000-0000-0000-0000-000000000000",
    "--secret-end-date": "2027-06-30",
    "--display-name": "Sample name",
    "--host": "adb-1234567890123456.7.azuredatabricks.net",
};

function withSamples(args: string[]): string[] {
    return args.map((arg, index) =>
        /^<[^<>]+>$/.test(arg) ? (SAMPLE_VALUES[args[index - 1]] ?? "sample") : arg.replace(/<[^<>]+>/g, "sample1"),
    );
}

export interface CommandContext {
    scripts: Record<string, string>;
    operationIds: ReadonlySet<string>;
    base?: string;
}

/**
 * Commands in code that would not work: an npm script package.json lacks, an npm subcommand the
 * project does not use, options `npm run setup:azure-ad` or `npm run connector:run` reject, an
 * operation the connector lacks, a tool file that is missing, or a pac/paconn subcommand or option
 * the Microsoft CLIs do not have.
 */
export function commandProblems(file: string, text: string, context: CommandContext): string[] {
    const problems: string[] = [];
    for (const command of commandsIn(text, ["npm", "npx", "pac", "paconn"])) {
        const report = (message: string) => problems.push(`${file}:${command.line} \`${command.source}\`: ${message}`);
        if (command.words[0] === "npm") npmProblems(command, context, report);
        else if (command.words[0] === "npx") npxProblems(command, context.base ?? root, report);
        else cliProblems(command, report);
    }
    return problems;
}

function npmProblems(command: ShellCommand, context: CommandContext, report: (message: string) => void): void {
    const words = command.words.slice(1).filter((word) => !word.startsWith("-") || word === "--");
    const subcommand = words[0];
    if (subcommand === undefined || !NPM_COMMANDS.has(subcommand)) {
        report(`npm ${subcommand ?? ""} is not a command the project uses (${[...NPM_COMMANDS].join(", ")})`);
        return;
    }
    if (subcommand !== "run") return;
    const script = words[1];
    if (script === undefined || !(script in context.scripts)) {
        report(`package.json has no script "${script ?? ""}"`);
        return;
    }
    const dashes = command.words.indexOf("--");
    const args = dashes < 0 ? [] : command.words.slice(dashes + 1);
    if (args.some((arg) => arg.startsWith("["))) return;
    try {
        if (script === "setup:azure-ad") parseOptions(withSamples(args), GUIDES_WRITTEN);
        if (script === "connector:run") {
            const { operationId } = parseArguments(withSamples(args));
            if (!context.operationIds.has(operationId)) report(`the connector has no operation ${operationId}`);
        }
    } catch (error) {
        report(`npm run ${script} rejects these arguments: ${(error as Error).message}`);
    }
}

function npxProblems(command: ShellCommand, base: string, report: (message: string) => void): void {
    const [, tool, path] = command.words;
    if (tool === "tsx" && path !== undefined && !existsSync(join(base, path))) report(`${path} does not exist`);
}

function cliProblems(command: ShellCommand, report: (message: string) => void): void {
    const depth = command.words[0] === "pac" ? 3 : 2;
    // `pac`, `paconn` or `pac connector` alone names the tool in prose; it is no command to check.
    if (command.words.length < depth) return;
    const name = command.words.slice(0, depth).join(" ");
    const known = KNOWN_CLI_OPTIONS[name];
    if (known === undefined) {
        report(
            `"${name}" is not a command this project's guides are known to use; check it and add it to KNOWN_CLI_OPTIONS`,
        );
        return;
    }
    for (const option of command.words.slice(depth).filter((word) => word.startsWith("--"))) {
        if (!known.includes(option.split("=")[0])) report(`${name} has no option ${option}`);
    }
}
