// ESLint rule `quadro/boundaries`: who may import what. Each runtime library has one owner, and each layer of
// src/ names the folders it must not reach. Static imports, re-exports and dynamic `import()` are all checked
// (the core `no-restricted-imports` rule does not see `import()`, which is how the app loads chart.js,
// workbox-window and its own lazy chunks). The lists live in eslint.config.js; the map in docs/ARCHITECTURE.md.
import { dirname, relative, resolve, sep } from 'node:path';

/**
 * @typedef {{ packages: string[], owner: string[], message: string }} Library
 *   `owner`: project paths (a folder ends with "/") whose files may import the packages.
 * @typedef {{ deny: string[], except?: string[], allowTypes?: boolean, message: string }} Restriction
 *   Targets under `deny` (and not under `except`) may not be imported; `allowTypes`: a type-only import may.
 * @typedef {{ files: string[], restrictions: Restriction[] }} Layer
 * @typedef {{ libraries: Library[], layers: Layer[] }} Options
 */

/** True when the project path `path` is `prefix` itself or lies under it (a prefix ending in "/"). */
function within(path, prefix) {
  return prefix.endsWith('/') ? path.startsWith(prefix) : path === prefix;
}

function isTypeOnly(node) {
  if (node.type === 'ImportExpression') return false;
  if (node.importKind === 'type' || node.exportKind === 'type') return true;
  const specifiers = node.specifiers ?? [];
  return specifiers.length > 0 && specifiers.every((s) => s.importKind === 'type' || s.exportKind === 'type');
}

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'Each runtime library has one owner; each layer of src/ imports only what is below it.' },
    schema: [{ type: 'object', additionalProperties: true }],
  },
  create(context) {
    /** @type {Options} */
    const { libraries = [], layers = [] } = context.options[0] ?? {};
    const cwd = context.cwd;
    const toProjectPath = (absolute) => relative(cwd, absolute).split(sep).join('/');
    const file = toProjectPath(context.filename);
    const foreignLibraries = libraries.filter((library) => !library.owner.some((owner) => within(file, owner)));
    const restrictions = layers.filter((layer) => layer.files.some((prefix) => within(file, prefix))).flatMap((layer) => layer.restrictions);

    function check(node, source) {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const specifier = source.value;
      if (!specifier.startsWith('.') && !specifier.startsWith('/')) {
        for (const library of foreignLibraries) {
          if (library.packages.some((name) => specifier === name || specifier.startsWith(`${name}/`))) {
            context.report({ node, message: library.message });
          }
        }
        return;
      }
      const target = toProjectPath(resolve(dirname(context.filename), specifier));
      const typeOnly = isTypeOnly(node);
      for (const restriction of restrictions) {
        if (typeOnly && restriction.allowTypes) continue;
        const denied = restriction.deny.some((prefix) => within(target, prefix));
        const excepted = (restriction.except ?? []).some((prefix) => within(target, prefix));
        if (denied && !excepted) context.report({ node, message: `${restriction.message} (${target})` });
      }
    }

    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
    };
  },
};
