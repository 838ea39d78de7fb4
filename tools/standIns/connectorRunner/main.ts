import { command, CommandLine, EXIT, parseCommandLine, runAsProcess, UsageError } from "../../common/cli";
import { stringifyExact } from "../../common/exactJson";
import { DEFAULT_MAX_RETRIES, invokeOperation } from "./invoke";

/**
 * npm run connector:run -- <OperationId> --host <host> [--token T] [--param name=value]...
 *                          [--allow-http] [--max-retries N] [--connector-dir DIR]
 *
 * Prints the answer's JSON on stdout and exits 0, or prints {"error", "status", "body",
 * "attempts"} and exits 1 (2 for a usage error). The token comes from --token or DATABRICKS_TOKEN.
 */

export const TOKEN_ENVIRONMENT_VARIABLE = "DATABRICKS_TOKEN";

const USAGE =
    "Usage: npm run connector:run -- <OperationId> --host <workspace host> [--token T] [--param name=value]... [--allow-http] [--max-retries N] [--connector-dir DIR]";

const HELP = `${USAGE}

  --host          the workspace host as the connection takes it (adb-1234567890123456.7.azuredatabricks.net),
                  or http://127.0.0.1:PORT for the local emulator (plain HTTP is for loopback only)
  --token         an Entra ID access token for AzureDatabricks; without it, $${TOKEN_ENVIRONMENT_VARIABLE}:
                    export ${TOKEN_ENVIRONMENT_VARIABLE}=$(az account get-access-token --resource 2ff814a6-3304-4ab8-85cb-cd0e6f879c1d --query accessToken -o tsv)
  --param         one parameter of the operation; the fields of a request body are parameters of their own;
                  objects and arrays as JSON text, e.g. --param 'job_parameters={"region":"emea"}'
  --allow-http    plain HTTP to a loopback host given without a scheme (the emulator)
  --max-retries   retries of a 429 or 503 answer (default ${DEFAULT_MAX_RETRIES}), after the Retry-After the workspace asks for

Example: npm run connector:run -- GetRun --host adb-1234567890123456.7.azuredatabricks.net --param run_id=771234500000001`;

const OPTIONS = {
    host: { type: "string" },
    token: { type: "string" },
    param: { type: "string", multiple: true },
    "allow-http": { type: "boolean" },
    "max-retries": { type: "string" },
    "connector-dir": { type: "string" },
} as const;

interface Arguments {
    operationId: string;
    host: string;
    token?: string;
    params: Record<string, string>;
    allowHttp: boolean;
    maxRetries?: number;
    connectorDir?: string;
}

function parameters(pairs: readonly string[]): Record<string, string> {
    const params: Record<string, string> = {};
    for (const pair of pairs) {
        const separator = pair.indexOf("=");
        if (separator <= 0) throw new UsageError(`--param takes name=value, not ${pair}`);
        const name = pair.slice(0, separator);
        if (name in params)
            throw new UsageError(`--param ${name} is given twice; give arrays and objects as JSON text`);
        params[name] = pair.slice(separator + 1);
    }
    return params;
}

function runnerArguments({ options, positionals }: CommandLine<typeof OPTIONS>): Arguments {
    const [operationId, extra] = positionals;
    if (extra !== undefined) throw new UsageError(`Unexpected argument ${extra}: give one operation`);
    if (operationId === undefined) throw new UsageError("Give the operationId of the operation to run, e.g. GetRun");
    if (options.host === undefined) throw new UsageError("--host is required");
    const maxRetries = options["max-retries"] === undefined ? undefined : Number(options["max-retries"]);
    if (maxRetries !== undefined && (!Number.isInteger(maxRetries) || maxRetries < 0 || maxRetries > 20))
        throw new UsageError("--max-retries must be a whole number from 0 to 20");
    return {
        operationId,
        host: options.host,
        token: options.token,
        params: parameters(options.param),
        allowHttp: options["allow-http"],
        maxRetries,
        connectorDir: options["connector-dir"],
    };
}

export function parseArguments(argv: readonly string[]): Arguments {
    return runnerArguments(parseCommandLine(argv, OPTIONS, { positionals: true }));
}

const NO_ANSWER = { status: 0, attempts: 0 };

export const main = command({
    name: "connector:run",
    usage: USAGE,
    help: HELP,
    options: OPTIONS,
    positionals: true,
    // Callers read the outcome from stdout: a usage error or a crash is an error object there too.
    onFailure(error, context) {
        const message =
            error instanceof UsageError
                ? error.message
                : `The runner failed: ${String((error as Error)?.stack ?? error)}`;
        context.stdout(`${stringifyExact({ error: message, ...NO_ANSWER }, 2)}\n`);
    },
    async run(commandLine, context) {
        const args = runnerArguments(commandLine);
        const token = args.token ?? context.env[TOKEN_ENVIRONMENT_VARIABLE] ?? "";
        if (token.trim() === "") {
            throw new UsageError(
                `No token: pass --token or set ${TOKEN_ENVIRONMENT_VARIABLE} (az account get-access-token --resource 2ff814a6-3304-4ab8-85cb-cd0e6f879c1d --query accessToken -o tsv).`,
            );
        }
        const result = await invokeOperation({ ...args, token });
        if (result.ok) {
            context.stdout(`${stringifyExact(result.body, 2)}\n`);
            return EXIT.ok;
        }
        context.stdout(
            `${stringifyExact({ error: result.error, status: result.status, body: result.body, attempts: result.attempts }, 2)}\n`,
        );
        return EXIT.failed;
    },
});

if (require.main === module) runAsProcess(main);
