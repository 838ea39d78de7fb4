import { parseArgs } from "node:util";
import { REPO_ROOT } from "./repoPaths";

/**
 * How every command of the project starts and ends. `command` turns a command's `run` into
 * `main(context) → exit code`: it reads the arguments (Node's util.parseArgs, through
 * parseCommandLine), answers --help, and reports usage errors and unexpected exceptions the same
 * way for every command. `runAsProcess` runs such a main as the process.
 */

/** The one rule: 0 ok, 1 failed, 2 the command line is wrong. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** What the start-up itself reads and writes; tests pass their own. */
export interface CommandIo {
    argv: readonly string[];
    stdout(text: string): void;
    stderr(text: string): void;
}

export interface CliContext extends CommandIo {
    env: NodeJS.ProcessEnv;
    /** The repository the command works on. */
    rootDir: string;
}

/** For commands that run until they are asked to stop (the emulator, pcf-scripts start). */
export interface LongRunningContext extends CliContext {
    /** Resolves at the first Ctrl+C (SIGINT) or SIGTERM after the call (so call it before announcing readiness); a second one ends the process at once. */
    untilStopped(): Promise<void>;
}

/** The command line is wrong; the message says how, naming the option or argument. */
export class UsageError extends Error {}

interface ValueOption {
    type: "string";
    multiple?: false;
    default?: string;
}
interface ListOption {
    type: "string";
    multiple: true;
}
interface FlagOption {
    type: "boolean";
}
export type OptionSpec = ValueOption | ListOption | FlagOption;
/** Long option names (without the dashes) and what they take. `help` (-h) is every command's own. */
export type OptionSpecs = Record<string, OptionSpec>;

type OptionValue<Spec extends OptionSpec> = Spec extends FlagOption
    ? boolean
    : Spec extends ListOption
      ? string[]
      : Spec extends { default: string }
        ? string
        : string | undefined;
/** A flag is false unless given, a list empty, a value undefined unless it has a default. */
export type OptionValues<Specs extends OptionSpecs> = { [Name in keyof Specs]: OptionValue<Specs[Name]> };

export interface CommandLine<Specs extends OptionSpecs> {
    options: OptionValues<Specs>;
    positionals: string[];
    help: boolean;
}

export interface ParseRules {
    /** Arguments that are not options are the command's (otherwise each is refused). */
    positionals?: boolean;
    /** Options the command does not know are left for the program it passes them on to, not refused. */
    passThrough?: boolean;
}

type Token = NonNullable<ReturnType<typeof parseArgs>["tokens"]>[number];
type OptionToken = Extract<Token, { kind: "option" }>;

function optionProblem(token: OptionToken, spec: OptionSpec | undefined): string | undefined {
    const { rawName, value, inlineValue } = token;
    if (spec === undefined) return `Unknown option ${rawName}.`;
    if (spec.type === "boolean") return value === undefined ? undefined : `${rawName} takes no value.`;
    if (value === undefined) return `${rawName} needs a value.`;
    // util.parseArgs takes the next argument as the value even when it looks like an option.
    if (!inlineValue && value.length > 1 && value.startsWith("-"))
        return `${rawName} needs a value (one that starts with "-" is written ${rawName}=<value>).`;
    return undefined;
}

function defaultValues(specs: OptionSpecs): Record<string, string | string[] | boolean | undefined> {
    return Object.fromEntries(
        Object.entries(specs).map(([name, spec]) => [
            name,
            spec.type === "boolean" ? false : spec.multiple ? [] : spec.default,
        ]),
    );
}

/**
 * Reads `argv` (without node and the script) with util.parseArgs. A leading "--" (which some
 * package managers pass on) is dropped. Throws UsageError naming the option for an unknown option,
 * a missing value, a value given to a flag, an option given twice that is not a list, and an
 * argument the command does not take.
 */
export function parseCommandLine<Specs extends OptionSpecs>(
    argv: readonly string[],
    specs: Specs,
    rules: ParseRules = {},
): CommandLine<Specs> {
    const args = argv[0] === "--" ? argv.slice(1) : [...argv];
    const known = new Map<string, OptionSpec>([...Object.entries(specs), ["help", { type: "boolean" }]]);
    const { tokens } = parseArgs({
        args,
        options: { ...specs, help: { type: "boolean", short: "h" } },
        strict: false,
        allowPositionals: true,
        tokens: true,
    });
    const values = defaultValues(specs);
    const given = new Set<string>();
    const positionals: string[] = [];
    let help = false;
    for (const token of tokens) {
        if (token.kind === "option-terminator") continue;
        if (token.kind === "positional") {
            if (!rules.positionals && !rules.passThrough)
                throw new UsageError(`Unexpected argument ${JSON.stringify(token.value)}.`);
            positionals.push(token.value);
            continue;
        }
        const spec = known.get(token.name);
        if (spec === undefined && rules.passThrough) continue;
        const problem = optionProblem(token, spec);
        if (problem !== undefined) throw new UsageError(problem);
        if (token.name === "help") help = true;
        else if (spec?.type === "boolean") values[token.name] = true;
        else if (spec?.multiple) (values[token.name] as string[]).push(token.value ?? "");
        else if (given.has(token.name)) throw new UsageError(`${token.rawName} is given more than once.`);
        else values[token.name] = token.value;
        given.add(token.name);
    }
    return { options: values as OptionValues<Specs>, positionals, help };
}

