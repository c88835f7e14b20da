// node-oidc-provider ships no types; support/oidc.ts types the little it uses.
declare module 'oidc-provider';
