/** Walking nested values for credential-like keys, in YAML trees (with nodes) and plain values. */
import type { Node as YamlNode } from 'yaml';
import { yamlEntries, yamlItems, yamlScalar } from '../../parsers/yaml.js';

const MAX_DEPTH = 64;

/** Every scalar under a mapping key, with its key, node and key path; `{name, value}` list items count as `name: value`. */
export function walkYamlScalars(node: YamlNode | undefined, visit: (key: string, value: unknown, node: YamlNode, path: string[]) => void, path: string[] = [], depth = 0): void {
  if (!node || depth > MAX_DEPTH) return;
  const entries = yamlEntries(node);
  if (entries.length) {
    const nameEntry = entries.find(([k]) => k === 'name' || k === 'Name');
    const valueEntry = entries.find(([k]) => k === 'value' || k === 'Value');
    if (nameEntry && valueEntry && valueEntry[2] && entries.length <= 3) {
      const name = yamlScalar(nameEntry[2]);
      if (typeof name === 'string') visit(name, yamlScalar(valueEntry[2]), valueEntry[2], [...path, name]);
    }
    for (const [key, keyNode, node] of entries) {
      if (!node) continue;
      const value = intrinsicArgument(node) ?? node;
      const s = yamlScalar(value);
      if (s !== undefined) visit(key, s, value ?? keyNode, [...path, key]);
      else walkYamlScalars(value, visit, [...path, key], depth + 1);
    }
    return;
  }
  yamlItems(node).forEach((item, i) => walkYamlScalars(item, visit, [...path, String(i)], depth + 1));
}

/**
 * A CloudFormation intrinsic written long-form, as JSON templates must (`{"Fn::Sub": "…"}`,
 * `{"Ref": "Stage"}`): its argument, which is what the YAML short form (`!Sub "…"`) reads as.
 */
function intrinsicArgument(node: YamlNode): YamlNode | undefined {
  const entries = yamlEntries(node);
  if (entries.length !== 1) return undefined;
  const [key, , value] = entries[0]!;
  return key === 'Ref' || key.startsWith('Fn::') ? value : undefined;
}

/** The same over a plain value (evaluated HCL, decoded JSON). */
export function walkScalars(value: unknown, visit: (key: string, value: unknown, path: string[]) => void, path: string[] = [], depth = 0): void {
  if (depth > MAX_DEPTH || !value || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => walkScalars(v, visit, [...path, String(i)], depth + 1));
    return;
  }
  const obj = value as Record<string, unknown>;
  const name = obj.name ?? obj.Name;
  const val = 'value' in obj ? obj.value : obj.Value;
  if (typeof name === 'string' && (typeof val === 'string' || typeof val === 'number')) visit(name, val, [...path, name]);
  for (const [k, v] of Object.entries(obj)) {
    if (v && typeof v === 'object') walkScalars(v, visit, [...path, k], depth + 1);
    else visit(k, v, [...path, k]);
  }
}
