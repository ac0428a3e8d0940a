import { dirname, join, resolve } from "node:path";

/**
 * Where a package of this name may be installed for modules in `directory`: its folder in the
 * node_modules of `directory` and of every folder above it, nearest first, as Node, the bundler
 * and TypeScript look for it.
 */
export function packageFoldersAbove(directory: string, name: string): string[] {
  const folders: string[] = [];
  for (let folder = resolve(directory); ; folder = dirname(folder)) {
    folders.push(join(folder, "node_modules", name));
    if (dirname(folder) === folder) return folders;
  }
}
