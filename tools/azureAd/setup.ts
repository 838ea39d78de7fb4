import { AzArgs } from "./azCommands";
import { AzLauncher, FileProbe, findAz, realFiles, runAz } from "./azProcess";
import { EXIT } from "./constants";
import { DryRunClient } from "./dryRun";
import { command, CommandIo, runAsProcess } from "../common/cli";
import { HELP, SETUP_OPTIONS, setupOptions, SetupOptions, USAGE } from "./options";
import {
    AZ_MISSING,
    azShellOnly,
    formatAmbiguous,
    formatAzFailure,
    formatCommand,
    formatDryRun,
    formatNotSignedIn,
    formatSummary,
} from "./report";
import {
    AmbiguousApp,
    AppNotFound,
    AzClient,
    AzCommandFailed,
    NotSignedIn,
    runSetup,
    UnexpectedOutput,
} from "./setupFlow";

/**
 * `npm run setup:azure-ad -- [options]`: registers the Azure AD application of the Databricks Jobs
 * connector with the Azure CLI. See docs/azure-ad-setup.md and --help.
 */

export interface MainContext extends CommandIo {
    env: NodeJS.ProcessEnv;
    platform: NodeJS.Platform;
    now(): Date;
    sleep(ms: number): Promise<void>;
    files?: FileProbe;
    /** Pauses between attempts of `az ad sp create` while a new app replicates (default: 12 × 5 s). */
    retryDelaysMs?: readonly number[];
}

const DEFAULT_RETRY_DELAYS_MS: readonly number[] = Array.from({ length: 12 }, () => 5_000);

/** Runs each command for real, showing it on stderr first (arguments only: they hold no secret). */
function processClient(launcher: AzLauncher, env: NodeJS.ProcessEnv, stderr: (text: string) => void): AzClient {
    return {
        run(args: AzArgs) {
            stderr(`  $ ${formatCommand(args)}\n`);
            return runAz(launcher, args, env);
        },
    };
}

async function runDry(options: SetupOptions, context: MainContext, azOnPath: boolean): Promise<number> {
    const client = new DryRunClient();
    await runSetup(options, client, {
        now: context.now(),
        sleep: async () => undefined,
        progress: () => undefined,
        retryDelaysMs: [],
    });
    context.stdout(formatDryRun(client.commands, azOnPath));
    return EXIT.ok;
}

async function setUp(options: SetupOptions, context: MainContext): Promise<number> {
    const lookup = findAz(context.env, context.platform, context.files ?? realFiles);
    if (options.dryRun) return runDry(options, context, lookup.found);
    if (!lookup.found) {
        context.stderr(lookup.reason === "missing" ? AZ_MISSING : azShellOnly(lookup.path));
        return EXIT.azMissing;
    }

    const now = context.now();
    const client = processClient(lookup.launcher, context.env, context.stderr);
    try {
        const outcome = await runSetup(options, client, {
            now,
            sleep: context.sleep,
            progress: (line) => context.stderr(`${line}\n`),
            retryDelaysMs: context.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
        });
        context.stdout(formatSummary(outcome, options, now));
        return EXIT.ok;
    } catch (error) {
        if (error instanceof NotSignedIn) {
            context.stderr(formatNotSignedIn(error.result.code, error.result.stderr));
            return EXIT.notSignedIn;
        }
        if (error instanceof AmbiguousApp) {
            context.stderr(formatAmbiguous(error.displayName, error.apps));
            return EXIT.ambiguousApp;
        }
        if (error instanceof AppNotFound) {
            context.stderr(`No app registration in this tenant has the client ID ${error.appId} (--app-id).\n`);
            return EXIT.azFailed;
        }
        if (error instanceof AzCommandFailed) {
            context.stderr(formatAzFailure(error.args, error.result.code, error.result.stderr));
            return EXIT.azFailed;
        }
        if (error instanceof UnexpectedOutput) {
            context.stderr(
                formatAzFailure(error.args, 0, `its output was not what the Azure CLI prints: ${error.detail}`),
            );
            return EXIT.azFailed;
        }
        throw error;
    }
}

export const main = command({
    name: "setup:azure-ad",
    usage: USAGE,
    help: HELP,
    options: SETUP_OPTIONS,
    run: (commandLine, context: MainContext) => setUp(setupOptions(commandLine, context.now()), context),
});

if (require.main === module) {
    runAsProcess((context) =>
        main({
            ...context,
            platform: process.platform,
            now: () => new Date(),
            sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        }),
    );
}