type ErrorClass = abstract new (...args: never[]) => Error;

/** How a command presents itself and its failures. */
interface CommandReporting<Context extends CommandIo> {
    /** The npm script people run ("reference:fetch"), or the file they run with tsx ("tools/…/stage.ts"); it starts each usage error and names where the help is. */
    name: string;
    /** The "Usage: …" line, shown after a usage error. */
    usage: string;
    /** What --help prints, when there is more to say than the usage line. */
    help?: string;
    /** Errors that report a failure the user can act on: their message is printed, without a stack, and the command exits 1. */
    failures?: readonly ErrorClass[];
    /** Put before the message of such a failure. */
    failurePrefix?: string;
    /** Also reports a usage error or an exception where the command's callers look for it. */
    onFailure?(error: unknown, context: Context): void;
}

export interface Command<
    Specs extends OptionSpecs,
    Context extends CommandIo,
    Result extends number | Promise<number> = number | Promise<number>,
>
    extends ParseRules, CommandReporting<Context> {
    options: Specs;
    run(commandLine: CommandLine<Specs>, context: Context): Result;
}

function stackOf(error: unknown): string {
    return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

function helpCommand(name: string): string {
    return name.endsWith(".ts") ? `tsx ${name} --help` : `npm run ${name} -- --help`;
}

function reportFailure<Context extends CommandIo>(
    spec: CommandReporting<Context>,
    context: Context,
    error: unknown,
): number {
    spec.onFailure?.(error, context);
    if (error instanceof UsageError) {
        const hint = spec.help === undefined ? "" : `Run ${helpCommand(spec.name)} for the options.\n`;
        context.stderr(`${spec.name}: ${error.message}\n${spec.usage}\n${hint}`);
        return EXIT.usage;
    }
    if (spec.failures?.some((failure) => error instanceof failure)) {
        context.stderr(`${spec.failurePrefix ?? ""}${(error as Error).message}\n`);
        return EXIT.failed;
    }
    context.stderr(`${spec.name}: ${stackOf(error)}\n`);
    return EXIT.failed;
}

/**
 * A command's main: parses the arguments, answers --help, runs the command and turns what goes wrong
 * into an exit code. The main of a synchronous `run` is synchronous, so that tests can call it directly.
 */
export function command<Specs extends OptionSpecs, Context extends CommandIo = CliContext>(
    spec: Command<Specs, Context, number>,
): (context: Context) => number;
export function command<Specs extends OptionSpecs, Context extends CommandIo = CliContext>(
    spec: Command<Specs, Context>,
): (context: Context) => number | Promise<number>;
export function command<Specs extends OptionSpecs, Context extends CommandIo>(
    spec: Command<Specs, Context>,
): (context: Context) => number | Promise<number> {
    return (context) => {
        try {
            const commandLine = parseCommandLine(context.argv, spec.options, spec);
            if (commandLine.help) {
                context.stdout(`${(spec.help ?? spec.usage).trimEnd()}\n`);
                return EXIT.ok;
            }
            const code = spec.run(commandLine, context);
            return typeof code === "number"
                ? code
                : code.catch((error: unknown) => reportFailure(spec, context, error));
        } catch (error) {
            return reportFailure(spec, context, error);
        }
    };
}

function untilStopped(): Promise<void> {
    return new Promise((resolve) => {
        const stop = (): void => {
            process.off("SIGINT", stop);
            process.off("SIGTERM", stop);
            resolve();
        };
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
    });
}

function processContext(rootDir = REPO_ROOT): LongRunningContext {
    return {
        argv: process.argv.slice(2),
        env: process.env,
        rootDir,
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
        untilStopped,
    };
}

/** Ends the process with `code` once what it wrote to stdout and stderr is out (pipes on Windows are asynchronous). */
function exitOnceWritten(code: number): void {
    process.exitCode = code;
    process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
}

/** Runs `main` as this process and exits with its code; an exception that escapes it exits 1 with its stack. */
export function runAsProcess(main: (context: LongRunningContext) => number | Promise<number>): void {
    Promise.resolve()
        .then(() => main(processContext()))
        .then(exitOnceWritten, (error: unknown) => {
            process.stderr.write(`${stackOf(error)}\n`);
            exitOnceWritten(EXIT.failed);
        });
}
