#!/usr/bin/env node
// Builds the package in the current directory: a clean dist/ from tsc, then the non-TS assets
// (schema.json, executors.json, generator templates, bundled .smithy preludes) that tsc does not copy.
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const pkgDir = process.cwd();
const dist = path.join(pkgDir, 'dist');
fs.rmSync(dist, { recursive: true, force: true });
const tsc = require.resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.lib.json'], { stdio: 'inherit' });

const assetExt = new Set(['.json', '.smithy', '.toml', '.template', '.hbs', '.md', '.wat', '.html', '.css', '.mjs']);
function copyAssets(from, to) {
  if (!fs.existsSync(from)) return;
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) {
      // Generator templates are copied verbatim, whatever their extension.
      if (entry.name === 'files') copyTree(src, dst);
      else copyAssets(src, dst);
    } else if (assetExt.has(path.extname(entry.name)) && !entry.name.endsWith('.spec.ts')) {
      fs.mkdirSync(to, { recursive: true });
      fs.copyFileSync(src, dst);
    }
  }
}
function copyTree(from, to) {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) copyTree(src, dst);
    else fs.copyFileSync(src, dst);
  }
}
copyAssets(path.join(pkgDir, 'src'), dist);
