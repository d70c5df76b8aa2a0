// Types of postgres-closed-socket.mjs (plain JavaScript: it runs before tsx is loaded).
export function patchConnectionSource(source: string, file?: string): string;
export function applyPostgresPatch(root: string): string[];
