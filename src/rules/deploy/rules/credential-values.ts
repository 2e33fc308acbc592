/**
 * Where deployment files keep values under names: container `env`, Compose `environment`, Helm
 * values, MCP Toolbox sources, Dockerfile `ENV`/`ARG`, committed `.env` files, CloudFormation environments and
 * Terraform attributes. The rules that judge such values (a literal credential, a default
 * password) share this traversal and differ only in what they do with each value.
 */
import type { Node as YamlNode } from 'yaml';
import type { Span } from '../../../core/rule.js';
import { yamlAt, yamlEntries, yamlItems, yamlScalar, yamlSpan } from '../../../parsers/yaml.js';
import type { HclBlock, HclBody } from '../../../parsers/hcl.js';
import type { DeployCtx } from '../context.js';
import { composeEnv, containers, podSpec, POD_KINDS, type Container } from '../formats.js';
import { dockerAssignments } from '../dockerfile-format.js';
import type { DeployRule } from '../rule.js';
import { walkScalars, walkYamlScalars } from '../walk.js';
import { locateKey } from './terraform-util.js';
import { escapeRegExp } from '../../../core/regex.js';

/** Called for every named value: its key, raw value, who consumes it, where, and a phrase saying where. */
export type OnValue = (dc: DeployCtx, key: string, value: unknown, consumer: string, span: Span | undefined, where: string) => void;

/**
 * The format handlers of a rule that judges named values. `recordSecretRefs` also records the
 * Kubernetes Secrets a container reads (`secretKeyRef`) as identities: one rule does it.
 */
export function credentialValueHandlers(check: OnValue, options: { recordSecretRefs?: boolean } = {}): Omit<DeployRule, 'meta'> {
  return {
    k8sKinds: POD_KINDS,
    k8s(obj, dc) {
      const pod = podSpec(obj);
      if (!pod) return;
      for (const c of containers(pod)) containerEnv(c, dc, check, options.recordSecretRefs === true);
    },

    compose(services, _doc, dc) {
      for (const s of services) {
        for (const e of composeEnv(s)) check(dc, e.key, e.value, `Compose service "${s.name}"`, yamlSpan(e.node), `the environment of Compose service "${s.name}"`);
      }
    },

    helmValues(doc, dc) {
      const chart = chartName(dc.file.relPath);
      const root = doc.document.contents as YamlNode;
      walkYamlScalars(root, (key, value, node, path) => {
        if (namesSecretEntry(key, root, path)) return;
        check(dc, key, value, `Helm chart ${chart}`, yamlSpan(node), `Helm values (${path.join('.')})`);
      });
    },

    toolbox(doc, dc) {
      for (const [name, , node] of yamlEntries(yamlAt(doc.document.contents, ['sources']))) {
        walkYamlScalars(node, (key, value, scalar, path) =>
          check(dc, key, value, `MCP Toolbox source "${name}"`, yamlSpan(scalar), `MCP Toolbox source "${name}" (${[name, ...path].join('.')})`),
        );
      }
    },

    dockerfile(instructions, dc) {
      for (const ins of instructions) {
        if (ins.op !== 'ENV' && ins.op !== 'ARG') continue;
        for (const a of dockerAssignments(ins)) {
          if (a.value === undefined) continue;
          check(dc, a.key, a.value, `image built from ${dc.file.relPath}`, dc.lineSpan(lineOfKey(dc, ins.line, a.key)), `Dockerfile ${ins.op} ${a.key} (kept in the image layers)`);
        }
      }
    },

    dotenv(entries, dc) {
      for (const e of entries) {
        const span: Span = { startLine: e.line, startColumn: e.column, endLine: e.line, endColumn: e.column + e.value.length + 1 };
        check(dc, e.key, e.value, dc.file.relPath, span, `committed env file ${dc.file.baseName}`);
      }
    },

    cfn(resources, _doc, dc) {
      for (const r of resources) {
        if (!r.propertiesNode) continue;
        const env = ENV_PATHS.flatMap((p) => (yamlAt(r.propertiesNode, p) ? [yamlAt(r.propertiesNode, p)!] : []));
        for (const node of env) {
          walkYamlScalars(node, (key, value, vnode) => check(dc, key, value, `${r.type} ${r.id}`, yamlSpan(vnode), `the environment of ${r.type} ${r.id}`));
        }
      }
    },

    terraformSignal: 'values',

    terraform(tf, dc) {
      for (const block of tf.blocks) {
        if (block.type === 'variable') {
          const name = block.labels[0] ?? '';
          const def = block.attributes.find((a) => a.name === 'default');
          if (def) check(dc, name, def.value, `Terraform variable ${name}`, def.valueSpan, `the default of Terraform variable "${name}"`);
          continue;
        }
        if (block.type !== 'resource' && block.type !== 'module' && block.type !== 'locals') continue;
        const address = block.type === 'locals' ? 'locals' : block.labels.join('.');
        walkBody(block, dc, address, check);
      }
    },
  };
}

