// The Standard Safeguarding Dataset's own definitions, kept in ./model/ as
// published by data-to-insight/ssd-data-model (MIT licence): each object's
// fields in order, and the category sets (code lists). Read by the tests,
// which hold objects.ts and the export's codes against them.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const MODEL = new URL('./model/', import.meta.url);

interface ModelObject {
  nodes: { name: string; fields: { name: string }[] }[];
}

/** The model's field names for an object, in its order. */
export function modelFields(object: string): string[] {
  const doc = parse(readFileSync(new URL(`${object}.yml`, MODEL), 'utf8')) as ModelObject;
  const node = doc.nodes.find((n) => n.name === object);
  if (!node) throw new Error(`${object}.yml does not define ${object}`);
  return node.fields.map((f) => f.name);
}

/**
 * The codes of one of the model's category sets (categories/<name>.yml): each
 * entry's `- value:` line. Read line by line, because some files are not valid
 * YAML as published (upn_unknown.yml has an unescaped quote in a description).
 */
export function modelCodes(category: string): Set<string> {
  const text = readFileSync(new URL(`categories/${category}.yml`, MODEL), 'utf8');
  return new Set([...text.matchAll(/^- value: *'?([^'\n]*?)'? *$/gm)].map((m) => m[1]!));
}
