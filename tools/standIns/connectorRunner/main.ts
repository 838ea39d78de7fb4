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

const USAGE = `Usage: npm run connector:run -- <OperationId> --host <workspace host> [--token T] [--param name=value]... [--allow-http] [--max-retries N] [--connector-dir DIR]

  --host          the workspace host as the connection takes it (adb-1234567890123456.7.azuredatabricks.net),
                  or http://127.0.0.1:PORT for the local emulator (plain HTTP is for loopback only)
  --token         an Entra ID access token for AzureDatabricks; without it, $${TOKEN_ENVIRONMENT_VARIABLE}:
                    export ${TOKEN_ENVIRONMENT_VARIABLE}=$(az account get-access-token --resource 2ff814a6-3304-4ab8-85cb-cd0e6f879c1d --query accessToken -o tsv)
  --param         one parameter of the operation; the fields of a request body are parameters of their own;
                  objects and arrays as JSON text, e.g. --param 'job_parameters={"region":"emea"}'
  --allow-http    plain HTTP to a loopback host given without a scheme (the emulator)
  --max-retries   retries of a 429 or 503 answer (default ${DEFAULT_MAX_RETRIES}), after the Retry-After the workspace asks for

Example: npm run connector:run -- GetRun --host adb-1234567890123456.7.azuredatabricks.net --param run_id=771234500000001`;

interface Arguments {
    operationId: string;
    host: string;
    token?: string;
    params: Record<string, string>;
    allowHttp: boolean;
    maxRetries?: number;
    connectorDir?: string;
}

class UsageError extends Error {}

export function parseArguments(argv: string[]): Arguments {
    const params: Record<string, string> = {};
    let operationId: string | undefined;
    let host: string | undefined;
    let token: string | undefined;
    let allowHttp = false;
    let maxRetries: number | undefined;
    let connectorDir: string | undefined;
    for (let index = 0; index < argv.length; index += 1) {
        const argument = argv[index];
        const value = (): string => {
            const next = argv[index + 1];
            if (next === undefined) throw new UsageError(`${argument} needs a value`);
            index += 1;
            return next;
        };
        if (argument === "--host") host = value();
        else if (argument === "--token") token = value();
        else if (argument === "--param") {
            const pair = value();
            const separator = pair.indexOf("=");
            if (separator <= 0) throw new UsageError(`--param takes name=value, not ${pair}`);
            const name = pair.slice(0, separator);
            if (name in params) throw new UsageError(`--param ${name} is given twice; give arrays and objects as JSON text`);
            params[name] = pair.slice(separator + 1);
        } else if (argument === "--allow-http") allowHttp = true;
        else if (argument === "--max-retries") {
            maxRetries = Number(value());
            if (!Number.isInteger(maxRetries) || maxRetries < 0 || maxRetries > 20) throw new UsageError("--max-retries must be a whole number from 0 to 20");
        } else if (argument === "--connector-dir") connectorDir = value();
        else if (argument.startsWith("--")) throw new UsageError(`Unknown option ${argument}`);
        else if (operationId === undefined) operationId = argument;
        else throw new UsageError(`Unexpected argument ${argument}: give one operation`);
    }
    if (operationId === undefined) throw new UsageError("Give the operationId of the operation to run, e.g. GetRun");
    if (host === undefined) throw new UsageError("--host is required");
    return { operationId, host, token, params, allowHttp, maxRetries, connectorDir };
}

async function main(): Promise<number> {
    let args: Arguments;
    try {
        if (process.argv.includes("--help") || process.argv.includes("-h")) {
            process.stdout.write(`${USAGE}\n`);
            return 0;
        }
        args = parseArguments(process.argv.slice(2));
    } catch (error) {
        process.stdout.write(`${stringifyExact({ error: (error as Error).message, status: 0, attempts: 0 }, 2)}\n`);
        process.stderr.write(`${USAGE}\n`);
        return 2;
    }
    const token = args.token ?? process.env[TOKEN_ENVIRONMENT_VARIABLE] ?? "";
    if (token.trim() === "") {
        process.stdout.write(
            `${stringifyExact({ error: `No token: pass --token or set ${TOKEN_ENVIRONMENT_VARIABLE} (az account get-access-token --resource 2ff814a6-3304-4ab8-85cb-cd0e6f879c1d --query accessToken -o tsv).`, status: 0, attempts: 0 }, 2)}\n`,
        );
        return 2;
    }
    const result = await invokeOperation({
        operationId: args.operationId,
        host: args.host,
        token,
        params: args.params,
        allowHttp: args.allowHttp,
        maxRetries: args.maxRetries,
        connectorDir: args.connectorDir,
    });
    if (result.ok) {
        process.stdout.write(`${stringifyExact(result.body, 2)}\n`);
        return 0;
    }
    process.stdout.write(`${stringifyExact({ error: result.error, status: result.status, body: result.body, attempts: result.attempts }, 2)}\n`);
    return 1;
}

if (require.main === module) {
    main().then(
        (code) => {
            process.exitCode = code;
        },
        (error: unknown) => {
            process.stdout.write(`${stringifyExact({ error: `The runner failed: ${String((error as Error)?.stack ?? error)}`, status: 0, attempts: 0 }, 2)}\n`);
            process.exitCode = 1;
        },
    );
}
