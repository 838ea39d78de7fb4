import { createLocalizer, type Localize } from "../../runModel/localize";
import { StringKeys, type StringKey } from "../../runModel/stringKeys";

/** Strings only the portal component shows, in the same TriggerControl.<lcid>.resx files as the control's. */
export const PortalOnlyStringKeys = [
    "Portal_Loading",
    "Portal_Retry",
    "Portal_FlowIdMissing",
    "Portal_FlowIdInvalid",
    "Portal_Forbidden",
    "Portal_ServerError",
    "Portal_NetworkError",
    "Portal_UnreadableReply",
    "Portal_HttpStatus",
    "Portal_NotAllowed",
    "Portal_FlowError",
    "Portal_NoRunStarted",
    "Portal_NotAuthorized",
    "Portal_SignInNeeded",
    "Portal_EndpointInvalid",
    "Portal_EndpointStatus",
    "Portal_TransportInvalid",
] as const;

export type PortalOnlyStringKey = (typeof PortalOnlyStringKeys)[number];
export type PortalStringKey = StringKey | PortalOnlyStringKey;
export type PortalLocalize = Localize<PortalStringKey>;

/** The control's strings the component does not show: its wording is about canvas formulas. */
const CONTROL_ONLY: readonly StringKey[] = ["Error_NoRunStarted"];

/** Every key the component's bundle carries, in the order of its string tables. */
export const PortalStringKeys: readonly PortalStringKey[] = [
    ...StringKeys.filter((key) => !CONTROL_ONLY.includes(key)),
    ...PortalOnlyStringKeys,
];

/** The Windows language ids of the resx files, by the primary subtag of a BCP 47 tag. */
const LCID_OF_LANGUAGE: Readonly<Record<string, string>> = { en: "1033", de: "1031", fr: "1036", es: "3082" };
export const DEFAULT_LCID = "1033";

/** Texts by language id, each list in the order of PortalStringKeys. */
export type StringTables = Readonly<Record<string, readonly string[]>>;

let registered: StringTables = {};
const localizers = new Map<string, PortalLocalize>();

/** The bundle's entry registers the tables the build made from the resx files; tests register theirs. */
export function registerStringTables(tables: StringTables): void {
    registered = tables;
    localizers.clear();
}

/** The resx language for a `lang` value such as "de-CH": by its primary subtag; English for anything else. */
export function lcidOf(lang: string | null | undefined): string {
    const primary = (lang ?? "").trim().split(/[-_]/)[0].toLowerCase();
    return LCID_OF_LANGUAGE[primary] ?? DEFAULT_LCID;
}

/** The strings of one language; a text missing there is taken from English. */
export function portalLocalizer(lcid: string): PortalLocalize {
    const known = localizers.get(lcid);
    if (known) return known;
    const texts = registered[lcid] ?? registered[DEFAULT_LCID] ?? [];
    const english = registered[DEFAULT_LCID] ?? [];
    const indexOf = new Map(PortalStringKeys.map((key, index) => [key as string, index]));
    const localize = createLocalizer<PortalStringKey>((key) => {
        const index = indexOf.get(key);
        return index === undefined ? "" : (texts[index] ?? english[index] ?? "");
    });
    localizers.set(lcid, localize);
    return localize;
}