/**
 * `auth: {existingSecret: "", password: "", secretKey: password}`: beside the name of a Secret to
 * read, a `…Key` value names the entry of that Secret that holds the credential (Helm charts'
 * convention), whatever word the entry is called.
 */
function namesSecretEntry(key: string, root: YamlNode, path: string[]): boolean {
  if (!/[a-z]Key$/.test(key)) return false;
  return yamlEntries(yamlAt(root, path.slice(0, -1))).some(([k]) => /^existing\w*Secret\w*$|^secretName$/i.test(k));
}

/** Where CloudFormation resources keep environment variables (`Environment` holds Lambda's `Variables`). */
const ENV_PATHS = [['ContainerDefinitions'], ['Environment']];

function containerEnv(c: Container, dc: DeployCtx, check: OnValue, recordSecretRefs: boolean): void {
  const consumer = c.pod.owner.label;
  for (const item of yamlItems(yamlAt(c.node, ['env']))) {
    const name = yamlScalar(yamlAt(item, ['name']));
    if (typeof name !== 'string') continue;
    const valueNode = yamlAt(item, ['value']);
    if (valueNode) {
      check(dc, name, yamlScalar(valueNode), consumer, yamlSpan(valueNode), `the env of ${consumer} (container "${c.name}")`);
      continue;
    }
    const ref = yamlAt(item, ['valueFrom', 'secretKeyRef']);
    const secretName = yamlScalar(yamlAt(ref, ['name']));
    const secretKey = yamlScalar(yamlAt(ref, ['key']));
    if (recordSecretRefs && typeof secretName === 'string' && !secretName.includes('\u2063')) {
      dc.ctx.identity({
        key: `k8s-secret:${c.pod.owner.namespace}/${secretName}#${String(secretKey ?? '')}`,
        label: `Secret ${c.pod.owner.namespace}/${secretName} key ${String(secretKey ?? '?')}`,
        identityKind: 'secret',
        consumer,
        lifetime: 'static',
        setting: name,
        span: yamlSpan(ref),
      });
    }
  }
}


function walkBody(body: HclBody, dc: DeployCtx, address: string, check: OnValue, depth = 0): void {
  if (depth > 32) return;
  for (const attr of body.attributes) {
    if (attr.value && typeof attr.value === 'object') {
      walkScalars(attr.value, (key, value) => check(dc, key, value, address, locateKey(dc, attr.span, key), `${address} (${attr.name})`));
    } else if (typeof attr.value === 'string' && /^[[{]/.test(attr.value)) {
      // jsonencode(...) of container definitions and the like
      let parsed: unknown;
      try {
        parsed = JSON.parse(attr.value as string);
      } catch {
        parsed = undefined;
      }
      walkScalars(parsed, (key, value) => check(dc, key, value, address, locateKey(dc, attr.span, key), `${address} (${attr.name})`));
    } else {
      check(dc, attr.name, attr.value, address, attr.valueSpan, address);
    }
  }
  for (const b of body.blocks) walkBody(b as HclBlock, dc, address, check, depth + 1);
}

/** The physical line of `key` inside a continued instruction (`ENV A=1 \\` / `    B=2`). */
function lineOfKey(dc: DeployCtx, first: number, key: string): number {
  for (let line = first; line <= dc.file.lineCount && line < first + 50; line++) {
    const text = dc.file.lineText(line);
    if (new RegExp(`(?:^|\\s)${escapeRegExp(key)}(?:=|\\s)`).test(text)) return line;
    if (!text.trimEnd().endsWith('\\')) break;
  }
  return first;
}

function chartName(relPath: string): string {
  const parts = relPath.split('/');
  parts.pop();
  return parts.length ? parts[parts.length - 1]! : '.';
}

