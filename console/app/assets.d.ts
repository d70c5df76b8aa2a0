// Vite resolves `?url` imports to the built asset's URL.
declare module '*.css?url' {
  const url: string;
  export default url;
}
