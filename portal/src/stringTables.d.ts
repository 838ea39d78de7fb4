/** Generated at build time by tools/build/portalBuild.ts from TriggerControl/strings/*.resx. */
declare module "portal-string-tables" {
    const tables: Readonly<Record<string, readonly string[]>>;
    export default tables;
}
