import { checkConnection } from "../../tools/connector/validator/connectionRules";
import { ConnectorFiles } from "../../tools/connector/model/connectorFiles";
import { drawIcon, encodeIcon } from "../../tools/connector/icon/icon";
import { formatProblem } from "../../tools/connector/model/problem";
import { connectorCopy, definitionOf } from "./fixture";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function lines(change: (files: ConnectorFiles, properties: Json, oauth: Json) => void): string[] {
    const files = connectorCopy();
    const properties = (files.apiProperties as Json).properties;
    change(files, properties, properties.connectionParameters.token.oAuthSettings);
    return checkConnection(files).map(formatProblem);
}

const OAUTH = "apiProperties.json#/properties/connectionParameters/token/oAuthSettings";

describe("sign-in, host and publisher rules", () => {
    it("hold for the shipped connector", () => {
        expect(lines(() => undefined)).toEqual([]);
    });

    it.each([
        [
            "an identity provider other than aad",
            (_f: ConnectorFiles, _p: Json, o: Json) => (o.identityProvider = "oauth2"),
            `${OAUTH}/identityProvider [oauth-identity-provider] must be "aad", is "oauth2": Databricks accepts Azure AD tokens`,
        ],
        [
            "redirect mode Global",
            (_f: ConnectorFiles, _p: Json, o: Json) => (o.redirectMode = "Global"),
            `${OAUTH}/redirectMode [oauth-redirect-mode] must be "GlobalPerConnector", is "Global": certification requires a redirect URL per connector`,
        ],
        [
            "a fixed tenant",
            (_f: ConnectorFiles, _p: Json, o: Json) => (o.customParameters.tenantId.value = "contoso.onmicrosoft.com"),
            `${OAUTH}/customParameters/tenantId/value [oauth-tenant] must be "common", is "contoso.onmicrosoft.com": users of any tenant sign in to their own workspace`,
        ],
        [
            "on-behalf-of login switched on",
            (_f: ConnectorFiles, _p: Json, o: Json) => (o.customParameters.enableOnbehalfOfLogin.value = "true"),
            `${OAUTH}/customParameters/enableOnbehalfOfLogin/value [oauth-on-behalf-of] must be "false", is "true": as Microsoft's own Azure AD connectors set it`,
        ],
        [
            "a login URI of another cloud",
            (_f: ConnectorFiles, _p: Json, o: Json) =>
                (o.customParameters.loginUri.value = "https://login.example.com"),
            `${OAUTH}/customParameters/loginUri/value [oauth-login-uri] must be one of https://login.microsoftonline.com, https://login.windows.net`,
        ],
        [
            "a client secret in the file",
            (_f: ConnectorFiles, _p: Json, o: Json) => (o.clientSecret = "REPLACE-ME"),
            `${OAUTH}/clientSecret [oauth-client-id] must not be in the file; paconn and pac ask for the secret`,
        ],
        [
            "a host template with a path",
            (_f: ConnectorFiles, p: Json) =>
                (p.policyTemplateInstances[0].parameters["x-ms-apimTemplateParameter.urlTemplate"] =
                    "https://@connectionParameters('workspaceHost')/api"),
            "apiProperties.json#/properties/policyTemplateInstances/0/parameters/x-ms-apimTemplateParameter.urlTemplate [dynamic-host-url] must be https://@connectionParameters('<host parameter>') with no path: the definition's paths carry /api/...",
        ],
        [
            "an optional host",
            (_f: ConnectorFiles, p: Json) =>
                (p.connectionParameters.workspaceHost.uiDefinition.constraints.required = "false"),
            "apiProperties.json#/properties/connectionParameters/workspaceHost [host-parameter] the host must be a required string connection parameter",
        ],
        [
            "the default brand colour",
            (f: ConnectorFiles, p: Json) => {
                p.iconBrandColor = "#007ee5";
                f.icon = encodeIcon(drawIcon("#007ee5"));
            },
            "apiProperties.json#/properties/iconBrandColor [brand-color] must be #rrggbb, and neither the default #007ee5 nor white",
        ],
        [
            "a missing script operation",
            (_f: ConnectorFiles, p: Json) => (p.scriptOperations = ["RunNow"]),
            'apiProperties.json#/properties/scriptOperations [script-operations] must be exactly ["RunNow","GetJobParametersSchema"], the operations script.csx handles',
        ],
        [
            "settings without the script",
            (f: ConnectorFiles) => delete (f.settings as Json).script,
            'settings.json#/script [settings-files] must be "script.csx"',
        ],
        [
            "a base path",
            (f: ConnectorFiles) => (definitionOf(f).basePath = "/api"),
            'apiDefinition.swagger.json#/basePath [base-path] must be "/": dynamichosturl replaces host and base path',
        ],
        [
            "plain http",
            (f: ConnectorFiles) => (definitionOf(f).schemes = ["http", "https"]),
            'apiDefinition.swagger.json#/schemes [https-only] must be ["https"]',
        ],
        [
            "an optional job_id on RunNow",
            (f: ConnectorFiles) =>
                (definitionOf(f).paths!["/api/2.2/jobs/run-now"].post.parameters![0].schema!.required = []),
            "apiDefinition.swagger.json#/paths/~1api~12.2~1jobs~1run-now/post/parameters [canvas-contract] job_id of RunNow must be required",
        ],
        [
            "an icon in another colour",
            (f: ConnectorFiles) => (f.icon = encodeIcon(drawIcon("#123456"))),
            "icon.png# [icon] the background must be the brand colour #FF3621, is #123456",
        ],
    ])("reports %s", (_what, change, expected) => {
        expect(lines(change)).toEqual([expected]);
    });

    it("reports a job_id that is text", () => {
        expect(
            lines((f) => {
                const jobId = definitionOf(f).paths!["/api/2.2/jobs/get"].get.parameters![0];
                jobId.type = "string";
                delete jobId.format;
            }),
        ).toEqual([
            "apiDefinition.swagger.json#/paths/~1api~12.2~1jobs~1get/get/parameters/0 [id-int64] job_id must be integer with format int64",
        ]);
    });

    it("reports an operation the issue requires at another path", () => {
        expect(
            lines((f) => {
                const paths = definitionOf(f).paths!;
                paths["/api/2.1/jobs/runs/list"] = paths["/api/2.2/jobs/runs/list"];
                delete paths["/api/2.2/jobs/runs/list"];
            }),
        ).toEqual([
            "apiDefinition.swagger.json#/paths [required-operations] ListRuns must be GET /api/2.2/jobs/runs/list",
        ]);
    });
});
