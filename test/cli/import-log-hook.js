// The module hook of import-log.js (it runs on Node's loader thread).
export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(resolved.url);
  if (inPackage) process.stderr.write(`imported ${inPackage[1]}\n`);
  return resolved;
}
