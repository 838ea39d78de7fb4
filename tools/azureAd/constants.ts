import { EXIT as COMMON_EXIT } from "../common/cli";

/**
 * Fixed facts the Azure AD set-up relies on. They must agree with connector/apiProperties.json
 * (a test checks that they do).
 */

/** Application (client) ID of AzureDatabricks, Microsoft's first-party application for Azure Databricks. */
export const AZURE_DATABRICKS_APP_ID = "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d";

/** ID of AzureDatabricks' delegated permission (oauth2PermissionScope) `user_impersonation`. */
export const USER_IMPERSONATION_ID = "739272be-e143-11e8-9f32-f2801f1b9fd1";

/** The claim value of that permission, as `az ad app permission grant --scope` takes it. */
export const USER_IMPERSONATION = "user_impersonation";

/** Display name of the app registration when `--display-name` is not given. */
export const DEFAULT_DISPLAY_NAME = "Databricks Jobs connector";

/** Friendly name of the client secrets this command creates (Certificates & secrets → Description). */
export const SECRET_DISPLAY_NAME = "Power Platform custom connector";

/**
 * With `redirectMode` `GlobalPerConnector` each connector has its own redirect URL under this prefix,
 * for example `https://global.consent.azure-apim.net/redirect/cr123-5fdatabricks-20jobs-5fabc`.
 */
export const REDIRECT_PREFIX = "https://global.consent.azure-apim.net/redirect/";

/** The shared redirect URL of connectors with `redirectMode` `Global`; not the one this connector uses. */
export const SHARED_REDIRECT_URL = "https://global.consent.azure-apim.net/redirect";

/** Longest secret lifetime this command sets (the portal offers at most 24 months). */
export const MAX_SECRET_YEARS = 2;

/** Exit codes of `npm run setup:azure-ad`: the one rule of every tool (0 ok, 1 failed, 2 usage); the message says which failure. */
export const EXIT = {
    /** Done (admin consent may still be pending: the summary says so). */
    ok: COMMON_EXIT.ok,
    /** An `az` command failed; the message names the command and repeats its error output. */
    azFailed: COMMON_EXIT.failed,
    /** The options are wrong; nothing was run. */
    usage: COMMON_EXIT.usage,
    /** `az` is not on PATH (or cannot be started without a shell). */
    azMissing: COMMON_EXIT.failed,
    /** `az account show` failed: not signed in. */
    notSignedIn: COMMON_EXIT.failed,
    /** More than one app registration has the display name; pass --app-id. */
    ambiguousApp: COMMON_EXIT.failed,
} as const;
