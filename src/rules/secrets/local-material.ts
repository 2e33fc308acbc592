/**
 * Key material an example, a tutorial or a test makes for itself: a private key or a signed token
 * that protects nothing beyond the example it sits in. Told by what the repository says of it, not
 * by its bytes:
 *
 * - its own file's name says it is an example (`example1.key`, `sample-cert.pem`): published for
 *   readers to try, as a folder so named would be;
 * - a script or README in its folder (or the one above) makes it: a key- or token-generation command
 *   (`openssl req -newkey`, `step certificate create`, `ssh-keygen`, `mkcert`) beside the file's
 *   name. A self-signed tutorial CA or a demo token, which anyone running the script makes anew;
 * - the code holding it issues tokens as an issuer on this machine (`"iss": "http://localhost:9000"`):
 *   the key signs for an example's own local authorization server, which nothing else trusts.
 *
 * Only where the file is not shipped (a pattern's `localMaterial.contexts`: examples, tests, local
 * development, docs): the same script beside a deployment's key does not make that key a toy.
 */
import path from 'node:path';
import { readRootFile, rootFact, rootFolderFiles, type DependsOn } from '../../core/root-file.js';
import type { SourceFile } from '../../core/source.js';
import type { FindingContext, Severity } from '../../core/types.js';
import { EXAMPLE_MATERIAL_FILE } from '../../discovery/context.js';
import { folderDigest, folderKey } from '../../discovery/folder-digest.js';
import type { SecretCandidate } from './analyzer.js';

/** Commands that make a key, a certificate or a signed token. */
const GENERATES =
  /\bopenssl\s+(?:genrsa|genpkey|gendsa|ecparam|req|x509|pkcs8|pkcs12)\b|\bstep(?:-cli)?\s+(?:certificate\s+create|ca\s+certificate|crypto\s+(?:keypair|jwt\s+sign|jwk\s+create))\b|\bssh-keygen\b|\bmkcert\b|\bcfssl\s+(?:gencert|genkey|selfsign)\b|\bkeytool\s+-genkey(?:pair)?\b|\bcertstrap\b|\bminica\b/i;
/** A file name a command writes key material to (`ca-key.pem`, `certs/server.crt`, `example1.key`). */
const MATERIAL_NAME = /(?<![\w.-])(?:[\w.-]+\/)*([\w-][\w.-]*\.(?:key|pem|crt|cer|der|p8|p12|pfx|jks|jwt|jwk|jwks|token|pub|csr))(?![\w.-])/gi;
/** Scripts and READMEs that may say how a folder's keys are made. */
const SCRIPT = /\.(?:sh|bash|zsh|ps1|bat|cmd)$|^(?:makefile|justfile|readme(?:\.md|\.txt)?)$/i;
const README = /^readme/i;
/** A script larger than this is not read: generation scripts are short. */
const MAX_BYTES = 256 * 1024;
/** How many folders above the file's own are searched. */
const FOLDERS_UP = 1;

/** An issuer on this machine, as code that mints tokens writes it (`"iss": "http://localhost:9000"`, `issuer = 'http://127.0.0.1:8080'`). */
const LOOPBACK_ISSUER = /\b(?:iss|issuer)["']?\s{0,3}[:=]\s{0,3}[fr]?["'`]https?:\/\/(?:localhost|127(?:\.\d{1,3}){3}|\[::1\]|0\.0\.0\.0)(?![\w.-])/i;

export interface LocalMaterial {
  severity: Severity;
  /** The contexts where what the repository says of the key is believed. */
  contexts: FindingContext[];
}

/** For each candidate of a pattern that says how to treat key material made for an example or test, how it is lowered and why. */
export function localMaterialVerdicts(
  file: SourceFile,
  candidates: readonly SecretCandidate[],
  context: FindingContext | undefined,
  dependsOn?: DependsOn,
): Map<SecretCandidate, { severity: Severity; reason: string }> {
  const out = new Map<SecretCandidate, { severity: Severity; reason: string }>();
  if (context === undefined) return out;
  const open = candidates.filter((c) => c.pattern.localMaterial?.contexts.includes(context) && !c.info);
  if (open.length === 0) return out;
  const reason = whyLocal(file, dependsOn);
  if (reason === undefined) return out;
  for (const c of open) {
    const own = c.pattern.localMaterial!;
    out.set(c, { severity: own.severity, reason });
  }
  return out;
}

/** Why the key material in `file` was made for an example or a test, or undefined when nothing says so. */
function whyLocal(file: SourceFile, dependsOn?: DependsOn): string | undefined {
  const name = path.posix.basename(file.relPath);
  if (EXAMPLE_MATERIAL_FILE.test(name)) return `Its file's own name (${name}) says it is an example: published for readers to try, not a credential anything real trusts.`;
  const script = file.root === undefined ? undefined : generatorOf(file.root, file.relPath, dependsOn);
  if (script) return `${script} beside it makes it with a key- or token-generation command: material the example or test makes for itself (self-signed, made anew by anyone who runs it), not a credential anything real trusts.`;
  if (LOOPBACK_ISSUER.test(file.text)) return 'Its file issues tokens as an issuer on this machine (`iss`: a localhost URL): the key signs for an example\'s own local authorization server, which nothing else trusts.';
  return undefined;
}

/** The script or README in the file's folder, or the one above, that generates a file of this name, as `folder/name`. */
function generatorOf(root: string, relPath: string, dependsOn?: DependsOn): string | undefined {
  const name = path.posix.basename(relPath).toLowerCase();
  let dir = path.posix.dirname(relPath);
  for (let i = 0; i <= FOLDERS_UP; i++) {
    const here = dir;
    const made = rootFact(root, `secrets:generated-material:${here}`, dependsOn, (read) => generatedIn(root, here, read));
    const by = made.get(name);
    if (by) return here === '.' ? by : `${here}/${by}`;
    if (here === '.') break;
    dir = path.posix.dirname(here);
  }
  return undefined;
}

/**
 * The key-material files the scripts and READMEs directly in `dir` generate: lower-case base name →
 * the script's name. A script that runs a generation command is taken to make every such file it
 * names (`echo "CA: ca-key.pem"` after the commands); a README only on the command's own line, as
 * it may name files it does not make.
 */
function generatedIn(root: string, dir: string, read: DependsOn): Map<string, string> {
  for (const kind of ['text', 'markdown'] as const) {
    const key = folderKey(kind, dir);
    read(key, folderDigest(root, key));
  }
  const out = new Map<string, string>();
  for (const script of rootFolderFiles(root, dir).sort()) {
    if (!SCRIPT.test(script)) continue;
    const text = readRootFile(root, dir === '.' ? script : `${dir}/${script}`, read);
    if (text === undefined || text.length > MAX_BYTES || !GENERATES.test(text)) continue;
    const spans = README.test(script) ? commandLines(text).filter((line) => GENERATES.test(line)) : [text];
    for (const span of spans) for (const m of span.matchAll(MATERIAL_NAME)) if (!out.has(m[1]!.toLowerCase())) out.set(m[1]!.toLowerCase(), script);
  }
  return out;
}

/** A text's lines, with those a trailing backslash continues joined to the next. */
function commandLines(text: string): string[] {
  return text.replace(/\\\r?\n/g, ' ').split('\n');
}
