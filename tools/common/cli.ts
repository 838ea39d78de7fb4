import { parseArgs } from "node:util";

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
    const declared = Object.fromEntries(valueOptions.map((option) => [option.replace(/^--/, ""), { type: "string" as const }]));
    let parsed;
    try {
        parsed = parseArgs({ args: [...argv], options: { ...declared, help: { type: "boolean", short: "h" } }, allowPositionals: true, strict: true });
    } catch (error) {
        const { code } = error as { code?: string };
        const option = /'(-{1,2}[^',\s]+)/.exec(String((error as Error).message))?.[1] ?? "";
        if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") throw new UsageError(`Unknown option "${option}".`);
        if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") throw new UsageError(`The option ${option.split(" ")[0]} needs a value.`);
        throw error;
    }
    const { help = false, ...values } = parsed.values as { help?: boolean } & Record<string, string | undefined>;
    const options = new Map(Object.entries(values).flatMap(([name, value]) => (value === undefined ? [] : [[`--${name}`, value] as [string, string]])));
    return { positional: parsed.positionals, options, help };
}
