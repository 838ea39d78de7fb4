import js from "@eslint/js";
import powerApps from "@microsoft/eslint-plugin-power-apps";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
    {
        ignores: ["**/generated/", "node_modules/", "out/", "obj/", "solution/bin/", "coverage/", "reference/data/"],
    },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        files: ["**/*.{ts,tsx}"],
        plugins: {
            "@microsoft/power-apps": powerApps,
            "react-hooks": reactHooks,
        },
        languageOptions: {
            globals: { ...globals.browser, ComponentFramework: "readonly" },
        },
        rules: {
            ...powerApps.configs.paCheckerHosted.rules,
            ...reactHooks.configs.recommended.rules,
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
        },
    },
    {
        files: ["tools/**", "tests/**", "bench/**", "**/*.test.{ts,tsx}", "**/__tests__/**", "*.{js,cjs,mjs}"],
        languageOptions: {
            globals: { ...globals.node, ...globals.jest },
        },
    },
);
