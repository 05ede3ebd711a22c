// Jest runs the tests as CommonJS; yargs and the packages it loads are ECMAScript modules only. They are
// compiled to CommonJS here (as the bundle does, scripts/build.mjs) so that the CLI's main() runs
// in-process in a test.
const { transformSync } = require('esbuild');

module.exports = {
  getCacheKey(source, file) {
    return require('node:crypto')
      .createHash('sha256')
      .update(`esm-transform 3\0${file}\0${source}`)
      .digest('hex');
  },
  process(source, file) {
    const { code } = transformSync(source, {
      format: 'cjs',
      loader: 'js',
      target: 'node20',
      // Named .js, not .mjs: esbuild then reads `import x from` as the default export of a compiled module
      // (all of them are compiled here), not as Node reads it from a CommonJS one.
      sourcefile: file.replace(/\.mjs$/, '.js'),
      define: { 'import.meta.url': '__importMetaUrl' },
    });
    // In a function of its own: a module may declare names CommonJS already has, such as __dirname.
    const prelude = "const __importMetaUrl = require('url').pathToFileURL(__filename).href;";
    return { code: `(function () {${prelude}\n${code}\n})();` };
  },
};
