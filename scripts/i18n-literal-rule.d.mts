/** Types of i18n-literal-rule.mjs (plain JS, since eslint.config.js imports it). */
export declare const i18nLiteralRuleOptions: Record<string, unknown>;
export declare const i18nLiteralFiles: string[];
export declare const i18nLiteralIgnores: string[];
