// maplibre's stylesheet (canvas and control layout) is imported for its side effect; Vite bundles it.
declare module 'maplibre-gl/dist/maplibre-gl.css';
