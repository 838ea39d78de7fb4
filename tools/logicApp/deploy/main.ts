import { AzArgs } from "../../azureAd/azCommands";
import { AzLauncher, FileProbe, findAz, realFiles, runAz } from "../../azureAd/azProcess";
import { AZ_MISSING, azShellOnly, formatCommand, formatNotSignedIn } from "../../azureAd/report";
import { AppNotFound, AzClient, AzCommandFailed, NotSignedIn } from "../../azureAd/setupFlow";
import { command, CommandIo, EXIT, runAsProcess, UsageError } from "../../common/cli";
import { readTemplate, ResourceGroupMissing, runDeploy, StepFailed, TemplateProblem } from "./deployFlow";
import { DeployDryRunClient, PLACEHOLDER } from "./dryRun";
import { DEPLOY_OPTIONS, deployOptions, DeployOptions, HELP, USAGE } from "./options";
import { withParametersFile } from "./parameters";
import {
    formatDeployDryRun,
    formatDeploySummary,
    formatMissingSecret,
    formatResourceGroupMissing,
    formatStepFailure,
} from "./report";

/**
 * `npm run deploy:logic-app -- [options]`: deploys the Logic Apps twin with the Azure CLI. See
 * docs/logic-apps-guide.md and --help.
 */

export interface DeployContext extends CommandIo {
    env: NodeJS.ProcessEnv;
    platform: NodeJS.Platform;
    files?: FileProbe;
}

/** Runs each command for real, showing it on stderr first (arguments only: they hold no secret). */
function processClient(launcher: AzLauncher, env: NodeJS.ProcessEnv, stderr: (text: string) => void): AzClient {
    return {
        run(args: AzArgs) {
            stderr(`  $ ${formatCommand(args)}\n`);
            return runAz(launcher, args, env);
        },
    };
}

function secretValue(options: DeployOptions, env: NodeJS.ProcessEnv): string | undefined {
    if (options.secret.kind === "keyVault") return "";
    const value = env[options.secret.variable];
    return value === undefined || value === "" ? undefined : value;
}

async function runDry(options: DeployOptions, context: DeployContext, azOnPath: boolean): Promise<number> {
    const client = new DeployDryRunClient();
    const notes: string[] = [];
    const template = readTemplate(options.templateFile, false);
    if (!template) notes.push(`${options.templateFile} does not exist yet: npm run build writes it.`);
    const redacted = options.secret.kind === "environment" ? `<redacted: the value of ${options.secret.variable}>` : "";
    if (options.secret.kind === "environment" && secretValue(options, context.env) === undefined)
        notes.push(`${options.secret.variable} is not set; a real run needs the client secret there.`);
    if (!azOnPath) notes.push("az is not on PATH here; install the Azure CLI and run az login before a real run.");
    let parametersText: string | undefined;
    await runDeploy(options, client, {
        secretValue: redacted,
        withParametersFile: (text, deploy) => {
            parametersText = text;
            return deploy(PLACEHOLDER.parametersFile);
        },
        progress: () => undefined,
        templateOptional: true,
    });
    context.stdout(formatDeployDryRun(client.commands, parametersText, notes));
    return EXIT.ok;
}

function reportFailure(error: unknown, context: DeployContext): number {
    if (error instanceof NotSignedIn) {
        context.stderr(formatNotSignedIn(error.result.code, error.result.stderr));
    } else if (error instanceof ResourceGroupMissing) {
        context.stderr(formatResourceGroupMissing(error.resourceGroup, error.result.code, error.result.stderr));
    } else if (error instanceof TemplateProblem) {
        context.stderr(`${error.message}\n`);
    } else if (error instanceof AppNotFound) {
        context.stderr(
            `No app registration in this tenant has the client ID ${error.appId} (--client-id). Register the connector's app with npm run setup:azure-ad.\n`,
        );
    } else if (error instanceof StepFailed) {
        const failure = error.failure;
        const [code, stderr] =
            failure instanceof AzCommandFailed
                ? [failure.result.code, failure.result.stderr]
                : [0, `its output was not what was expected: ${failure.detail}`];
        context.stderr(formatStepFailure(error.step, failure.args, code, stderr));
    } else {
        throw error;
    }
    return EXIT.failed;
}

async function deploy(options: DeployOptions, context: DeployContext): Promise<number> {
    const lookup = findAz(context.env, context.platform, context.files ?? realFiles);
    if (options.dryRun) return runDry(options, context, lookup.found);
    const secret = secretValue(options, context.env);
    if (secret === undefined && options.secret.kind === "environment")
        throw new UsageError(formatMissingSecret(options.secret.variable).trimEnd());
    if (!lookup.found) {
        context.stderr(lookup.reason === "missing" ? AZ_MISSING : azShellOnly(lookup.path));
        return EXIT.failed;
    }
    const client = processClient(lookup.launcher, context.env, context.stderr);
    try {
        const outcome = await runDeploy(options, client, {
            secretValue: secret ?? "",
            withParametersFile,
            progress: (line) => context.stderr(`${line}\n`),
        });
        context.stdout(formatDeploySummary(outcome));
        return EXIT.ok;
    } catch (error) {
        return reportFailure(error, context);
    }
}

export const main = command({
    name: "deploy:logic-app",
    usage: USAGE,
    help: HELP,
    options: DEPLOY_OPTIONS,
    run: (commandLine, context: DeployContext) => deploy(deployOptions(commandLine), context),
});

if (require.main === module) {
    runAsProcess((context) => main({ ...context, platform: process.platform }));
}
