import { secretsIn } from "../../tools/connector/validator/secretScan";

describe("secret shapes", () => {
    it.each([
        ["eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4eHgifQ.c2lnbmF0dXJl", "a JSON web token"],
        ["dapi0123456789abcdef0123456789abcdef", "a Databricks personal access token"],
        ["abc8Q~0123456789abcdefghijABCDEFGHIJ_-.", "an Azure AD client secret"],
        ["-----BEGIN RSA PRIVATE KEY-----", "a private key"],
        [
            "DefaultEndpointsProtocol=https;AccountName=x;AccountKey=c2VjcmV0c2VjcmV0",
            "a key or password in a connection string",
        ],
        [
            "tenant 5b6e3c1a-9d2f-4e8b-a7c4-1f0d2e3b4a59",
            "a tenant, client or object ID (5b6e3c1a-9d2f-4e8b-a7c4-1f0d2e3b4a59)",
        ],
    ])("finds %s", (text, what) => {
        expect(secretsIn(text)).toEqual([what]);
    });

    it.each([
        "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d",
        "00000000-0000-0000-0000-000000000000",
        "REPLACE-WITH-YOUR-AZURE-AD-APPLICATION-CLIENT-ID",
        "https://adb-1234567890123456.7.azuredatabricks.net",
        "--secret <client secret>",
    ])("lets %s pass", (text) => {
        expect(secretsIn(text)).toEqual([]);
    });
});
