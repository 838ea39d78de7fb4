import { AzArgs } from "../../azureAd/azCommands";
import { AzResult } from "../../azureAd/azProcess";
import { AzClient } from "../../azureAd/setupFlow";

/** Stand-ins for values that exist only once a step has run; the printed commands show them. */
export const PLACEHOLDER = {
    tenantId: "<tenant-id>",
    subscriptionId: "<subscription-id>",
    redirectUrl: "https://logic-apis-<region>.consent.azure-apim.net/redirect",
    parametersFile: "<temporary parameters file>",
} as const;

const ok = (value: unknown): AzResult => ({ code: 0, stdout: JSON.stringify(value), stderr: "" });

function option(args: AzArgs, name: string): string {
    const index = args.indexOf(name);
    return index < 0 ? "" : (args[index + 1] ?? "");
}

/**
 * Runs nothing: records each command and answers as Azure would on a first deployment (the
 * resource group exists; no earlier deployment; the Entra app lacks the redirect URL; the
 * connection is not authorized yet), so the recorded commands are exactly those of a first run.
 */
export class DeployDryRunClient implements AzClient {
    readonly commands: Array<{ args: AzArgs; changes: boolean }> = [];

    async run(args: AzArgs, changes: boolean): Promise<AzResult> {
        this.commands.push({ args, changes });
        const firstOption = args.findIndex((arg) => arg.startsWith("-"));
        const words = (firstOption < 0 ? args : args.slice(0, firstOption)).join(" ");
        const group = option(args, "--resource-group");
        const resourceId = (type: string, name: string) =>
            `/subscriptions/${PLACEHOLDER.subscriptionId}/resourceGroups/${group}/providers/${type}/${name}`;
        if (words === "account show") return ok({ tenantId: PLACEHOLDER.tenantId, user: { name: "<you>" } });
        if (words === "group show") return ok({ name: option(args, "--name"), location: "<region>" });
        if (words === "deployment group show")
            return { code: 3, stdout: "", stderr: "ERROR: (DeploymentNotFound) (dry run)" };
        if (words === "deployment group create") {
            return ok({
                redirectUrl: { type: "String", value: PLACEHOLDER.redirectUrl },
                connectionId: { type: "String", value: resourceId("Microsoft.Web/connections", "<connection>") },
                workflowId: { type: "String", value: resourceId("Microsoft.Logic/workflows", "<workflow>") },
            });
        }
        if (words === "ad app list") {
            const appId = /'([^']*)'/.exec(option(args, "--filter"))?.[1] ?? "<app-id>";
            return ok([{ id: "<app-object-id>", appId, web: { redirectUris: [] } }]);
        }
        if (words === "resource show") return ok({ properties: { statuses: [{ status: "Error" }] } });
        if (words === "rest") {
            return ok({
                value: "https://<logic-app-endpoint>/workflows/<workflow-key>/triggers/manual/paths/invoke?api-version=2016-10-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=dry-run",
            });
        }
        return ok({});
    }
}
