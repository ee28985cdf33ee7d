/// <reference types="vite/client" />
// Stylesheets are imported for their side effect; Vite bundles them.
declare module '*.css';
