/** What the release commands share: exit codes, and a context that tests can replace. */

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export interface CliContext {
    argv: readonly string[];
    env: NodeJS.ProcessEnv;
    /** The repository the command works on. */
    rootDir: string;
    stdout(text: string): void;
    stderr(text: string): void;
}

export class UsageError extends Error {}

export function processContext(rootDir: string): CliContext {
    return {
        argv: process.argv.slice(2),
        env: process.env,
        rootDir,
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
    };
}

/** Runs `main` as the process, exiting with its code; an unexpected exception exits 1 with its stack. */
export function runAsProcess(main: (context: CliContext) => number | Promise<number>, rootDir: string): void {
    Promise.resolve()
        .then(() => main(processContext(rootDir)))
        .then(
            (code) => process.exit(code),
            (error: unknown) => {
                console.error(error);
                process.exit(EXIT.failed);
            },
        );
}

/** Splits `argv` into positional arguments and `--name value` options, refusing names it does not know. */
export function parseArguments(argv: readonly string[], valueOptions: readonly string[]): { positional: string[]; options: Map<string, string>; help: boolean } {
    const positional: string[] = [];
    const options = new Map<string, string>();
    let help = false;
    for (let index = 0; index < argv.length; index++) {
        const argument = argv[index];
        if (argument === "--help" || argument === "-h") {
            help = true;
        } else if (argument.startsWith("-")) {
            if (!valueOptions.includes(argument)) throw new UsageError(`Unknown option "${argument}".`);
            const value = argv[index + 1];
            if (value === undefined || value.startsWith("--")) throw new UsageError(`The option ${argument} needs a value.`);
            options.set(argument, value);
            index++;
        } else {
            positional.push(argument);
        }
    }
    return { positional, options, help };
}
